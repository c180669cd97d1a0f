/**
 * The content script on pages that change: single-page-app navigations, infinite scroll, web
 * components, frames, a page that removes badges, editable regions and a dark, hostile page.
 * One browser for the whole file; each test opens its own tab.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import type { Page, Worker } from 'playwright-core';
import { readBadges, stopServiceWorker, waitForScan } from '../browser';
import { extensionFixture } from './fixture';

const e2e = extensionFixture();
let worker: Worker;

/** The little of the extension API the service worker instrumentation uses. */
interface ChromeApi {
  runtime: {
    onMessage: {
      addListener(
        fn: (m: { type?: string; flags?: { id: string }[]; scanned?: boolean }, s: SenderInfo) => undefined,
      ): void;
    };
  };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
}
interface SenderInfo {
  tab?: { id?: number };
  frameId?: number;
  url?: string;
}

interface Report {
  tab: number;
  frame: number;
  url: string;
  scanned: boolean;
  ids: string[];
}

beforeAll(async () => {
  worker = e2e.browser.context.serviceWorkers()[0]!;
  // Test instrumentation: a second listener records every flag report (it answers nothing, so
  // the extension's own listener still handles the message).
  await worker.evaluate(() => {
    const g = globalThis as unknown as { __reports: unknown[]; __indexRequests: unknown[]; chrome: ChromeApi };
    g.__reports = [];
    g.__indexRequests = [];
    g.chrome.runtime.onMessage.addListener((m, s) => {
      if (m?.type === 'getFrameView' || m?.type === 'matchBlocks') g.__indexRequests.push(s.url);
      if (m?.type === 'reportFlags')
        g.__reports.push({
          tab: s.tab?.id,
          frame: s.frameId,
          url: s.url,
          scanned: m.scanned,
          ids: (m.flags ?? []).map((f) => f.id),
        });
      return undefined;
    });
  });
});

/** The frame URLs that asked the background for their view or to match their text. */
const indexRequests = (): Promise<string[]> =>
  worker.evaluate(() => (globalThis as unknown as { __indexRequests: string[] }).__indexRequests);

const reports = (): Promise<Report[]> =>
  worker.evaluate(() => (globalThis as unknown as { __reports: Report[] }).__reports);

async function tabOf(urlPart: string): Promise<number> {
  await expect.poll(async () => (await reports()).find((r) => r.url.includes(urlPart))?.tab).toBeDefined();
  return (await reports()).find((r) => r.url.includes(urlPart))!.tab;
}

const lastReport = async (tab: number): Promise<Report | undefined> =>
  (await reports()).filter((r) => r.tab === tab).at(-1);

const toolbarText = (tab: number): Promise<string> =>
  worker.evaluate(
    (tabId) => (globalThis as unknown as { chrome: ChromeApi }).chrome.action.getBadgeText({ tabId }),
    tab,
  );

const ids = (page: Page, selector = 'body'): Promise<string[]> =>
  page.evaluate(
    (sel) =>
      [...document.querySelectorAll(sel)].flatMap((el) =>
        [...el.querySelectorAll('[data-flag-id]')].map((b) => b.getAttribute('data-flag-id') ?? ''),
      ),
    selector,
  );

const badgeCount = (page: Page): Promise<number> =>
  page.evaluate(() => document.querySelectorAll('[data-flag-id]').length);

async function open(path: string): Promise<Page> {
  const page = await e2e.browser.context.newPage();
  await page.goto(`${e2e.server.url}/dynamic/${path}`);
  return page;
}

