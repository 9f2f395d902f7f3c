import { defineConfig } from 'vitest/config';

/**
 * Unit tests run under the `node` environment: fake-indexeddb keeps Blobs only there.
 * E2E tests (real Chromium) have their own config: vitest.e2e.config.ts.
 */
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('test') },
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
