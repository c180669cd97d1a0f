/**
 * The Firefox build (.output/firefox-mv2) in Firefox, end to end: what a reader sees on a page, in
 * the card, in the popup and on the options page. One browser for the file (2-core CI machines).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchFirefox, openCard, readBadges, tabIdWithFlag, waitForScan, type FirefoxExtension } from '../firefox';
import { launchWithExtension, waitForScan as waitForScanChromium } from '../browser';
import { startServer, type TestServer } from '../server';
import { CLAIM_A, installFeedRoutes, type FeedRoutes } from '../feed-fixtures';

let fx: FirefoxExtension;
let server: TestServer;
let routes: FeedRoutes;
let seed: Page;

const html = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

/** Every badge's paragraph id and entry id, in document order. */
const placements = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-flag-id]')].map(
      (b) => `${b.closest('[id]')?.id}:${b.getAttribute('data-flag-id')}:${b.getAttribute('data-flag-kind')}`,
    ),
  );

/** Text of the element matching `selector` on an extension page, once it matches `want`. */
async function textOf(page: Page, selector: string, want: RegExp, timeout = 10_000): Promise<string> {
  const current = () => page.$eval(selector, (e) => e.textContent ?? '').catch(() => '(no such element)');
  try {
    await page.waitForFunction(
      (sel, src) => new RegExp(src).test(document.querySelector(sel)?.textContent ?? ''),
      { timeout },
      selector,
      want.source,
    );
  } catch (e) {
    throw new Error(`${selector} never matched ${want}; it reads: ${await current()}`, { cause: e });
  }
  return current();
}

async function openPage(path: string): Promise<Page> {
  const page = await fx.browser.newPage();
  await page.goto(`${server.url}${path}`);
  await waitForScan(fx, page);
  return page;
}

