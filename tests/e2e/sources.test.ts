/**
 * Sources end to end, in one Chromium: add a list through the options page and see its claim
 * badged; break the list and see the error while the old badges stay; see a new list's badges
 * arrive and a removed list's badges go in an open tab without a reload; My entries; learning
 * from a fact-check page; a service worker stopped mid-update keeps the old copy.
 *
 * Host access: "Add source" and "Update now" call permissions.request inside the click. Headless
 * Chromium shows that prompt where no one can answer it (there is no switch or DevTools command to
 * accept it), so the request stays pending; the page never waits for it. The downloads still work
 * because Chromium lets an extension's background fetch from the hosts its content scripts match
 * (http and https, while site access is "On all sites"). See the README's permissions section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { stopServiceWorker, waitForScan } from '../browser';
import { extensionFixture } from './fixture';
import { APP_NAME, CLAIM_A, CLAIM_B, claimReview, installFeedRoutes, ownFeed, type FeedRoutes } from '../feed-fixtures';

/** The extension API inside evaluate() on the options page. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const CLAIM_C = 'Wind turbines along the coast cause hurricanes every autumn';
const LEARNED_ID = 'https://fc.example/review/9';

const e2e = extensionFixture();
let routes: FeedRoutes;
let options: Page;
let article: Page;

const html = (body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;

beforeAll(async () => {
  routes = installFeedRoutes(e2e.server);
  const page = (text: string) => (_req: unknown, res: import('node:http').ServerResponse) =>
    void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(text);
  e2e.server.routes.set(
    '/article.html',
    page(
      html(
        `<h1>Local news</h1>
<p id="a">A viral post says ${CLAIM_A.toLowerCase()}, doctors disagree.</p>
<p id="b">Residents heard that ${CLAIM_B.toLowerCase()}.</p>
<p id="app">${APP_NAME} is popular in Freedonia.</p>
<p id="mine">Quuxbook Pro was blocked on school networks.</p>`,
      ),
    ),
  );
  e2e.server.routes.set(
    '/factcheck-article.html',
    page(
      html(
        '<h1>Do wind turbines cause hurricanes?</h1><p id="tt">No, says a video on TikTok.</p>',
        `<script type="application/ld+json">${JSON.stringify({
          '@context': 'https://schema.org',
          ...claimReview(9, CLAIM_C),
          // A fact-checker's own page: only a review on the site that publishes it is learned.
          url: `${e2e.server.url}/review/9`,
        })}</script>`,
      ),
    ),
  );
  e2e.server.routes.set('/weather.html', page(html(`<p id="c">My uncle insists ${CLAIM_C.toLowerCase()}.</p>`)));

  options = await e2e.browser.context.newPage();
  await options.goto(`chrome-extension://${e2e.browser.extensionId}/options.html`);
  await options.locator('tr[data-source-id="builtin"]').waitFor();
});

afterAll(() => routes?.close());

const row = (url: string) => options.locator('tr.source').filter({ hasText: url });
const hasBadge = (page: Page, id: string) =>
  page.evaluate((i) => !!document.querySelector(`[data-flag-id="${CSS.escape(i)}"]`), id);
/**
 * Waits until paragraph `#p` holds a badge or none. Badges of the reader's own lists (My entries,
 * learned claims) carry an opaque per-page token, never the entry id: returns the ids seen there.
 */
const waitBadgeIn = async (page: Page, p: string, present = true): Promise<string[]> => {
  await page.waitForFunction(
    ([sel, want]) => !!document.querySelector(`${sel as string} [data-flag-id]`) === want,
    [`#${p}`, present] as const,
    { timeout: 20_000 },
  );
  return page.evaluate(
    (sel) => [...document.querySelectorAll(`${sel} [data-flag-id]`)].map((h) => h.getAttribute('data-flag-id')!),
    `#${p}`,
  );
};
const waitBadge = (page: Page, id: string, present = true) =>
  page.waitForFunction(
    ([i, want]) => !!document.querySelector(`[data-flag-id="${CSS.escape(i as string)}"]`) === want,
    [id, present] as const,
    { timeout: 20_000 },
  );

