import { defineConfig } from 'vitest/config';

// End-to-end tests: the built extension in real Chromium. One browser per test file,
// files run one after another (2-core CI machines).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // Budgets for a 2-core machine under load: a test's steps (waitForScan 15 s, expect.poll 5 s,
    // the few longer waits they name) fit inside its timeout, so a failing step reports itself.
    testTimeout: 120_000,
    hookTimeout: 90_000,
    expect: { poll: { timeout: 5_000 } },
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