describe('single-page app', () => {
  it('treats history and hash navigations as new pages, and keeps the toolbar count in step', async () => {
    const page = await open('spa.html');
    await expect.poll(() => ids(page, '#view')).toEqual(['deepseek']);
    const tab = await tabOf('/dynamic/spa.html');
    await expect.poll(async () => (await lastReport(tab))?.ids).toEqual(['deepseek']);
    await expect.poll(() => toolbarText(tab)).toBe('1');

    await page.evaluate(() => (window as unknown as { go: (p: string) => void }).go('/dynamic/spa/tiktok'));
    await expect.poll(() => ids(page, '#view')).toEqual(['tiktok']);
    // The new page is reported on its own: the old flag is gone from the popup and the toolbar.
    await expect.poll(async () => (await lastReport(tab))?.ids).toEqual(['tiktok']);
    const afterNav = (await reports()).filter((r) => r.tab === tab);
    expect(afterNav.some((r) => !r.scanned && r.ids.length === 0)).toBe(true);
    await expect.poll(() => toolbarText(tab)).toBe('1');

    await page.evaluate(() => (window as unknown as { go: (p: string) => void }).go('/dynamic/spa/empty'));
    await expect.poll(async () => await lastReport(tab)).toMatchObject({ scanned: true, ids: [] });
    await expect.poll(() => toolbarText(tab)).toBe('');
    const popup = await e2e.browser.context.newPage();
    await popup.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html?tab=${tab}`);
    await expect.poll(() => popup.locator('main').textContent()).toMatch(/Checked, nothing found/);
    await popup.close();

    await page.evaluate(() => (window as unknown as { goHash: (h: string) => void }).goHash('#/lemon8'));
    await expect.poll(() => ids(page, '#view')).toEqual(['lemon8']);
    await expect.poll(async () => (await lastReport(tab))?.ids).toEqual(['lemon8']);

    await page.goBack();
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe('/dynamic/spa/empty');
    await expect.poll(async () => await lastReport(tab)).toMatchObject({ scanned: true, ids: [] });

    // A full navigation: the count goes with the old page. The new page's only flag is inside a
    // frame: the frame reports it on its own, and the toolbar counts it for the tab.
    await page.evaluate(() => (window as unknown as { go: (p: string) => void }).go('/dynamic/spa/tiktok'));
    await expect.poll(() => toolbarText(tab)).toBe('1');
    await page.goto(`${e2e.server.url}/dynamic/frames.html`);
    const topReport = async () =>
      (await reports()).filter((r) => r.tab === tab && r.frame === 0 && r.url.includes('frames.html')).at(-1);
    await expect.poll(topReport).toMatchObject({ scanned: true, ids: [] });
    await expect
      .poll(async () => (await reports()).some((r) => r.tab === tab && r.frame !== 0 && r.ids.includes('deepseek')))
      .toBe(true);
    // DeepSeek in one frame, Lemon8 in the frame the page wrote (srcdoc).
    await expect.poll(() => toolbarText(tab)).toBe('2');
    // The popup lists the frame's flag as on this page.
    const framePopup = await e2e.browser.context.newPage();
    await framePopup.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html?tab=${tab}`);
    await expect.poll(() => framePopup.locator('main').textContent()).toMatch(/DeepSeek/);
    await expect.poll(() => framePopup.locator('main').textContent()).not.toMatch(/Checked, nothing found/);
    await framePopup.close();
    await page.close();
  });
});

describe('content that appears later', () => {
  it('badges appended posts in batches, once each, and skips hidden text until it is revealed', async () => {
    const page = await open('append.html');
    await expect.poll(() => ids(page, '#feed')).toEqual(['rednote']);
    expect(await ids(page, '#hidden')).toEqual([]);

    await page.evaluate(() => (window as unknown as { loadMore: (n: number) => void }).loadMore(8));
    await expect.poll(() => ids(page, '#feed')).toHaveLength(9);
    // Rescans of the feed never badge a post twice.
    await page.evaluate(() => (window as unknown as { loadMore: (n: number) => void }).loadMore(4));
    await expect.poll(() => ids(page, '#feed')).toHaveLength(13);
    const perPost = await page.evaluate(() =>
      [...document.querySelectorAll('#feed .post')].map((p) => p.querySelectorAll('[data-flag-id]').length),
    );
    expect(perPost.every((n) => n === 1)).toBe(true);

    // Text that grows one character at a time (a live update) gets its badge when the name is complete.
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'live';
      p.append(document.createTextNode('Live: '));
      document.body.append(p);
    });
    await page.evaluate(() =>
      (window as unknown as { typeInto: (id: string, t: string) => Promise<void> }).typeInto('live', 'TikTok is up.'),
    );
    await expect.poll(() => ids(page, '#live')).toEqual(['tiktok']);

    await page.evaluate(() => document.getElementById('later')!.removeAttribute('hidden'));
    await expect.poll(() => ids(page, '#hidden')).toEqual(['wechat']);
    await page.close();
  });
});