async function addSource(url: string): Promise<void> {
  await options.getByLabel('Source URL').fill(url);
  await options.getByRole('button', { name: 'Add source' }).click();
  await expect.poll(() => options.getByRole('status').first().textContent(), { timeout: 20_000 }).toMatch(/^Added/);
}

describe('sources end to end', () => {
  const mutable = () => `${e2e.server.url}/mutable.json`;

  it('adds a list through the options page', async () => {
    await addSource(mutable());
    const r = row(mutable());
    await expect.poll(() => r.locator('.source-title').textContent()).toBe('Mutable feed');
    expect(await r.locator('.entry-count').textContent()).toBe('2');
    expect(await r.textContent()).toMatch(/Source Flags feed/);
    expect(await r.locator('.last-success').textContent()).toBe('just now');
    expect(await r.locator('.next-update').textContent()).toBe('in 24 hours');
    expect(await r.textContent()).toMatch(/1 skipped/);
  });

  it('badges its claim and app on a local page', async () => {
    article = await e2e.browser.context.newPage();
    await article.goto(`${e2e.server.url}/article.html`);
    await waitBadge(article, 'garlic-diabetes');
    await waitBadge(article, 'zorblax');
    expect(
      await article.evaluate(() => document.querySelector('[data-flag-id="garlic-diabetes"]')?.closest('p')?.id),
    ).toBe('a');
  });

  it.each([
    ['500', /HTTP 500 Internal Server Error/],
    ['truncated', /not valid JSON/],
    ['html', /web page without any ClaimReview/],
  ] as const)('a list that breaks (%s) shows the error and keeps its old badges', async (mode, error) => {
    routes.mutable.mode = mode;
    const r = row(mutable());
    await r.getByRole('button', { name: 'Update now' }).click();
    await expect.poll(() => r.locator('.last-error').textContent(), { timeout: 20_000 }).toMatch(error);
    expect(await r.locator('.last-error').textContent()).toMatch(/The copy from .* is still used/);
    expect(await r.locator('.entry-count').textContent()).toBe('2');
    expect(await r.locator('.next-update').textContent()).toMatch(/^in \d+ minutes$/);
    await article.reload();
    await waitBadge(article, 'garlic-diabetes');
    expect(await hasBadge(article, 'zorblax')).toBe(true);
  });

  it('a new list’s badges appear in an open tab without a reload', async () => {
    expect(await hasBadge(article, 'https://fc.example/seawater')).toBe(false);
    await addSource(`${e2e.server.url}/factcheck-tools.json`);
    await waitBadge(article, 'https://fc.example/seawater');
    expect(await hasBadge(article, 'garlic-diabetes')).toBe(true);
  });

  it('removing a list takes its badges away without a reload', async () => {
    await row(mutable()).getByRole('button', { name: 'Remove' }).click();
    await waitBadge(article, 'garlic-diabetes', false);
    await waitBadge(article, 'zorblax', false);
    await expect.poll(() => row(mutable()).count()).toBe(0);
    // The page is scanned again with the new lists (its badges are put back as answers come in).
    await waitForScan(article);
    expect(await hasBadge(article, 'https://fc.example/seawater')).toBe(true);
  });

  it('the built-in list can be disabled but not removed', async () => {
    const builtin = options.locator('tr[data-source-id="builtin"]');
    expect(await builtin.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    await builtin.getByRole('checkbox').uncheck();
    await expect.poll(() => builtin.getByRole('checkbox').isChecked()).toBe(false);
    await builtin.getByRole('checkbox').check();
    await expect.poll(() => builtin.getByRole('checkbox').isChecked()).toBe(true);
  });

  it('My entries: an app with a restriction, added in the UI, is badged; deleting it unbadges', async () => {
    await options.getByLabel('An app with a restriction').check();
    await options.getByLabel('App name').fill('Quuxbook Pro');
    await options.getByLabel('Where', { exact: true }).fill('Freedonia');
    await options.getByLabel('Restriction', { exact: true }).fill('Blocked on school networks');
    await options.getByLabel('Link to the source').fill('https://edu.example/quuxbook');
    await options.getByRole('button', { name: 'Add to My entries' }).click();
    const mine = options.getByRole('list', { name: 'My entries' });
    await expect
      .poll(() => mine.textContent())
      .toMatch(/Quuxbook Pro.*In force: Freedonia, Blocked on school networks/);
    const id = await mine.locator('li').first().getAttribute('data-entry-id');
    // The page sees a token made for it, not the entry's id (which says when it was made).
    const shown = await waitBadgeIn(article, 'mine');
    expect(shown).toEqual([expect.stringMatching(/^private-/)]);
    expect(shown).not.toContain(id);
    await mine.getByRole('button', { name: 'Delete Quuxbook Pro' }).click();
    await waitBadgeIn(article, 'mine', false);
  });

  it('learning from pages is off by default; when on, a fact-check page’s claims are kept and badged', async () => {
    const toggle = options.getByLabel('Learn claims from fact-check pages I visit');
    expect(await toggle.isChecked()).toBe(false);
    const visit = await e2e.browser.context.newPage();
    await visit.goto(`${e2e.server.url}/factcheck-article.html`);
    // The content script has run (it would offer the page's ClaimReview before scanning).
    await waitBadge(visit, 'tiktok');
    const learnedNow = () =>
      options.evaluate(() => chrome.runtime.sendMessage({ type: 'getSourceEntries', id: 'learned' }));
    expect(await learnedNow()).toEqual([]);
    const weather = await e2e.browser.context.newPage();
    await weather.goto(`${e2e.server.url}/weather.html`);
    await waitForScan(weather);
    expect(await hasBadge(weather, LEARNED_ID)).toBe(false);
    expect(await weather.locator('#c [data-flag-id]').count()).toBe(0);

    await toggle.check();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await visit.reload();
    const learned = options.getByRole('list', { name: 'Learned claims' });
    await expect.poll(() => learned.textContent(), { timeout: 20_000 }).toMatch(/Wind turbines along the coast/);
    // The open tab gets the learned claim without a reload.
    // Badged under a per-page token: the learned claim's id is the fact-check page the reader read.
    expect(await waitBadgeIn(weather, 'c')).toEqual([expect.stringMatching(/^private-/)]);
    expect(await hasBadge(weather, LEARNED_ID)).toBe(false);
    await expect
      .poll(() => options.locator('tr[data-source-id="learned"] .source-title').textContent())
      .toBe('Learned from pages you visited');

    await learned.getByRole('button', { name: /^Remove Wind turbines/ }).click();
    await waitBadgeIn(weather, 'c', false);
    await visit.close();
    await weather.close();
  });

  it('a service worker stopped mid-update keeps the old copy and reschedules the update', async () => {
    routes.mutable = { mode: 'ok', body: ownFeed('Restart feed') };
    await addSource(mutable());
    const r = row(mutable());
    await expect.poll(() => r.locator('.entry-count').textContent()).toBe('2');
    await waitBadge(article, 'garlic-diabetes');

    routes.mutable.mode = 'stall';
    await r.getByRole('button', { name: 'Update now' }).click();
    await expect.poll(() => r.locator('.next-update').textContent()).toBe('Updating now…');

    // Stop the extension's service worker in the middle of the download.
    await stopServiceWorker(options, e2e.browser.extensionId);
    routes.mutable.mode = '500';
    e2e.server.server.closeAllConnections();

    // The next message wakes the worker; start-up reschedules the interrupted update and runs it.
    await options.reload();
    const again = row(mutable());
    await expect.poll(() => again.locator('.last-error').textContent(), { timeout: 30_000 }).toMatch(/HTTP 500/);
    expect(await again.locator('.entry-count').textContent()).toBe('2');
    expect(await again.locator('.next-update').textContent()).not.toBe('Updating now…');
    await article.reload();
    await waitBadge(article, 'garlic-diabetes');
  });
});
