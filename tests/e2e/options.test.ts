/**
 * Options page fixes end to end, in one Chromium: network failures are not blamed on permissions
 * and show once; the page cap saves what the box shows; a second list can be added while a slow
 * one downloads; a feed's notes show without skipped entries; two settings changes at once both
 * stay; a UTF-16 list with a BOM is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ownFeed } from '../feed-fixtures';
import { extensionFixture } from './fixture';

/** The extension API inside evaluate() on the options page. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const e2e = extensionFixture();
let options: Page;
let releaseSlow: () => void = () => undefined;

const json = (body: unknown, bytes?: Buffer) => (_req: unknown, res: import('node:http').ServerResponse) =>
  void res.writeHead(200, { 'content-type': 'application/json' }).end(bytes ?? JSON.stringify(body));

/** UTF-16LE with a byte order mark, as some editors on Windows save JSON. */
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

beforeAll(async () => {
  e2e.server.routes.set('/good.json', json(ownFeed('Good list')));
  e2e.server.routes.set('/loop.json', (_req, res) => void res.writeHead(302, { location: '/loop.json' }).end());
  e2e.server.routes.set('/utf16.json', json(null, utf16le(JSON.stringify(ownFeed('UTF-16 list – 中文')))));
  e2e.server.routes.set('/second.json', json(ownFeed('Second list')));
  // Answers only when the test says so (at most once).
  e2e.server.routes.set('/slow.json', (_req, res) => {
    releaseSlow = () => {
      if (res.headersSent) return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ownFeed('Slow list')));
    };
  });
  // No entry skipped, but a javascript: link dropped and a newer feed version: notes only.
  const noted = ownFeed('Noted list');
  noted.version = 2;
  noted.entries = noted.entries.slice(0, 1);
  (noted.entries[0] as { sources: unknown[] }).sources.push({ url: 'javascript:alert(1)' });
  e2e.server.routes.set('/noted.json', json(noted));

  options = await e2e.browser.context.newPage();
  await options.goto(`chrome-extension://${e2e.browser.extensionId}/options.html`);
  await options.locator('tr[data-source-id="builtin"]').waitFor();
});

// Runs before the fixture closes the browser: the slow list's request is answered, not cut.
afterAll(() => releaseSlow());

const row = (url: string) => options.locator('tr.source').filter({ hasText: url });
const status = () => options.locator('form.add-source [role="status"]').textContent();

async function add(url: string): Promise<void> {
  await options.getByLabel('Source URL').fill(url);
  await options.getByRole('button', { name: 'Add source' }).click();
}

