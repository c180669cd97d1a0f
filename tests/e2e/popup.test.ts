/**
 * The popup in real Chromium: a look-up longer than the protocol allows, "On this page" when the
 * extension is off or paused and while a scan runs, long names in a 400px popup, the kind and
 * verdict filters together, and where keyboard focus goes when a card opens and closes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tabIdWithFlag as tabIdOf } from '../browser';
import { extensionFixture } from './fixture';

const e2e = extensionFixture();

const LONG_WORD = 'a'.repeat(300);
const LONG_APP = `Quuxlong${'b'.repeat(190)}`; // names are kept up to 200 characters
const feed = {
  format: 'source-flags-feed',
  version: 1,
  title: 'Long names',
  entries: [
    {
      kind: 'claim',
      id: 'zorblax-claim',
      claim: `Zorblax ${LONG_WORD}`,
      verdict: 'false',
      reviewedBy: `Checker ${LONG_WORD}`,
      match: { all: [['zorblax']] },
      sources: [{ url: `https://example.org/${LONG_WORD}`, publisher: `Publisher${LONG_WORD}` }],
    },
    {
      kind: 'app',
      id: 'quuxlong',
      name: LONG_APP,
      aliases: ['Quuxlong'],
      restrictions: [
        {
          where: `Freedonia${LONG_WORD}`,
          scope: `Everything${LONG_WORD}`,
          status: 'in-force',
          sources: [{ url: `https://example.org/${LONG_WORD}`, publisher: 'P' }],
        },
      ],
    },
  ],
};

const popupUrl = (query = '') => `chrome-extension://${e2e.browser.extensionId}/popup.html${query}`;

/** Sends a message to the background from an extension page, as the options page does. */
async function sendMessage(message: object): Promise<unknown> {
  const ext = await e2e.browser.context.newPage();
  await ext.goto(popupUrl());
  const answer = await ext.evaluate(
    (m) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage: (m: object) => Promise<unknown> } } }
      ).chrome.runtime.sendMessage(m),
    message,
  );
  await ext.close();
  return answer;
}

const tabIdWithFlag = (flagId: string) => tabIdOf(e2e.browser, flagId);

/** Opens the popup as a 400px-wide page (the size of the real popup). */
async function openPopup(query = ''): Promise<Page> {
  const popup = await e2e.browser.context.newPage();
  // A missing element fails the test in 10 s rather than waiting for it until the test times out.
  popup.setDefaultTimeout(10_000);
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(popupUrl(query));
  return popup;
}

const overflows = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(() => {
  e2e.server.routes.set('/long.json', (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(feed)),
  );
  e2e.server.routes.set('/long-article.html', (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><html><body><p>Officials banned Quuxlong last week.</p></body></html>'),
  );
});

describe('look-up', () => {
  it('cuts a look-up over 1,000 characters to the limit instead of breaking the popup', async () => {
    const popup = await openPopup();
    const errors: string[] = [];
    popup.on('pageerror', (e) => errors.push(e.message));
    await popup.goto(popupUrl(`?q=${'x'.repeat(1200)}`));
    await expect.poll(() => popup.locator('main').textContent()).toMatch(/No claim or app in your lists matches/);
    // "On this page" is answered (this page is the popup itself, which is not checked).
    await expect.poll(() => popup.locator('main').textContent()).toMatch(/This page is not checked/);
    expect(await popup.locator('main').textContent()).not.toMatch(/Loading…/);
    // A long look-up is answered from its first 1,000 characters.
    await popup.getByLabel('Look up a claim or app').fill('TikTok ban '.repeat(120));
    await expect.poll(() => popup.getByRole('list', { name: 'Look-up results' }).textContent()).toMatch(/TikTok/);
    expect(errors).toEqual([]);
    await popup.close();
  });

  it('keeps "Apps" meaning apps: a verdict selects Claims, and Apps clears the verdict', async () => {
    const popup = await openPopup();
    await popup.getByLabel('Look up a claim or app').fill('deepseek');
    const results = popup.getByRole('list', { name: 'Look-up results' });
    await popup.getByRole('radio', { name: 'Apps' }).check();
    await expect.poll(() => results.textContent()).toMatch(/^DeepSeek/);
    await popup.getByLabel('Verdict').selectOption('unsubstantiated');
    // The verdict only applies to claims, so the kind filter says Claims.
    await expect.poll(() => popup.getByRole('radio', { name: 'Claims' }).isChecked()).toBe(true);
    expect(await popup.getByRole('radio', { name: 'Apps' }).isChecked()).toBe(false);
    await expect.poll(() => results.textContent()).toMatch(/downloading DeepSeek.*Unsubstantiated/);
    // Back to Apps: no claim is listed, and the verdict no longer applies.
    await popup.getByRole('radio', { name: 'Apps' }).check();
    await expect.poll(() => popup.getByLabel('Verdict').inputValue()).toBe('');
    await expect.poll(() => results.textContent()).toMatch(/^DeepSeek/);
    expect(await results.textContent()).not.toMatch(/Denied|Refuted|Unsubstantiated|False/);
    await popup.close();
  });

  it('moves focus to the opened card, and back to the result after Back', async () => {
    const popup = await openPopup();
    await popup.getByLabel('Look up a claim or app').fill('rednote');
    const first = popup.getByRole('list', { name: 'Look-up results' }).getByRole('button').first();
    const name = (await first.textContent()) ?? '';
    await first.focus();
    await popup.keyboard.press('Enter');
    await popup.locator('article.sf-card h2').waitFor();
    await expect
      .poll(() => popup.evaluate(() => document.activeElement === document.querySelector('article.sf-card h2')))
      .toBe(true);
    await popup.getByRole('button', { name: '← Back' }).focus();
    await popup.keyboard.press('Enter');
    await popup.getByRole('list', { name: 'Look-up results' }).waitFor();
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.closest('ul.results li button')?.textContent ?? ''))
      .toBe(name);
    await popup.close();
  });
});

