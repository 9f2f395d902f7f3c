/**
 * The real school server (buildApp from server/app.ts), in-process on 127.0.0.1, serving a
 * build of the app. No Vitest import: bench/ uses it too.
 */
import { mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp, type App } from '../../server/app.ts';
import { openTestStore, type TestStore } from '../helpers/test-store.ts';
import { seedFullDemo, seedSchool, type SeededSchool } from './seed.ts';
import type { DemoInfo } from '../../server/seed/demo-school.ts';

export interface E2EServer {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  port: number;
  app: App;
  store: TestStore;
  dataDir: string;
  /** The small seeded school (when `seedDemo`), else null. */
  school: SeededSchool | null;
  /** The full demo school (when `fullDemo`), else null. */
  demo: DemoInfo | null;
  /** Serves another build from now on (atomic symlink swap; no restart). */
  deploy(staticDir: string): void;
  /** Closes the server and the store; removes the data dir unless it was given. Idempotent. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** The build to serve, e.g. `e2eDist().v1`. */
  staticDir: string;
  /** Reuse a data dir (restart after `stop()`); default: a fresh temp dir, removed at stop. */
  dataDir?: string;
  /** Seed the small e2e school (see seed.ts): three students, no content. */
  seedDemo?: boolean;
  /** Seed the full demo school of `npm start` (lessons, media, assignments). */
  fullDemo?: boolean;
  /** Listen on this port (to bring the same origin back); default: a free one. */
  port?: number;
  /** Reported by /api/health; default 'e2e'. */
  appVersion?: string;
}

/** The real school server (buildApp), in-process, on 127.0.0.1. */
export async function startServer(options: StartServerOptions): Promise<E2EServer> {
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cartable-e2e-'));
  const live = join(dataDir, 'www');
  const deploy = (staticDir: string) => {
    const next = `${live}.next`;
    rmSync(next, { force: true });
    symlinkSync(resolve(staticDir), next);
    renameSync(next, live);
  };
  deploy(options.staticDir);
  const store = openTestStore(join(dataDir, 'cartable.sqlite'));
  const school = options.seedDemo ? await seedSchool(store.services) : null;
  const demo = options.fullDemo ? await seedFullDemo(store.services) : null;
  const app = await buildApp({
    services: store.services,
    config: { dataDir, staticDir: live, logRequests: false, appVersion: options.appVersion ?? 'e2e' },
  });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    store,
    dataDir,
    school,
    demo,
    deploy,
    async stop() {
      if (stopped) return; // idempotent: a test may stop it early and again in afterAll
      stopped = true;
      await app.close();
      await store.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

