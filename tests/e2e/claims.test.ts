/**
 * Free-text claims from a subscribed ClaimReview list, end to end in Chromium (issue 12): a short
 * claim quoted whole is badged; a lower-confidence match is listed in the popup under "Possible
 * matches" with no badge; an innocent sentence gets nothing; the card says why a claim matched;
 * "Not this claim" hides it in one sentence or on the whole site, in every tab, and the options
 * page lists it with Undo. The list (tests/fixtures/claims/feed.json) holds invented claims only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openCard, readBadges, tabIdWithFlag, waitForScan } from '../browser';
import { extensionFixture } from './fixture';

const e2e = extensionFixture();
let options: Page;
let flat: string;
let bridge: string;

const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Claims</title></head><body>
<p id="flat">Some people still say the world is flat.</p>
<p id="bridge">A post said the mayor sold a bridge to a firm.</p>
<p id="innocent">A viral video from Ostrava shows a cat drinking milk.</p>
<p id="flat2">My uncle, too, is sure the world is flat.</p>
</body></html>`;

beforeAll(async () => {
  e2e.server.routes.set(
    '/claims/article.html',
    (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE),
  );
  // The list's ClaimReview urls are relative: they resolve against the list's own URL.
  flat = `${e2e.server.url}/checks/flat`;
  bridge = `${e2e.server.url}/checks/bridge`;
  options = await e2e.browser.context.newPage();
  await options.goto(`chrome-extension://${e2e.browser.extensionId}/options.html`);
  await options.locator('tr[data-source-id="builtin"]').waitFor();
  await options.getByLabel('Source URL').fill(`${e2e.server.url}/claims/feed.json`);
  await options.getByRole('button', { name: 'Add source' }).click();
  await options
    .getByRole('status')
    .filter({ hasText: /^Added/ })
    .first()
    .waitFor({ timeout: 20_000 });
});

/** The flag ids badged inside each paragraph of the article. */
const badgesIn = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('p[id]')].map((p) => [
        p.id,
        [...p.querySelectorAll('[data-flag-id]')].map((b) => b.getAttribute('data-flag-id')),
      ]),
    ),
  );

async function openArticle(): Promise<Page> {
  const page = await e2e.browser.context.newPage();
  await page.goto(`${e2e.server.url}/claims/article.html`);
  await waitForScan(page);
  return page;
}

describe('free-text claims from a subscribed list', () => {
  it('badges a claim quoted whole, lists a weaker match as possible, and leaves an innocent sentence alone', async () => {
    const page = await openArticle();
    expect(await badgesIn(page)).toEqual({ flat: [flat], bridge: [], innocent: [], flat2: [flat] });

    const tab = await tabIdWithFlag(e2e.browser, bridge);
    expect(tab).toBeGreaterThan(0);
    const popup = await e2e.browser.context.newPage();
    await popup.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html?tab=${tab}`);
    const possible = popup.getByRole('list', { name: 'Possible matches' });
    await expect
      .poll(() => possible.getByRole('button').allTextContents())
      .toEqual([expect.stringMatching(/^Mayor Ilse Varga sold the Ostrava river bridge/)]);
    const onPage = await popup.getByRole('list', { name: 'Flags on this page' }).getByRole('button').allTextContents();
    expect(onPage).toEqual([expect.stringMatching(/^The world is flat/)]);
    await popup.close();
    await page.close();
  });

  it('the card says why the claim matched: its tier and the words the page shares', async () => {
    const page = await openArticle();
    const card = await openCard(page, flat);
    expect(card.cardText).toMatch(/Strong match/);
    expect(card.cardText).toMatch(/Example Fact Desk/);
    expect(card.marked).toEqual(['world', 'is', 'flat']);
    expect(card.links.map((l) => l.href)).toEqual([flat]);
    await page.close();
  });

  it('"Not this claim" hides it in one sentence, in every tab, and the options page undoes it', async () => {
    const page = await openArticle();
    const other = await openArticle();
    // Keyboard: the badge in #flat (Tab to it, Enter opens its card), then Tab reaches "Hide in this sentence".
    await openCard(page, flat);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => badgesIn(other), { timeout: 10_000 }).toMatchObject({ flat: [], flat2: [flat] });
    await waitForScan(page);
    expect(await badgesIn(page)).toMatchObject({ flat: [], flat2: [flat] });

    const hidden = options.getByRole('list', { name: 'Hidden matches' });
    await expect.poll(() => hidden.textContent()).toMatch(/The world is flat.*In one sentence on 127\.0\.0\.1/);
    await hidden.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => badgesIn(page), { timeout: 10_000 }).toMatchObject({ flat: [flat], flat2: [flat] });
    await page.close();
    await other.close();
  });

  it('"Not this claim" on the whole site hides every mention there until undone', async () => {
    const page = await openArticle();
    await openCard(page, flat, 1);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => badgesIn(page), { timeout: 10_000 }).toMatchObject({ flat: [], flat2: [] });
    const fresh = await openArticle();
    expect(await badgesIn(fresh)).toMatchObject({ flat: [], flat2: [] });
    expect((await readBadges(fresh)).length).toBe(0);

    const hidden = options.getByRole('list', { name: 'Hidden matches' });
    await expect.poll(() => hidden.textContent()).toMatch(/Everywhere on 127\.0\.0\.1/);
    await hidden.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => badgesIn(fresh), { timeout: 10_000 }).toMatchObject({ flat: [flat], flat2: [flat] });
    await expect.poll(() => options.getByText('Nothing hidden.').count()).toBe(1);
    await page.close();
    await fresh.close();
  });
});
