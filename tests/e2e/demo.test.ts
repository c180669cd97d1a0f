import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { readBadges } from '../browser';
import { extensionFixture } from './fixture';

const SEED_IDS = ['alibaba-deepseek-investment', 'deepseek', 'rednote', 'lemon8', 'tiktok'];

const e2e = extensionFixture({ root: resolve(import.meta.dirname, '..', '..', 'demo') });
let page: Page;

const badgeIds = (selector: string): Promise<string[]> =>
  page.evaluate(
    (sel) =>
      [...document.querySelectorAll(sel)].flatMap((el) =>
        [...el.querySelectorAll('[data-flag-id]')].map((b) => b.getAttribute('data-flag-id') ?? ''),
      ),
    selector,
  );

beforeAll(async () => {
  page = await e2e.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${e2e.server.url}/index.html`);
  await page.waitForFunction((ids) => ids.every((id) => document.querySelector(`[data-flag-id="${id}"]`)), SEED_IDS, {
    timeout: 20_000,
  });
});

describe('demo article', () => {
  it('badges every seed item', async () => {
    const ids = await badgeIds('body');
    for (const id of SEED_IDS) expect(ids, id).toContain(id);
    const claimIn = await page.evaluate(
      () => document.querySelector('[data-flag-id="alibaba-deepseek-investment"]')?.closest('[id]')?.id,
    );
    expect(claimIn).toBe('claim');
  });

  it('leaves the ordinary-word controls unbadged', async () => {
    expect(await page.locator('.control').count()).toBeGreaterThanOrEqual(3);
    expect(await badgeIds('.control')).toEqual([]);
  });

  it("does not give Alibaba's real Moonshot AI round the DeepSeek-investment badge", async () => {
    expect(await page.locator('#near-miss').textContent()).toMatch(/Moonshot AI/);
    expect(await badgeIds('#near-miss')).not.toContain('alibaba-deepseek-investment');
  });

  it('leaves the form field and the code block unchanged', async () => {
    expect(await page.inputValue('#archive-q')).toBe('DeepSeek restrictions in Europe');
    expect(await badgeIds('form, pre')).toEqual([]);
    expect(await page.locator('#snippet').textContent()).toBe(
      '{ "blockedApps": ["TikTok", "Lemon8"], "scope": "state-issued" }',
    );
  });

  it("opens an app badge's card on hover, with its restriction table", async () => {
    const host = page.locator('#deepseek [data-flag-id="deepseek"]');
    await host.scrollIntoViewIfNeeded();
    await host.hover();
    await expect
      .poll(
        async () => {
          const badges = await readBadges(page);
          const open = badges.find((b) => b.id === 'deepseek' && b.cardOpen);
          return open?.cardText ?? '';
        },
        { timeout: 10_000 },
      )
      .toMatch(/Italy/);
    const card = (await readBadges(page)).find((b) => b.id === 'deepseek' && b.cardOpen)!;
    expect(card.cardText).toMatch(/Garante/);
    expect(card.cardText).toMatch(/Texas/);
  });
});
