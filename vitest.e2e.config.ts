import { defineConfig } from 'vitest/config';

/** E2E: real headless Chromium (playwright-core) against the real school server and a real build. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // One retry for a test that fails: real Chromium on a loaded CI machine. A test that needs it
    // is named at the end of `npm test` (tests/e2e/retry-reporter.ts), so flakiness stays visible.
    retry: 1,
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
