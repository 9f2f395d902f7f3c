/**
 * Builds the tablet test page (Vite, production) into a per-process folder under .tmp/
 * (once per process): the folder is given to the server as its STATIC_DIR, so the page, its
 * worker and the API share one origin as the app and its server do.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

let built: Promise<string> | null = null;

export function buildTabletPage(): Promise<string> {
  built ??= new Promise((done, fail) => {
    const outDir = resolve('.tmp', `tablet-page-${process.pid}`);
    mkdirSync(outDir, { recursive: true });
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    const child = spawn('npx', ['vite', 'build', '--config', 'tests/e2e/tablet-page/vite.config.ts', '--outDir', outDir, '--emptyOutDir'], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(outDir) : fail(new Error(`tablet page build failed (${code})`))));
  });
  return built;
}
