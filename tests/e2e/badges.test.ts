/**
 * End to end, in Chromium with the built extension: how badges behave among the page's own
 * interactive content (a link around a heading, a label, a summary), with the keyboard, inside
 * clipped containers, in text the page hides, and when the reader copies text.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import type { Page } from 'playwright-core';
import { readBadges, waitForBadges, waitForScan } from '../browser';
import { extensionFixture } from './fixture';

const e2e = extensionFixture();
let page: Page;

beforeAll(async () => {
  await e2e.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.server.url });
  page = await e2e.browser.context.newPage();
  await page.goto(`${e2e.server.url}/dynamic/interactive.html`);
  await waitForBadges(page, 9);
});

/** The badge host inside `selector` (the page sees the host; its shadow root is closed). */
const badgeIn = (selector: string) => page.locator(`${selector} [data-flag-id]`).first();

async function cardOpen(selector: string): Promise<boolean> {
  const id = await badgeIn(selector).getAttribute('data-flag-id');
  const host = await badgeIn(selector).evaluate((el) => el.closest('[id]')?.id);
  const badges = await readBadges(page);
  const all = await page.evaluate(() =>
    [...document.querySelectorAll('[data-flag-id]')].map((b) => b.closest('[id]')?.id ?? ''),
  );
  const index = all.indexOf(host ?? '');
  return badges[index]?.id === id ? badges[index]!.cardOpen : false;
}

/** Clicks plain text inside the open card of the badge in `selector` (the card opens below it). */
async function clickInCard(selector: string): Promise<void> {
  const box = (await badgeIn(selector).boundingBox())!;
  await page.mouse.click(box.x + 12, box.y + box.height + 24);
}

async function closeAll(): Promise<void> {
  await page.keyboard.press('Escape');
  await page.mouse.click(5, 5);
}

describe('clicks in a badge or its card never act on the page', () => {
  it('inside a link around a whole heading: no navigation', async () => {
    const followed: string[] = [];
    const onRequest = (r: { url(): string; isNavigationRequest(): boolean }) => {
      if (r.isNavigationRequest()) followed.push(r.url());
    };
    page.on('request', onRequest);
    await badgeIn('#card-link').click();
    await expect.poll(() => cardOpen('#card-link')).toBe(true);
    await clickInCard('#card-link');
    // The content script has handled the click (and any navigation would have been requested).
    await waitForScan(page);
    page.off('request', onRequest);
    expect(followed).toEqual([]);
    expect(new URL(page.url()).pathname).toBe('/dynamic/interactive.html');
    expect(await cardOpen('#card-link')).toBe(true);
    await closeAll();
  });

  it('inside a label: its checkbox is not ticked', async () => {
    await badgeIn('#label').click();
    await expect.poll(() => cardOpen('#label')).toBe(true);
    await clickInCard('#label');
    expect(await page.isChecked('#box')).toBe(false);
    await closeAll();
  });

  it('inside a summary: its details do not toggle', async () => {
    await badgeIn('#details').click();
    await expect.poll(() => cardOpen('#details')).toBe(true);
    await clickInCard('#details');
    expect(await page.evaluate(() => (document.getElementById('details') as HTMLDetailsElement).open)).toBe(false);
    await closeAll();
  });
});

describe('opening and closing', () => {
  it('a badge is one tab stop: its card opens with Enter, not on focus', async () => {
    await page.focus('#before');
    let presses = 0;
    while (presses < 12 && (await page.evaluate(() => document.activeElement?.id)) !== 'after') {
      await page.keyboard.press('Tab');
      presses++;
    }
    // Three badges, then the next link.
    expect(presses).toBe(4);
    expect((await readBadges(page)).filter((b) => b.cardOpen)).toEqual([]);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await readBadges(page)).filter((b) => b.cardOpen).length).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await readBadges(page)).filter((b) => b.cardOpen).length).toBe(0);
  });

  it('a card opened by a click closes on a click elsewhere', async () => {
    await badgeIn('#copy').click();
    await expect.poll(() => cardOpen('#copy')).toBe(true);
    await page.click('#elsewhere');
    await expect.poll(() => cardOpen('#copy')).toBe(false);
  });

  it('a card shows above clipped and transformed containers', async () => {
    await badgeIn('#clip').click();
    await expect.poll(() => cardOpen('#clip')).toBe(true);
    const clip = (await page.locator('#clip').boundingBox())!;
    const badge = (await badgeIn('#clip').boundingBox())!;
    // A point of the card well below the container that clips its content.
    const y = clip.y + clip.height + 40;
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[data-flag-id]') !== null,
      [badge.x + 12, y],
    );
    expect(hit).toBe(true);
    await closeAll();
  });
});

describe('layout', () => {
  it('text split into flex or grid items is not read as one word; inline markup still is', async () => {
    await expect.poll(() => page.locator('#inline [data-flag-id="deepseek"]').count()).toBe(1);
    expect(await page.locator('#flex [data-flag-id], #grid [data-flag-id]').count()).toBe(0);
  });
});

describe('the page hides or copies text', () => {
  it('a badge hides with text the page hides by visibility', async () => {
    const visibility = () => badgeIn('#ghost').evaluate((el) => getComputedStyle(el).visibility);
    expect(await visibility()).toBe('visible');
    await page.evaluate(() => document.getElementById('ghost')!.classList.add('gone'));
    expect(await visibility()).toBe('hidden');
  });

  it('copying a paragraph copies its text without the badge', async () => {
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('copy')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await page.keyboard.press('Control+C');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.trim()).toBe('Italy ordered DeepSeek off local app stores.');
  });
});

describe('the page becomes an editor', () => {
  // Last: the page stays editable.
  it('in designMode, the first edit takes every badge out of the document', async () => {
    expect(await page.locator('[data-flag-id]').count()).toBeGreaterThan(0);
    await page.evaluate(() => (document.designMode = 'on'));
    await page.click('#elsewhere');
    await page.keyboard.type('Edited: TikTok. ');
    await expect.poll(() => page.evaluate(() => document.body.innerHTML.includes('data-source-flags'))).toBe(false);
    // Typing a listed name adds no badge either (once the content script has seen the typing).
    await waitForScan(page);
    expect(await page.locator('[data-flag-id]').count()).toBe(0);
  });
});