describe('content revealed by class or style', () => {
  it('badges text an expander, a tab or an accordion reveals, once, and stays cheap on animated pages', async () => {
    type Spin = { changes: number; long: number[] };
    const page = await open('reveal.html');
    const call = (fn: string) => page.evaluate((f) => (window as unknown as Record<string, () => void>)[f]!(), fn);
    await expect.poll(() => ids(page, '#lead')).toEqual(['rednote']);
    await waitForScan(page);
    expect(await ids(page, '#story, #tab, #faq, #panel, #still-hidden, #disclosure')).toEqual([]);

    // An animation while hidden mentions are remembered (so class/style are being watched): 200
    // style changes a second for 2 s on an unrelated element. No long task, no badge.
    const spin = await page.evaluate(() =>
      (window as unknown as { spin: (n: number, ms: number) => Promise<Spin> }).spin(200, 2000),
    );
    expect(spin.changes).toBeGreaterThan(150);
    expect(spin.long).toEqual([]);
    await waitForScan(page);
    expect(await badgeCount(page)).toBe(1);

    call('expand');
    await expect.poll(() => ids(page, '#story')).toEqual(['tiktok']);
    call('showTab');
    await expect.poll(() => ids(page, '#tab')).toEqual(['deepseek']);
    await page.click('#faq summary');
    await expect.poll(() => ids(page, '#faq')).toEqual(['lemon8']);
    call('loadLazy');
    await waitForScan(page);
    expect(await ids(page, '#panel')).toEqual([]);
    call('openPanel');
    await expect.poll(() => ids(page, '#panel')).toEqual(['capcut']);
    call('disclose');
    await expect.poll(() => ids(page, '#disclosure')).toEqual(['deepseek']);

    // Collapsing and expanding again, or more animation, adds nothing; the hidden one stays bare.
    call('collapse');
    await waitForScan(page);
    call('expand');
    await page.evaluate(() => (window as unknown as { spin: (n: number, ms: number) => Promise<Spin> }).spin(200, 600));
    await waitForScan(page);
    expect(await ids(page, 'body')).toEqual(['rednote', 'tiktok', 'deepseek', 'lemon8', 'capcut', 'deepseek']);

    // A long FAQ (300 closed answers, all remembered while the animations above ran): the oldest
    // and the newest answer are both badged when opened.
    await page.click('#long-faq details:first-child summary');
    await page.click('#long-faq details:last-child summary');
    await expect.poll(() => ids(page, '#long-faq details:first-child')).toEqual(['capcut']);
    await expect.poll(() => ids(page, '#long-faq details:last-child')).toEqual(['capcut']);
    expect(await ids(page, '#long-faq')).toEqual(['capcut', 'capcut']);
    await page.close();
  });
});

