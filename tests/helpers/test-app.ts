/**
 * The real school server, in-process, on a fresh database in a temp dir. Use `app.inject`
 * for API tests, or `listen()` for a real socket (sync tests, proxies, browsers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../server/app.ts';
import type { InternalErrorLog } from '../../server/http/error-handler.ts';
import { openTestStore, type TestStore } from './test-store.ts';
import type { BlobStore } from '../../server/blobs/blob-store.ts';

export interface TestApp {
  app: App;
  store: TestStore;
  dataDir: string;
  /** Listens on 127.0.0.1 on a free port; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** `blobs`: another blob store than DATA_DIR/blobs (the S3 store on s3rver, say). */
export async function startTestApp(options: {
  staticDir?: string | null; dataDir?: string; blobs?: BlobStore; logInternalError?: (e: InternalErrorLog) => void;
  /** Settings as the environment would give them (TABLET_CONTACT_MINUTES…). */
  settings?: { tabletContactMinutes?: number; consoleIdleMinutes?: number };
} = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cartable-test-'));
  const store = openTestStore(join(dataDir, 'cartable.sqlite'), { blobs: options.blobs });
  const app = await buildApp({
    services: store.services,
    config: { dataDir, staticDir: options.staticDir ?? null, logRequests: false, appVersion: 'test', ...options.settings },
    logInternalError: options.logInternalError,
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
      await store.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