describe('options page', () => {
  it('a list on the same host downloads (no permission needed)', async () => {
    await add(`${e2e.server.url}/good.json`);
    await expect.poll(status, { timeout: 20_000 }).toBe('Added “Good list”: 2 entries.');
  });

  it.each([
    ['a closed port', () => 'http://127.0.0.1:9/list.json'],
    ['an unknown host', () => 'http://no-such-host.invalid/list.json'],
    ['a redirect to itself', () => `${e2e.server.url}/loop.json`],
  ])('%s is "could not reach", not a permission problem, and shows once after "Update now"', async (_, url) => {
    const host = new URL(url()).host;
    await add(url());
    await expect.poll(status, { timeout: 20_000 }).toMatch(`Could not reach ${host}`);
    const r = row(url());
    await expect.poll(() => r.locator('.last-error').textContent()).toMatch(`Could not reach ${host}`);
    expect(await r.textContent()).not.toMatch(/not allowed|allow access/);

    await r.getByRole('button', { name: 'Update now' }).click();
    await expect.poll(() => r.getByRole('button', { name: 'Update now' }).isEnabled(), { timeout: 20_000 }).toBe(true);
    // The row is re-rendered with the update's outcome when the button comes back.
    expect((await r.textContent())!.split(`Could not reach ${host}`).length - 1).toBe(1);
  });

  it('a scheme-less host:port is taken as https://host:port', async () => {
    const port = new URL(e2e.server.url).port;
    await add(`localhost:${port}/good.json`);
    // The test server speaks plain http, so the https download fails; the address was accepted.
    await expect.poll(() => row(`https://localhost:${port}/good.json`).count(), { timeout: 20_000 }).toBe(1);
  });

  it('a page cap out of range is clamped, explained and saved as shown', async () => {
    const cap = options.getByLabel('At most, per page:');
    for (const [typed, saved] of [
      ['0', '1'],
      ['99999', '10000'],
    ] as const) {
      await cap.fill(typed);
      await cap.press('Enter');
      await expect.poll(() => cap.inputValue()).toBe(saved);
      await expect
        .poll(() => options.getByText(/Enter a whole number from 1 to 10,000/).textContent())
        .toMatch(`Saved: ${Number(saved).toLocaleString('en')}.`);
      await expect
        .poll(() => options.evaluate(() => chrome.runtime.sendMessage({ type: 'getSettings' })))
        .toMatchObject({ pageCap: Number(saved) });
      await options.reload();
      await expect.poll(() => options.getByLabel('At most, per page:').inputValue()).toBe(saved);
    }
  });

  it('a second list can be added, and typed, while a slow one downloads', async () => {
    const slow = `${e2e.server.url}/slow.json`;
    const second = `${e2e.server.url}/second.json`;
    await add(slow);
    await expect.poll(() => row(slow).count()).toBe(1);
    expect(await options.getByRole('button', { name: 'Add source' }).isEnabled()).toBe(true);
    // Stored at once; the background downloads lists one after another, so it waits for the slow one.
    await add(second);
    await expect.poll(() => row(second).count()).toBe(1);
    await options.getByLabel('Source URL').fill('https://third.example/list.json');
    releaseSlow();
    await expect.poll(() => row(slow).locator('.source-title').textContent(), { timeout: 20_000 }).toBe('Slow list');
    await expect
      .poll(() => row(second).locator('.source-title').textContent(), { timeout: 20_000 })
      .toBe('Second list');
    await expect.poll(status).toBe('Added “Second list”: 2 entries.');
    expect(await options.getByLabel('Source URL').inputValue()).toBe('https://third.example/list.json');
  });

  it('shows a feed’s notes when no entry was skipped', async () => {
    const url = `${e2e.server.url}/noted.json`;
    await add(url);
    await expect.poll(status, { timeout: 20_000 }).toBe('Added “Noted list”: 1 entry.');
    const details = row(url).locator('details.problems');
    await expect.poll(() => details.locator('summary').textContent()).toBe('Notes (2)');
    await details.locator('summary').click();
    expect(await details.locator('li').allTextContents()).toEqual([
      'The list is feed version 2; this extension reads version 1.',
      expect.stringMatching(/^entry 1 \(id "garlic-diabetes"\): source 2 dropped/),
    ]);
  });

  it('reads a UTF-16 list with a byte order mark', async () => {
    await add(`${e2e.server.url}/utf16.json`);
    await expect.poll(status, { timeout: 20_000 }).toBe('Added “UTF-16 list – 中文”: 2 entries.');
  });

  it('keeps both of two settings changes made at once', async () => {
    // Two messages in the same tick reach the background's read-merge-write together.
    const after = await options.evaluate(async () => {
      await Promise.all([
        chrome.runtime.sendMessage({ type: 'setSettings', settings: { badgeStyle: 'compact' } }),
        chrome.runtime.sendMessage({ type: 'setSettings', settings: { density: 'every' } }),
      ]);
      return chrome.runtime.sendMessage({ type: 'getSettings' });
    });
    expect(after).toMatchObject({ badgeStyle: 'compact', density: 'every' });

    // Two checkboxes clicked in one task on the page.
    await options.reload();
    await options.getByLabel('Restricted apps').waitFor();
    await options.evaluate(() => {
      const box = (name: string) =>
        [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === name)!.querySelector('input')!;
      box('Misleading').click();
      box('Restricted apps').click();
    });
    await expect
      .poll(() => options.evaluate(() => chrome.runtime.sendMessage({ type: 'getSettings' })))
      .toMatchObject({ showApps: false });
    const saved = (await options.evaluate(() => chrome.runtime.sendMessage({ type: 'getSettings' }))) as {
      verdicts: string[];
    };
    expect(saved.verdicts).not.toContain('misleading');
    await options.reload();
    expect(await options.getByLabel('Restricted apps').isChecked()).toBe(false);
    expect(await options.getByLabel('Misleading', { exact: true }).isChecked()).toBe(false);
  });
});
