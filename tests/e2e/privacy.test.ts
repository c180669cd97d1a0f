/**
 * With only the bundled list, browsing makes no network request of the extension's own
 * (issue 7). Requests from pages and from the extension's service worker are both recorded;
 * a deliberate fetch from the service worker first proves the recorder sees them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openCard, waitForBadges } from '../browser';
import { extensionFixture } from './fixture';

// Makes Playwright report service-worker requests as context requests (Chromium). Read when the
// browser is launched, so set before the fixture's beforeAll runs.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
const e2e = extensionFixture();
const requests: string[] = [];

beforeAll(() => {
  e2e.server.routes.set('/probe', (_req, res) => res.writeHead(204).end());
  e2e.browser.context.on('request', (r) => requests.push(r.url()));
});

describe('privacy', () => {
  it('the recorder sees a request made by the extension’s service worker', async () => {
    const [worker] = e2e.browser.context.serviceWorkers();
    await worker!.evaluate((url) => fetch(url).then((r) => r.status), `${e2e.server.url}/probe?control`);
    await expect.poll(() => requests.some((u) => u.endsWith('/probe?control'))).toBe(true);
  });

  it('browsing with the bundled list requests nothing but the pages themselves', async () => {
    requests.length = 0;
    const page = await e2e.browser.context.newPage();
    await page.goto(`${e2e.server.url}/seed.html`);
    await waitForBadges(page, 5);
    // Opening a card is a look-up: it is done when the card shows the entry.
    const card = await openCard(page, 'deepseek');
    expect(card.cardText).toMatch(/DeepSeek/);
    const popup = await e2e.browser.context.newPage();
    await popup.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html`);
    await popup.getByLabel('Look up a claim or app').fill('tiktok');
    await popup
      .getByRole('list', { name: 'Look-up results' })
      .getByRole('button', { name: /TikTok/ })
      .first()
      .waitFor();
    const foreign = requests.filter(
      (u) => !u.startsWith(e2e.server.url) && !u.startsWith(`chrome-extension://${e2e.browser.extensionId}/`),
    );
    expect(foreign).toEqual([]);
    const toServer = requests.filter((u) => u.startsWith(e2e.server.url)).map((u) => new URL(u).pathname);
    expect([...new Set(toServer)].sort()).toEqual(
      ['/favicon.ico', '/seed.html'].filter((p) => toServer.includes(p)).sort(),
    );
    expect(toServer).toContain('/seed.html');
    await page.close();
    await popup.close();
  });
});
