/**
 * The user's settings on real pages: "Where I am", pause on a site, the global switch, verdict
 * filter, compact badges, "show me" from the popup, and the context-menu look-up hand-off.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openCard, readBadges, waitForBadges, waitForScan } from '../browser';
import { extensionFixture } from './fixture';

const e2e = extensionFixture();
let page: Page;
let tabId: number;

const popupUrl = () => `chrome-extension://${e2e.browser.extensionId}/popup.html`;

/** Sets settings the way the options page does (a validated message to the background). */
async function setSettings(patch: object): Promise<void> {
  const ext = await e2e.browser.context.newPage();
  await ext.goto(popupUrl());
  await ext.evaluate(
    (p) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage: (m: object) => Promise<unknown> } } }
      ).chrome.runtime.sendMessage({ type: 'setSettings', settings: p }),
    patch,
  );
  await ext.close();
}

beforeAll(async () => {
  page = await e2e.browser.context.newPage();
  await page.goto(`${e2e.server.url}/seed.html`);
  await waitForBadges(page, 5);
  // The page's tab id, from the flags the background recorded for it.
  const probe = await e2e.browser.context.newPage();
  await probe.goto(popupUrl());
  tabId = await probe.evaluate(async () => {
    type C = {
      tabs: { query: (q: object) => Promise<{ id?: number }[]> };
      runtime: { sendMessage: (m: object) => Promise<{ host?: string; flags: unknown[] } | null> };
    };
    const c = (globalThis as unknown as { chrome: C }).chrome;
    for (const t of await c.tabs.query({})) {
      const f = await c.runtime.sendMessage({ type: 'getTabFlags', tabId: t.id });
      if (f?.host === '127.0.0.1' && f.flags.length) return t.id!;
    }
    return -1;
  });
  await probe.close();
});