describe('on this page', () => {
  it('says when the extension is off or paused, and shows the flags once a scan finishes', async () => {
    const page = await e2e.browser.context.newPage();
    await page.goto(`${e2e.server.url}/seed.html`);
    await page.locator('[data-flag-id="deepseek"]').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => tabIdWithFlag('deepseek')).toBeGreaterThan(0);
    const tab = await tabIdWithFlag('deepseek');
    const flags = (p: Page) => p.getByRole('list', { name: 'Flags on this page' });

    await sendMessage({ type: 'setSettings', settings: { enabled: false } });
    await expect.poll(() => page.locator('[data-flag-id]').count()).toBe(0);
    const popup = await openPopup(`?tab=${tab}`);
    await expect.poll(() => popup.locator('main').textContent()).toMatch(/Source Flags is off/);
    expect(await popup.locator('main').textContent()).not.toMatch(/Checking…/);

    // Switched on from this popup: the page is scanned again, and the popup follows the scan.
    await popup.getByLabel('Source Flags is on').check();
    await expect.poll(() => flags(popup).textContent(), { timeout: 15_000 }).toMatch(/DeepSeek/);

    await popup.getByRole('button', { name: /Pause on this site/ }).click();
    await expect.poll(() => popup.locator('main').textContent()).toMatch(/Paused on this site/);
    await expect.poll(() => page.locator('[data-flag-id]').count()).toBe(0);
    // A popup opened on the paused site says so too.
    await popup.reload();
    await expect.poll(() => popup.locator('main').textContent()).toMatch(/Paused on this site/);
    expect(await popup.locator('main').textContent()).not.toMatch(/Checking…/);

    await popup.getByRole('button', { name: /Resume on this site/ }).click();
    await expect.poll(() => flags(popup).textContent(), { timeout: 15_000 }).toMatch(/DeepSeek/);
    await popup.close();
    await page.close();
  });
});

describe('long names', () => {
  it('never make the popup scroll sideways', async () => {
    // On everywhere, whatever the test before left.
    await sendMessage({ type: 'setSettings', settings: { enabled: true, pausedSites: [] } });
    const options = await e2e.browser.context.newPage();
    await options.goto(popupUrl().replace('popup.html', 'options.html'));
    await options.getByLabel('Source URL').fill(`${e2e.server.url}/long.json`);
    await options.getByRole('button', { name: 'Add source' }).click();
    await expect.poll(() => options.getByRole('status').first().textContent(), { timeout: 20_000 }).toMatch(/^Added/);
    await options.close();

    const page = await e2e.browser.context.newPage();
    await page.goto(`${e2e.server.url}/long-article.html`);
    await page.locator('[data-flag-id="quuxlong"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => tabIdWithFlag('quuxlong')).toBeGreaterThan(0);
    const tab = await tabIdWithFlag('quuxlong');

    const popup = await openPopup(`?tab=${tab}&q=zorblax`);
    await expect
      .poll(() => popup.getByRole('list', { name: 'Look-up results' }).textContent())
      .toContain(`Zorblax ${'a'.repeat(100)}`);
    await expect.poll(() => popup.getByRole('list', { name: 'Flags on this page' }).textContent()).toMatch(/Quuxlong/);
    expect(await overflows(popup)).toBe(0);

    // The cards of both entries.
    await popup.getByRole('list', { name: 'Look-up results' }).getByRole('button').first().click();
    await popup.locator('article.sf-card').waitFor();
    expect(await overflows(popup)).toBe(0);
    await popup.getByRole('button', { name: '← Back' }).click();
    await popup.getByRole('list', { name: 'Flags on this page' }).getByRole('button').first().click();
    await popup.locator('article.sf-card table').waitFor();
    expect(await overflows(popup)).toBe(0);
    await popup.close();
    await page.close();
  });
});
