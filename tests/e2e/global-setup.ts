/**
 * E2E global setup: ensures Chromium, then builds the app ONCE per run, twice: dist-v1
 * (version 1.0.0-e2e) and dist-v2 (1.0.1-e2e, for the update test), into a per-run folder
 * under .tmp/e2e/ so helpers running the suite at the same time never share a build.
 * Tests get the paths with `inject('e2eDist')` (or `e2eDist()` from harness.ts).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchBrowser } from './e2e-browser.ts';
// @ts-expect-error plain ESM script without types
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';

export const E2E_VERSIONS = { v1: '1.0.0-e2e', v2: '1.0.1-e2e' } as const;

declare module 'vitest' {
  export interface ProvidedContext {
    e2eDist: { v1: string; v2: string; versions: typeof E2E_VERSIONS };
  }
}

/** A production build of the app into `outDir`, stamped `version` (also used by bench/). */
export function build(outDir: string, version: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      // Vitest sets NODE_ENV=test, which would make Vite emit a development build.
      env: { ...process.env, NODE_ENV: 'production', CARTABLE_APP_VERSION: version },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build (${version}) failed with code ${code}`))));
  });
}

/**
 * Starts Chromium once and lays out a page of text before any test: on a fresh machine the
 * first launch builds fontconfig's cache and Chromium's own profile state, which took the
 * first tests' time (a cold CI machine is where the suite runs first).
 */
async function warmUpChromium(): Promise<number> {
  const started = Date.now();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<p style="font-family: system-ui">Cartable — échauffement « Œ » 0123456789</p>');
    await page.evaluate(() => document.fonts.ready.then(() => document.body.getBoundingClientRect().height));
  } finally {
    await browser.close();
  }
  return Date.now() - started;
}

/** Builds left by killed runs (their process is gone) are removed. */
function removeStaleRuns(root: string) {
  for (const name of (() => { try { return readdirSync(root); } catch { return []; } })()) {
    const pid = Number(/^run-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0); // throws ESRCH when that run's process is gone
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}

export default async function setup(project: TestProject) {
  (ensureChromium as () => string)();
  removeStaleRuns(resolve('.tmp/e2e'));
  const runDir = resolve('.tmp/e2e', `run-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const v1 = join(runDir, 'dist-v1');
  const v2 = join(runDir, 'dist-v2');
  const started = Date.now();
  // Two builds in parallel: the machine has 2 cores.
  const [warm] = await Promise.all([warmUpChromium(), build(v1, E2E_VERSIONS.v1), build(v2, E2E_VERSIONS.v2)]);
  console.log(`e2e: built ${E2E_VERSIONS.v1} and ${E2E_VERSIONS.v2} in ${((Date.now() - started) / 1000).toFixed(1)} s (Chromium warmed up in ${(warm / 1000).toFixed(1)} s)`);
  project.provide('e2eDist', { v1, v2, versions: E2E_VERSIONS });
  return () => rmSync(runDir, { recursive: true, force: true });
}
