/**
 * A hostile list (issue 7): markup and script in every string field and unsafe link schemes. Added
 * through the options page, it must not run anything or inject markup in the page, the card, the
 * popup or the options page, and only http(s) links may be rendered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readBadges } from '../browser';
import { extensionFixture } from './fixture';

const XSS = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`;
const feed = {
  format: 'source-flags-feed',
  version: 1,
  title: `Evil list ${XSS}`,
  entries: [
    {
      kind: 'app',
      id: 'quuxly',
      name: `Quuxly ${XSS}`,
      description: `About ${XSS}`,
      aliases: ['Quuxly'],
      restrictions: [
        {
          where: `Freedonia ${XSS}`,
          scope: `Everything ${XSS}`,
          authority: `"><svg onload="window.__pwned=1">`,
          status: 'in-force',
          caveat: `\u202Eevil\u200B ${XSS}`,
          sources: [
            { url: 'javascript:window.__pwned=1', publisher: 'js' },
            { url: 'data:text/html,<script>alert(1)</script>', publisher: 'data' },
            { url: 'vbscript:msgbox(1)', publisher: 'vb' },
            { url: 'https://safe.example/ok', publisher: `Safe ${XSS}` },
          ],
        },
      ],
    },
  ],
};

const e2e = extensionFixture();
const pwned = (p: { evaluate: (f: string) => Promise<unknown> }) => p.evaluate('window.__pwned === undefined');

beforeAll(() => {
  e2e.server.routes.set('/evil.json', (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(feed)),
  );
  e2e.server.routes.set('/evil-article.html', (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><html><body><p id="m">Officials banned Quuxly last week.</p></body></html>'),
  );
});

describe('a hostile list', () => {
  it('is added, and its text renders as text everywhere', async () => {
    const options = await e2e.browser.context.newPage();
    await options.goto(`chrome-extension://${e2e.browser.extensionId}/options.html`);
    await options.getByLabel('Source URL').fill(`${e2e.server.url}/evil.json`);
    await options.getByRole('button', { name: 'Add source' }).click();
    await expect.poll(() => options.getByRole('status').first().textContent(), { timeout: 20_000 }).toMatch(/^Added/);
    expect(await pwned(options)).toBe(true);
    expect(await options.locator('main img, main script, main svg').count()).toBe(0);

    const page = await e2e.browser.context.newPage();
    await page.goto(`${e2e.server.url}/evil-article.html`);
    await page.waitForFunction(() => document.querySelector('[data-flag-id="quuxly"]'), null, { timeout: 20_000 });
    await page.locator('[data-flag-id="quuxly"]').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await readBadges(page)).find((b) => b.id === 'quuxly')?.cardText ?? '')
      .toMatch(/Freedonia/);
    const badge = (await readBadges(page)).find((b) => b.id === 'quuxly')!;
    expect(badge.cardText).not.toMatch(/<img|<script|<svg|onerror|\u202E|\u200B/);
    expect(badge.links.map((l) => l.href)).toEqual(['https://safe.example/ok']);
    expect(await pwned(page)).toBe(true);

    const popup = await e2e.browser.context.newPage();
    await popup.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html`);
    await popup.getByLabel('Look up a claim or app').fill('quuxly');
    await popup.getByRole('list', { name: 'Look-up results' }).getByRole('button').first().click();
    await popup.locator('article.sf-card').waitFor();
    expect(await popup.locator('article.sf-card img, article.sf-card script, article.sf-card svg').count()).toBe(0);
    const hrefs = await popup.locator('article.sf-card a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['https://safe.example/ok']);
    expect(await pwned(popup)).toBe(true);
  });
});