describe('web components and frames', () => {
  it('scans open shadow roots (also late ones and their later content), never closed ones', async () => {
    const page = await open('shadow.html');
    const inShadow = (host: string) =>
      page.evaluate(
        (id) =>
          [...(document.getElementById(id)?.shadowRoot?.querySelectorAll('[data-flag-id]') ?? [])].map((b) =>
            b.getAttribute('data-flag-id'),
          ),
        host,
      );
    await expect.poll(() => inShadow('card')).toEqual(['tiktok']);
    await page.evaluate(() => (window as unknown as { addToCard: () => void }).addToCard());
    await expect.poll(() => inShadow('card')).toEqual(['tiktok', 'lemon8']);
    await page.evaluate(() => (window as unknown as { defineLate: () => void }).defineLate());
    await expect.poll(() => inShadow('late'), { timeout: 20_000 }).toEqual(['rednote']);
    // CDP sees closed roots: nothing of ours in the closed card.
    const all = await readBadges(page);
    expect(all.map((b) => b.id).sort()).toEqual(['lemon8', 'rednote', 'tiktok']);
    await page.close();
  });

  it('scans each frame in its own document', async () => {
    const page = await open('frames.html');
    const frame = page.frame({ url: /frame-child\.html$/ })!;
    expect(frame).toBeTruthy();
    await expect
      .poll(() =>
        frame.evaluate(() =>
          [...document.querySelectorAll('[data-flag-id]')].map((b) => b.getAttribute('data-flag-id')),
        ),
      )
      .toEqual(['deepseek']);
    expect(await badgeCount(page)).toBe(0);

    // A frame without text asks the background for nothing (no view, no matching)…
    const empty = page.frame({ url: /frame-empty\.html$/ })!;
    // Everything the page shows has been scanned (the child frame has asked by now).
    await waitForScan(page);
    await expect.poll(() => indexRequests()).toContainEqual(expect.stringMatching(/frame-child\.html$/));
    expect(await indexRequests()).not.toContainEqual(expect.stringMatching(/frame-empty\.html$/));
    expect(await indexRequests()).toContainEqual(expect.stringMatching(/frame-child\.html$/));
    // …until text appears in it.
    await empty.evaluate(() => (window as unknown as { showCaption: () => void }).showCaption());
    await expect
      .poll(() =>
        empty.evaluate(() =>
          [...document.querySelectorAll('[data-flag-id]')].map((b) => b.getAttribute('data-flag-id')),
        ),
      )
      .toEqual(['rednote']);
    expect(await indexRequests()).toContainEqual(expect.stringMatching(/frame-empty\.html$/));

    // A frame the page writes itself (srcdoc) is scanned too, and reports to the page's tab.
    const written = page.frame({ url: 'about:srcdoc' })!;
    expect(written).toBeTruthy();
    await expect
      .poll(() =>
        written.evaluate(() =>
          [...document.querySelectorAll('[data-flag-id]')].map((b) => b.getAttribute('data-flag-id')),
        ),
      )
      .toEqual(['lemon8']);

    // The toolbar counts every frame's flags; a frame the page removes takes its flag with it.
    // (frames.html was opened in an earlier tab too: this page's report is the latest.)
    const latest = async () => (await reports()).filter((r) => r.url.endsWith('/dynamic/frames.html')).at(-1)?.tab;
    const tab = (await latest())!;
    await expect.poll(() => toolbarText(tab)).toBe('3');
    await page.evaluate(() => document.getElementById('child')!.remove());
    await expect.poll(() => toolbarText(tab)).toBe('2');
    await page.close();
  });
});

