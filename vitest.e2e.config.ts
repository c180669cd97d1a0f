import { defineConfig } from 'vitest/config';

// End-to-end tests: the built extension in real Chromium. One browser per test file,
// files run one after another (2-core CI machines).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
