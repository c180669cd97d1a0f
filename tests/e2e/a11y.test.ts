/**
 * Accessibility of the extension's pages with axe-core (no serious or critical violations), in
 * light and dark colour schemes, and keyboard use of the popup.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { extensionFixture } from './fixture';

// Only extension pages are checked here: the fixture's page server stays idle.
const e2e = extensionFixture();

describe.each([['light'], ['dark']] as const)('%s scheme', (scheme) => {
  it('popup with look-up results has no serious axe violations', async () => {
    const page = await e2e.browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html`);
    await page.getByLabel('Look up a claim or app').fill('deepseek');
    await page.getByRole('list', { name: 'Look-up results' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('a card opened from the popup has no serious axe violations', async () => {
    const page = await e2e.browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html`);
    await page.getByLabel('Look up a claim or app').fill('deepseek');
    await page.getByRole('list', { name: 'Look-up results' }).getByRole('button').first().click();
    await page.getByRole('table').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('options page has no serious axe violations', async () => {
    const page = await e2e.browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`chrome-extension://${e2e.browser.extensionId}/options.html`);
    await page.locator('tr[data-source-id="builtin"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('keyboard', () => {
  it('reaches a result and opens its card with the keyboard alone', async () => {
    const page = await e2e.browser.context.newPage();
    await page.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html`);
    await page.getByLabel('Look up a claim or app').focus();
    await page.keyboard.type('rednote');
    await page.getByRole('list', { name: 'Look-up results' }).waitFor();
    // From the search box: filters, then the first result.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      const inResults = await page.evaluate(() => !!document.activeElement?.closest('ul.results'));
      if (inResults) break;
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('article.sf-card h2').textContent()).toMatch(/RedNote/);
    await page.keyboard.press('Tab');
    await page.close();
  });
});
