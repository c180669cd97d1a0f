/**
 * Pages written to break or spy on extensions (issue 7). One browser for the file.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import type { ConsoleMessage, Page } from 'playwright-core';
import { readBadges, waitForBadges, waitForScan } from '../browser';
import { extensionFixture } from './fixture';

const e2e = extensionFixture();
const consoleErrors: string[] = [];

beforeAll(async () => {
  e2e.server.routes.set('/hostile/csp', (_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        "default-src 'none'; style-src 'none'; script-src 'none'; img-src 'none'; font-src 'none'",
    });
    res.end('<!doctype html><html><body><p id="mention">Taiwan told agencies not to use DeepSeek.</p></body></html>');
  });
});

async function open(path: string): Promise<Page> {
  const page = await e2e.browser.context.newPage();
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' && !/blocked by page/.test(m.text())) consoleErrors.push(`${path}: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (!/blocked by page/.test(String(e))) consoleErrors.push(`${path}: ${String(e)}`);
  });
  await page.goto(`${e2e.server.url}${path}`);
  return page;
}

describe('hostile pages', () => {
  it('keeps working when the page patches DOM, String and Array APIs', async () => {
    const page = await open('/hostile/monkeypatch.html');
    // The page broke MutationObserver and Array#push in its own world, so poll through CDP.
    await expect.poll(async () => (await readBadges(page)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const badges = await readBadges(page);
    expect(badges.map((b) => b.id)).toContain('deepseek');
    expect(badges[0]!.label).toMatch(/Restricted in \d+ places/);
    // The page's patched attachShadow was never what we called.
    const calls = await page.evaluate('window.__calls.attachShadow');
    expect(calls).toBe(0);
    await page.close();
  });

  it('does not re-add badges the page keeps deleting', async () => {
    const page = await open('/hostile/badge-deleter.html');
    await page.waitForFunction(() => (window as unknown as { __removed: number }).__removed >= 1, null, {
      timeout: 15_000,
    });
    // The scan settles (no endless re-adding), and the badge was re-added a bounded number of times.
    await waitForScan(page);
    const removed = await page.evaluate(() => (window as unknown as { __removed: number }).__removed);
    expect(removed).toBeLessThanOrEqual(5);
    await page.close();
  });

  it('stays bounded on a page with 10,000 mutations a second', async () => {
    const page = await open('/hostile/mutation-storm.html');
    await waitForBadges(page, 1);
    type Storm = { __streamed: number; __stop: () => void };
    // Far more Lemon8 mentions stream in than the page cap (200) allows badges; then the storm
    // stops and the scan of everything that streamed in settles.
    await page.waitForFunction(() => (window as unknown as Storm).__streamed > 300, null, { timeout: 20_000 });
    await page.evaluate(() => (window as unknown as Storm).__stop());
    await waitForScan(page);
    const count = await page.locator('[data-flag-id]').count();
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(200); // the page cap holds however much text streams in
    expect(await page.locator('#mention [data-flag-id="rednote"]').count()).toBe(1);
    await page.close();
  });

  it('badges and styles under a strict Content-Security-Policy', async () => {
    const page = await open('/hostile/csp');
    await waitForBadges(page, 1);
    const cdp = await page.context().newCDPSession(page);
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: { nodeId: number } };
    const { nodeIds } = (await cdp.send('DOM.querySelectorAll', {
      nodeId: root.nodeId,
      selector: '[data-flag-id]',
    })) as { nodeIds: number[] };
    const { node } = (await cdp.send('DOM.describeNode', { nodeId: nodeIds[0]!, depth: 2, pierce: true })) as {
      node: { shadowRoots?: { children?: { nodeName: string; backendNodeId: number }[] }[] };
    };
    const button = node.shadowRoots![0]!.children!.find((c) => c.nodeName === 'BUTTON')!;
    await cdp.send('CSS.enable');
    await cdp.send('DOM.enable');
    const { nodeIds: pushed } = (await cdp.send('DOM.pushNodesByBackendIdsToFrontend', {
      backendNodeIds: [button.backendNodeId],
    })) as { nodeIds: number[] };
    const { computedStyle } = (await cdp.send('CSS.getComputedStyleForNode', { nodeId: pushed[0]! })) as {
      computedStyle: { name: string; value: string }[];
    };
    const bg = computedStyle.find((p) => p.name === 'background-color')!.value;
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
    await page.close();
  });

  it.each([
    ['nodes', 1],
    ['text', 1],
    ['deep&tag=span', 2],
  ])('walks a huge page (%s) and badges the mention at its end', { timeout: 100_000 }, async (kind, lemon8) => {
    const page = await open(`/hostile/huge.html?kind=${kind}`);
    await page.waitForFunction(() => (window as unknown as { __built?: boolean }).__built === true, null, {
      timeout: 30_000,
    });
    // The page is built: long tasks from here on are the extension's walk (and the layout it
    // may force), never the page's own building.
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({
        type: 'longtask',
      });
    });
    const state = await waitForScan(page, 60_000);
    const found = await page.evaluate(() => ({
      atEnd: [...document.querySelectorAll('#mention [data-flag-id]')].map((b) => b.getAttribute('data-flag-id')),
      all: [...document.querySelectorAll('[data-flag-id]')].map((b) => b.getAttribute('data-flag-id')),
      long: (window as unknown as { __long: number[] }).__long,
    }));
    expect(state).toEqual({ active: true, badges: lemon8 });
    // The mention at the far end is badged, and nothing else: the filler matched nothing.
    expect(found.atEnd).toEqual(['lemon8']);
    expect(found.all).toEqual(Array(lemon8).fill('lemon8'));
    // Bounded work: the walk is sliced, so the page never froze for long.
    console.log(`huge page (${kind}): long tasks after the build ${JSON.stringify(found.long.map(Math.round))}`);
    await page.close();
  });

  it('gives the page no way to read a card or forge a look-up', async () => {
    const page = await open('/hostile/reader.html');
    await page.waitForFunction(() => document.querySelector('#mention [data-flag-id]'), null, { timeout: 15_000 });
    const seen = await page.evaluate(() => {
      const host = document.querySelector('#mention [data-flag-id]') as HTMLElement;
      host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      host.dispatchEvent(new MouseEvent('mouseenter'));
      return { shadow: host.shadowRoot, text: host.textContent, html: host.innerHTML };
    });
    expect(seen).toEqual({ shadow: null, text: '', html: '' });
    // The content script has handled every event queued before this answer.
    await waitForScan(page);
    const real = (await readBadges(page)).find((b) => b.id === 'alibaba-deepseek-investment')!;
    expect(real.cardOpen).toBe(false); // synthetic page events never reach the badge
    // The page's own look-alike span is left alone: no shadow root, no card.
    const forged = (await readBadges(page)).filter((b) => b.id === 'deepseek' && b.label === '');
    expect(forged).toEqual([]);
    expect(
      await page.evaluate(
        () => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage,
      ),
    ).toBe('undefined');
    await page.close();
  });

  it('knows its own badges by reference: a page-made look-alike is read, kept, and never revealed', async () => {
    e2e.server.routes.set(
      '/hostile/fakes',
      (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><body>
<p id="fake-wrap"><span id="fake" data-source-flags="badge" data-flag-id="tiktok" data-flag-kind="app">Nepal blocked TikTok in 2023.</span></p>
<div style="height:3000px"></div>
<p id="real">Texas barred TikTok from state-issued phones.</p>
</body></html>`),
    );
    const page = await open('/hostile/fakes');
    await waitForScan(page);
    const url = page.url();
    const fake = () =>
      page.evaluate(() => {
        const f = document.getElementById('fake');
        return f ? { text: f.textContent, revealed: f.hasAttribute('data-flag-revealed') } : null;
      });
    // Not deleted, and its text was read and badged (our host goes inside it, after the mention).
    expect(await fake()).toEqual({ text: 'Nepal blocked TikTok in 2023.', revealed: false });
    const where = async () =>
      (await page.evaluate(() =>
        [...document.querySelectorAll('[data-flag-id="tiktok"]')].map((h) => h.closest('p')?.id ?? ''),
      )) as string[];
    expect((await readBadges(page)).filter((b) => b.id === 'tiktok').length).toBe(2);
    // "Show me" from the popup: our first TikTok badge, never the page's look-up-alike before it.
    const ext = await e2e.browser.context.newPage();
    await ext.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html`);
    const ask = (m: object) =>
      ext.evaluate(
        async ([u, msg]) => {
          type C = {
            tabs: {
              query: (q: object) => Promise<{ id?: number }[]>;
              sendMessage: (id: number, m: object) => Promise<unknown>;
            };
            runtime: { sendMessage: (m: object) => Promise<unknown> };
          };
          const c = (globalThis as unknown as { chrome: C }).chrome;
          if ((msg as { type: string }).type === 'setSettings') return c.runtime.sendMessage(msg as object);
          for (const t of await c.tabs.query({}))
            if (await c.tabs.sendMessage(t.id!, { type: 'whenScanned', url: u }).catch(() => null))
              return c.tabs.sendMessage(t.id!, msg as object);
          return null;
        },
        [url, m] as const,
      );
    await ask({ type: 'reveal', id: 'tiktok' });
    await expect
      .poll(() => page.evaluate(() => document.querySelector('[data-flag-revealed]')?.parentElement?.id ?? ''))
      .toBe('fake');
    expect((await fake())!.revealed).toBe(false);
    // A rescan (new settings) takes our badges off and puts them back; the page's element stays.
    await ask({ type: 'setSettings', settings: { badgeStyle: 'compact' } });
    await expect.poll(async () => (await readBadges(page)).find((b) => b.id === 'tiktok')?.label).toBe('⚑');
    await waitForScan(page);
    expect(await fake()).toMatchObject({ text: 'Nepal blocked TikTok in 2023.' });
    expect((await where()).filter((p) => p === 'fake-wrap').length).toBe(2);
    await ask({ type: 'setSettings', settings: { badgeStyle: 'labelled' } });
    await ext.close();
    await page.close();
  });

  it('never logged an error into any page console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
