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
    // Safety nets, not speed targets (those live in bench/): the tests that spawn `node --import tsx`
    // (admin commands, server processes) need tens of seconds on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most of the slow tests wait, not compute: on child processes (admin commands, server
    // processes), throwaway PostgreSQL clusters, the S3 test server. Vitest's default on 2 cores
    // is ONE worker; three keep the cores busy (unit phase 612 s → 364 s measured here).
    maxWorkers: 3,
  },
});
