import { defineConfig } from 'vitest/config';

// End-to-end tests of the Firefox build in Firefox (puppeteer-core over WebDriver BiDi). Same
// budgets as the Chromium suite (vitest.e2e.config.ts): one browser per file, files one after
// another, steps that fit inside a test's timeout on 2 busy cores.
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 90_000,
    expect: { poll: { timeout: 5_000 } },
    globalSetup: ['tests/firefox/global-setup.ts'],
  },
});
