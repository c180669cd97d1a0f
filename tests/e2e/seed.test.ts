import { beforeAll, describe, expect, it } from 'vitest';

import type { Page } from 'playwright-core';
import { readBadges, waitForBadges } from '../browser';
import { extensionFixture } from './fixture';

const e2e = extensionFixture();
let page: Page;

beforeAll(async () => {
  page = await e2e.browser.context.newPage();
  await page.goto(`${e2e.server.url}/seed.html`);
  await waitForBadges(page, 5);
});

describe('seed page', () => {
  it('badges each seed item once, in the right paragraph', async () => {
    const where = await page.evaluate(() =>
      [...document.querySelectorAll('[data-flag-id]')].map(
        (b) => `${b.closest('[id]')?.id}:${b.getAttribute('data-flag-id')}:${b.getAttribute('data-flag-kind')}`,
      ),
    );
    expect(where).toEqual(
      expect.arrayContaining([
        'claim:alibaba-deepseek-investment:claim',
        'deepseek:deepseek:app',
        'rednote:rednote:app',
        'lemon8:lemon8:app',
        'tiktok:tiktok:app',
      ]),
    );
  });

  it('puts no badge on the ordinary-word controls, form fields, editable text or code', async () => {
    const inControls = await page.evaluate(() =>
      ['controls', 'editable'].map((id) => document.getElementById(id)!.querySelectorAll('[data-flag-id]').length),
    );
    expect(inControls).toEqual([0, 0]);
    expect(await page.evaluate(() => document.querySelector('pre')!.querySelectorAll('[data-flag-id]').length)).toBe(0);
    expect(await page.inputValue('#field')).toBe('DeepSeek TikTok');
    expect(await page.inputValue('#area')).toBe('RedNote and Lemon8 in a textarea');
    expect(await page.evaluate(() => document.getElementById('editable')!.textContent)).toBe(
      'DeepSeek inside an editable region',
    );
  });

  it('labels badges and gives them accessible names', async () => {
    const badges = await readBadges(page);
    const claim = badges.find((b) => b.id === 'alibaba-deepseek-investment')!;
    expect(claim.label).toBe('Denied');
    expect(claim.ariaLabel).toMatch(/Alibaba.*Denied, open details/);
    const app = badges.find((b) => b.id === 'deepseek')!;
    expect(app.label).toMatch(/^Restricted in \d+ places$/);
  });

  it('opens the card by keyboard with the verdict and a safe source link; Escape closes it', async () => {
    await page.locator('#claim [data-flag-id="alibaba-deepseek-investment"]').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await readBadges(page)).find((b) => b.id === 'alibaba-deepseek-investment')?.cardText ?? '', {
        timeout: 10_000,
      })
      .toMatch(/Denied by the subject/);
    const claim = (await readBadges(page)).find((b) => b.id === 'alibaba-deepseek-investment')!;
    expect(claim.cardOpen).toBe(true);
    expect(claim.cardText).toMatch(/Yan Qiao/);
    expect(claim.links.length).toBeGreaterThan(0);
    for (const l of claim.links) {
      expect(l.href).toMatch(/^https?:\/\//);
      expect(l.target).toBe('_blank');
      expect(l.rel).toBe('noopener noreferrer');
    }
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => (await readBadges(page)).find((b) => b.id === 'alibaba-deepseek-investment')?.cardOpen)
      .toBe(false);
  });

  it('popup look-up finds the Alibaba claim', async () => {
    const popup = await e2e.browser.context.newPage();
    await popup.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html`);
    await popup.getByLabel('Look up a claim or app').fill('alibaba deepseek invest');
    await expect
      .poll(() => popup.getByRole('list', { name: 'Look-up results' }).textContent())
      .toMatch(/Alibaba.*DeepSeek.*Denied/);
    await popup.close();
  });

  it('options page lists the built-in source with its entry count', async () => {
    const options = await e2e.browser.context.newPage();
    await options.goto(`chrome-extension://${e2e.browser.extensionId}/options.html`);
    const row = options.locator('tr[data-source-id="builtin"]');
    await expect.poll(() => row.textContent()).toMatch(/Source Flags default list.*Built in.*\d+/);
    await options.close();
  });
});