// Its own set-up, not tests/e2e/fixture.ts (which launches Chromium); the only Firefox test file.
beforeAll(async () => {
  server = await startServer(resolve(import.meta.dirname, '..', 'fixtures'));
  routes = installFeedRoutes(server);
  server.routes.set(
    '/garlic.html',
    (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(html(`<p id="a">A viral post says ${CLAIM_A.toLowerCase()}, doctors disagree.</p>`)),
  );
  fx = await launchFirefox();
  seed = await openPage('/seed.html');
});

afterAll(async () => {
  await fx?.close();
  routes?.close();
  server?.server.closeAllConnections();
  await server?.close();
});

describe('Firefox: the page', () => {
  it('badges each seed item in its paragraph, and nothing in the controls, fields, editable text or code', async () => {
    expect(await placements(seed)).toEqual(
      expect.arrayContaining([
        'claim:alibaba-deepseek-investment:claim',
        'deepseek:deepseek:app',
        'rednote:rednote:app',
        'lemon8:lemon8:app',
        'tiktok:tiktok:app',
      ]),
    );
    const bare = await seed.evaluate(() => ({
      controls: document.getElementById('controls')!.querySelectorAll('[data-flag-id]').length,
      editable: document.getElementById('editable')!.querySelectorAll('[data-flag-id]').length,
      code: document.querySelector('pre')!.querySelectorAll('[data-flag-id]').length,
      field: (document.getElementById('field') as HTMLInputElement).value,
      area: (document.getElementById('area') as HTMLTextAreaElement).value,
      editableText: document.getElementById('editable')!.textContent,
    }));
    expect(bare).toEqual({
      controls: 0,
      editable: 0,
      code: 0,
      field: 'DeepSeek TikTok',
      area: 'RedNote and Lemon8 in a textarea',
      editableText: 'DeepSeek inside an editable region',
    });
  });

  it('gives badges their labels and accessible names', async () => {
    const badges = await readBadges(seed);
    const claim = badges.find((b) => b.id === 'alibaba-deepseek-investment')!;
    expect(claim.label).toBe('Denied');
    expect(claim.ariaLabel).toMatch(/Alibaba.*Denied, open details/);
    expect(badges.find((b) => b.id === 'deepseek')!.label).toMatch(/^Restricted in \d+ places$/);
  });

  it('opens the card by keyboard with the verdict and safe source links; Escape closes it', async () => {
    const card = await openCard(seed, 'alibaba-deepseek-investment');
    expect(card.cardText).toMatch(/Denied by the subject/);
    expect(card.cardText).toMatch(/Yan Qiao/);
    expect(card.links.length).toBeGreaterThan(0);
    for (const l of card.links) {
      expect(l.href).toMatch(/^https?:\/\//);
      expect(l.target).toBe('_blank');
      expect(l.rel).toBe('noopener noreferrer');
    }
    await seed.keyboard.press('Escape');
    await expect
      .poll(async () => (await readBadges(seed)).find((b) => b.id === 'alibaba-deepseek-investment')?.cardOpen)
      .toBe(false);
  });

  it("leaves the page's own editable text untouched while the reader types in it", async () => {
    await seed.bringToFront();
    await seed.focus('#editable');
    await seed.keyboard.press('End');
    await seed.keyboard.type(' and RedNote too');
    await waitForScan(fx, seed);
    expect(await seed.$eval('#editable', (e) => [e.textContent, e.querySelectorAll('[data-flag-id]').length])).toEqual([
      'DeepSeek inside an editable region and RedNote too',
      0,
    ]);
  });
});

describe('Firefox and Chromium', () => {
  it('put the same flags in the same places on the demo article', async () => {
    const demo = await startServer(resolve(import.meta.dirname, '..', '..', 'demo'));
    // Each badge as its entry id and the paragraph text just before it.
    const flags = () =>
      [...document.querySelectorAll('[data-flag-id]')].map((host) => {
        const range = document.createRange();
        range.setStart(host.parentElement!.closest('p, li, h1, h2, blockquote, div') ?? document.body, 0);
        range.setEndBefore(host);
        return `${host.getAttribute('data-flag-id')} after "${range.toString().replace(/\s+/g, ' ').trim().slice(-40)}"`;
      });
    const inFirefox = await fx.browser.newPage();
    const chromium = await launchWithExtension();
    try {
      await inFirefox.goto(`${demo.url}/index.html`);
      await waitForScan(fx, inFirefox);
      const inChromium = await chromium.context.newPage();
      await inChromium.goto(`${demo.url}/index.html`);
      await waitForScanChromium(inChromium);
      const expected = await inChromium.evaluate(flags);
      expect(expected.length).toBeGreaterThanOrEqual(20);
      expect(await inFirefox.evaluate(flags)).toEqual(expected);
    } finally {
      await chromium.close();
      await inFirefox.close();
      await demo.close();
    }
  });
});

describe('Firefox: the popup', () => {
  it('looks a claim up, and lists the flags on this page', async () => {
    const tab = await tabIdWithFlag(fx, 'deepseek');
    expect(tab).toBeGreaterThan(0);
    const popup = await fx.openExtensionPage(`popup.html?tab=${tab}`, 'main');
    const flags = await textOf(popup, 'ul[aria-label="Flags on this page"]', /DeepSeek/);
    expect(flags).toMatch(/RedNote/);
    expect(flags).toMatch(/Alibaba/);
    await popup.focus('#q');
    await popup.keyboard.type('alibaba');
    expect(await textOf(popup, 'ul[aria-label="Look-up results"]', /Alibaba/)).toMatch(/Denied/);
    await popup.close();
  });
});

describe('Firefox: the options page', () => {
  it('lists the sources, and a list added by URL badges its claim on a page', async () => {
    const options = await fx.openExtensionPage('options.html', 'tr[data-source-id="builtin"]');
    expect(await options.$eval('tr[data-source-id="builtin"]', (e) => e.textContent)).toMatch(/Source Flags/);
    const url = `${server.url}/mutable.json`;
    await options.focus('#source-url');
    await options.keyboard.type(url);
    await options.keyboard.press('Enter');
    // Firefox may fail the first download while the access prompt's answer is landing; the page
    // then downloads again and says how that went.
    await textOf(options, '[role="status"]', /^Added “Mutable feed”: 2 entries\.$/, 20_000);
    await options.waitForFunction(
      (u) => [...document.querySelectorAll('tr.source')].some((r) => r.textContent?.includes(u)),
      { timeout: 10_000 },
      url,
    );
    // The new list reaches the content scripts once the background has rebuilt its index.
    const article = await openPage('/garlic.html');
    await article.waitForSelector('[data-flag-id="garlic-diabetes"]', { timeout: 20_000 });
    await waitForScan(fx, article);
    expect(await placements(article)).toEqual(['a:garlic-diabetes:claim']);
    const card = await openCard(article, 'garlic-diabetes');
    expect(card.cardText).toMatch(/False/);
    expect(card.links.map((l) => l.href)).toEqual(['https://fc.example/garlic']);
    await article.close();
    await options.close();
  });
});
