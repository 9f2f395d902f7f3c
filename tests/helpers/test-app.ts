/**
 * The real school server, in-process, on a fresh database in a temp dir. Use `app.inject`
 * for API tests, or `listen()` for a real socket (sync tests, proxies, browsers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../server/app.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';

export interface TestApp {
  app: App;
  store: SqliteStore;
  dataDir: string;
  /** Listens on 127.0.0.1 on a free port; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApp(options: { staticDir?: string | null; dataDir?: string } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cartable-test-'));
  const store = SqliteStore.open(join(dataDir, 'cartable.sqlite'));
  const app = await buildApp({
    store,
    config: { dataDir, staticDir: options.staticDir ?? null, logRequests: false, appVersion: 'test' },
  });
  return {
    app,
    store,
    dataDir,
    async listen() {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      return address;
    },
    async close() {
      await app.close();
      store.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