describe('never breaking the host page', () => {
  it('does not re-add badges the page keeps removing', async () => {
    const page = await open('deleter.html');
    type Counts = { sanitised: number; rerendered: number };
    const inserted = () => page.evaluate(() => ({ ...(window as unknown as { inserted: Counts }).inserted }));
    await expect.poll(async () => (await inserted()).sanitised).toBeGreaterThan(0);
    await expect.poll(async () => (await inserted()).rerendered).toBeGreaterThan(0);
    // A loop would never let the scan settle: it settles, with each place badged at most twice.
    await waitForScan(page);
    const settled = await inserted();
    expect(settled.sanitised).toBeLessThanOrEqual(2);
    expect(settled.rerendered).toBeLessThanOrEqual(2);
    // The text the page owns reads as it was: no stray split-off copies.
    expect(await page.locator('#sanitised').textContent()).toBe('Italy ordered DeepSeek off local app stores.');
    expect(await page.locator('#rerendered').textContent()).toBe('Nepal blocked TikTok in November 2023.');
    await page.close();
  });

  it('stays out of editable regions, text boxes, links, code and SVG', async () => {
    const page = await open('editable.html');
    await expect.poll(() => ids(page, '#plain')).toEqual(['deepseek']);
    await page.click('#editor');
    await page.keyboard.type('Reports about TikTok and DeepSeek. ');
    await waitForScan(page);
    expect(await ids(page, '#editor, #plaintext, #textbox, pre, svg')).toEqual([]);
    expect(await page.locator('#editor').textContent()).toMatch(/^Draft:\s?Reports about TikTok and DeepSeek\.\s?$/);
    // The badge goes after the link, never inside it; the link keeps its href and text.
    const link = await page.evaluate(() => {
      const a = document.getElementById('link')!;
      return {
        inside: a.querySelectorAll('[data-flag-id]').length,
        next: a.nextElementSibling?.getAttribute('data-flag-id'),
        href: a.getAttribute('href'),
        text: a.textContent,
      };
    });
    expect(link).toEqual({ inside: 0, next: 'tiktok', href: 'https://example.org/tiktok', text: 'TikTok' });
    // A region that becomes editable loses its badges (they must not end up in what is saved).
    await expect.poll(() => ids(page, '#becomes-editable')).toEqual(['rednote']);
    await page.evaluate(() => document.getElementById('becomes-editable')!.setAttribute('contenteditable', 'true'));
    await expect.poll(() => ids(page, '#becomes-editable')).toEqual([]);
    expect(await page.locator('#becomes-editable p').textContent()).toBe(
      'Texas also barred RedNote from state-issued phones.',
    );
    await page.close();
  });

  it('reads well on a dark, hostile page, keeps the line height and keeps clicks away from the page', async () => {
    const page = await open('dark.html');
    await expect.poll(() => ids(page, '#dark, #tight, #click-target')).toEqual(['tiktok', 'webull', 'deepseek']);
    // Colours and size as computed inside the closed shadow root (through the DevTools protocol).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const button = findButton(root, 'tiktok');
    expect(button).toBeDefined();
    const { computedStyle } = (await cdp.send('CSS.getComputedStyleForNode', { nodeId: button!.nodeId })) as {
      computedStyle: { name: string; value: string }[];
    };
    const style = Object.fromEntries(computedStyle.map((p) => [p.name, p.value]));
    await cdp.detach();
    expect(style.display).toBe('inline-block');
    expect(style['font-size']).toBe('11px');
    const fg = rgb(style.color!);
    const bg = rgb(style['background-color']!);
    expect(bg[3]).toBe(1); // opaque: the page's background never shows through
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
    // The badge adds width only: a tight single line keeps its height.
    const heights = await page.evaluate(() => [
      document.getElementById('tight')!.getBoundingClientRect().height,
      document.getElementById('tight-plain')!.getBoundingClientRect().height,
    ]);
    expect(heights[0]).toBe(heights[1]);
    // Clicking the badge opens its card and reaches none of the page's handlers.
    await page.locator('#click-target [data-flag-id="deepseek"]').click();
    await expect.poll(async () => (await readBadges(page)).find((b) => b.id === 'deepseek')?.cardOpen).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { pageClicks: number }).pageClicks)).toBe(0);
    await page.close();
  });
});

interface CdpNode {
  nodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

/** The badge button for a flag id, inside its host's closed shadow root. */
function findButton(node: CdpNode, id: string): CdpNode | undefined {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    const attrs = n.attributes ?? [];
    if (attrs[attrs.indexOf('data-flag-id') + 1] === id && attrs.includes('data-flag-id')) {
      const inner = [...(n.shadowRoots ?? [])];
      while (inner.length) {
        const c = inner.pop()!;
        if (c.nodeName === 'BUTTON') return c;
        inner.push(...(c.children ?? []));
      }
    }
    stack.push(...(n.shadowRoots ?? []), ...(n.children ?? []));
  }
  return undefined;
}

function rgb(css: string): [number, number, number, number] {
  const m = css.match(/rgba?\(([^)]+)\)/);
  const parts = (m?.[1] ?? '0,0,0,0').split(',').map((x) => Number(x.trim()));
  return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
}

function contrast(a: number[], b: number[]): number {
  const lum = (c: number[]) => {
    const [r, g, bl] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('after the browser stops the idle service worker', () => {
  // Runs last in this file: the worker it stops is the one the instrumentation above lives in.
  it("the popup still lists the page's flags", async () => {
    const before = (await reports()).length;
    const page = await open('frames.html');
    const fresh = async () => (await reports()).slice(before).find((r) => r.url.includes('/dynamic/frames.html'))?.tab;
    await expect.poll(fresh).toBeDefined();
    const tab = (await fresh())!;
    await expect.poll(() => toolbarText(tab)).toBe('2');
    await stopServiceWorker(page, e2e.browser.extensionId);
    const popup = await e2e.browser.context.newPage();
    await popup.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html?tab=${tab}`);
    await expect.poll(() => popup.locator('main').textContent()).toMatch(/DeepSeek/);
    await popup.close();
    await page.close();
  });
});