describe('settings on a page', () => {
  it('marks restrictions that apply to the user ("Where I am") without telling the page', async () => {
    // What a page can measure: the outer box of every badge host.
    const boxes = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-flag-id]')]
          .map((h) => {
            const r = h.getBoundingClientRect();
            return `${h.getAttribute('data-flag-id')} ${r.width.toFixed(1)}x${r.height.toFixed(1)}`;
          })
          .sort(),
      );
    const before = (await readBadges(page)).find((b) => b.id === 'deepseek')!;
    expect(before.ariaLabel).not.toMatch(/Applies to you/);
    const sizes = await boxes();
    await setSettings({ where: { places: ['US', 'US-TX'], roles: ['state-employee'] } });
    await expect
      .poll(async () => (await readBadges(page)).find((b) => b.id === 'deepseek')?.ariaLabel ?? '', { timeout: 10_000 })
      .toMatch(/^DeepSeek: Applies to you · Restricted in \d+ places/);
    await waitForScan(page);
    const badge = (await readBadges(page)).find((b) => b.id === 'deepseek')!;
    // The visible label, and so every badge's size, stays as it was.
    expect(badge.label).toBe(before.label);
    expect(await boxes()).toEqual(sizes);
    // Lemon8 is restricted on Texas state devices too; TikTok's rows do not name Texas employees only.
    expect((await readBadges(page)).find((b) => b.id === 'lemon8')!.ariaLabel).toMatch(/Applies to you/);
    const card = await openCard(page, 'deepseek');
    expect(card.cardText).toMatch(/^Applies to you/);
    expect(card.cardText).toMatch(/US, Texas Applies to you/);
    await page.keyboard.press('Escape');
    await setSettings({ where: { places: [], roles: [] } });
    await expect
      .poll(async () => (await readBadges(page)).find((b) => b.id === 'deepseek')?.ariaLabel ?? '')
      .toMatch(/^DeepSeek: Restricted/);
  });

  it('hides claims whose verdict the user turned off, and shows compact badges', async () => {
    await setSettings({ verdicts: ['refuted-by-fact-checker', 'false'] });
    await expect.poll(() => page.locator('[data-flag-id="alibaba-deepseek-investment"]').count()).toBe(0);
    await setSettings({ verdicts: ['refuted-by-fact-checker', 'denied-by-subject', 'false'], badgeStyle: 'compact' });
    await expect
      .poll(async () => (await readBadges(page)).find((b) => b.id === 'alibaba-deepseek-investment')?.label)
      .toBe('!');
    const claim = (await readBadges(page)).find((b) => b.id === 'alibaba-deepseek-investment')!;
    expect(claim.ariaLabel).toMatch(/Denied, open details$/);
    await setSettings({ badgeStyle: 'labelled' });
    await expect
      .poll(async () => (await readBadges(page)).find((b) => b.id === 'alibaba-deepseek-investment')?.label)
      .toBe('Denied');
  });

  it('pauses on this site from the popup, and resumes', async () => {
    const popup = await e2e.browser.context.newPage();
    await popup.goto(`${popupUrl()}?tab=${tabId}`);
    await popup.getByRole('button', { name: /Pause on this site/ }).click();
    await expect.poll(() => page.locator('[data-flag-id]').count()).toBe(0);
    await popup.reload();
    await popup.getByRole('button', { name: /Resume on this site/ }).click();
    await expect.poll(() => page.locator('[data-flag-id]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    await popup.close();
  });

  it('a pause on the top-level site covers its cross-origin frames, and their flags stop counting', async () => {
    const framed = `${e2e.server.url.replace('127.0.0.1', 'localhost')}/seed.html`;
    e2e.server.routes.set(
      '/framing.html',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><p>A page framing another site.</p><iframe src="${framed}" width="600" height="400"></iframe>`,
          ),
    );
    const top = await e2e.browser.context.newPage();
    await top.goto(`${e2e.server.url}/framing.html`);
    const frame = () => top.frames().find((f) => f.url() === framed)!;
    await expect.poll(() => !!frame()).toBe(true);
    expect((await waitForScan(frame())).badges).toBeGreaterThanOrEqual(5);
    await setSettings({ pausedSites: ['127.0.0.1'] });
    await expect.poll(async () => (await waitForScan(frame())).active, { timeout: 10_000 }).toBe(false);
    expect(await frame().locator('[data-flag-id]').count()).toBe(0);
    // The frame's flags no longer count for the tab (toolbar, popup).
    const probe = await e2e.browser.context.newPage();
    await probe.goto(popupUrl());
    const counted = await probe.evaluate(async () => {
      type C = {
        tabs: { query: (q: object) => Promise<{ id?: number }[]> };
        runtime: { sendMessage: (m: object) => Promise<{ flags: unknown[] } | null> };
      };
      const c = (globalThis as unknown as { chrome: C }).chrome;
      let n = 0;
      for (const t of await c.tabs.query({}))
        n += (await c.runtime.sendMessage({ type: 'getTabFlags', tabId: t.id }))?.flags.length ?? 0;
      return n;
    });
    expect(counted).toBe(0);
    await probe.close();
    await setSettings({ pausedSites: [] });
    await expect.poll(async () => (await waitForScan(frame())).badges, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    await top.close();
  });

  it('turns off everywhere with the global switch', async () => {
    await setSettings({ enabled: false });
    await expect.poll(() => page.locator('[data-flag-id]').count()).toBe(0);
    const other = await e2e.browser.context.newPage();
    await other.goto(`${e2e.server.url}/seed.html?again`);
    // The content script has started, read the settings and decided: nothing to scan.
    expect(await waitForScan(other)).toEqual({ active: false, badges: 0 });
    expect(await other.locator('[data-flag-id]').count()).toBe(0);
    await setSettings({ enabled: true });
    await expect.poll(() => page.locator('[data-flag-id]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    await other.close();
  });

  it('"On this page" in the popup scrolls to the mention and highlights it', async () => {
    await page.setViewportSize({ width: 800, height: 200 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const popup = await e2e.browser.context.newPage();
    await popup.goto(`${popupUrl()}?tab=${tabId}`);
    await popup
      .getByRole('list', { name: 'Flags on this page' })
      .getByRole('button', { name: /TikTok/ })
      .click();
    await expect.poll(() => page.locator('[data-flag-id="tiktok"][data-flag-revealed]').count()).toBe(1);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await expect.poll(() => popup.locator('article.sf-card h2').textContent()).toBe('TikTok');
    await popup.close();
  });

  it('filters look-up results by kind and verdict, and says how fresh the lists are', async () => {
    const popup = await e2e.browser.context.newPage();
    await popup.goto(popupUrl());
    await popup.getByLabel('Look up a claim or app').fill('deepseek');
    const results = popup.getByRole('list', { name: 'Look-up results' });
    await expect.poll(() => results.getByRole('button').count()).toBeGreaterThan(3);
    await popup.getByRole('radio', { name: 'Apps' }).check();
    await expect.poll(() => results.textContent()).not.toMatch(/Denied|Refuted|Unsubstantiated/);
    expect(await results.textContent()).toMatch(/^DeepSeek/);
    await popup.getByRole('radio', { name: 'All' }).check();
    await popup.getByLabel('Verdict').selectOption('unsubstantiated');
    await expect.poll(() => results.getByRole('button').count()).toBe(1);
    expect(await results.textContent()).toMatch(/downloading DeepSeek.*Unsubstantiated/);
    await expect.poll(() => popup.getByText(/^Lists updated /).count()).toBe(1);
    await popup.close();
  });

  it('opens the look-up with text handed over by the context menu', async () => {
    const [worker] = e2e.browser.context.serviceWorkers();
    await worker!.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { session: { set: (v: object) => Promise<void> } } } }
      ).chrome.storage.session.set({ pendingLookup: 'alibaba deepseek' }),
    );
    const popup = await e2e.browser.context.newPage();
    await popup.goto(popupUrl());
    await expect.poll(() => popup.getByLabel('Look up a claim or app').inputValue()).toBe('alibaba deepseek');
    await expect
      .poll(() => popup.getByRole('list', { name: 'Look-up results' }).textContent())
      .toMatch(/Alibaba is about to invest/);
    // Read once: a second popup starts empty.
    await popup.reload();
    expect(await popup.getByLabel('Look up a claim or app').inputValue()).toBe('');
    await popup.goto(`${popupUrl()}?q=tiktok`);
    await expect.poll(() => popup.getByRole('list', { name: 'Look-up results' }).textContent()).toMatch(/TikTok/);
    await popup.close();
  });
});
