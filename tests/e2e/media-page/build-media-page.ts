/**
 * Builds the media test page (Vite, production) into a per-process folder under .tmp/, with
 * browser-image-compression's script next to it (its worker mode imports it by URL; there
 * is no CDN here), and launches Chromium with the fake camera and microphone.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
];

let built: Promise<string> | null = null;

/** The folder of the built page (built once per process). */
export function buildMediaPage(): Promise<string> {
  built ??= new Promise((done, fail) => {
    const outDir = resolve('.tmp', `media-page-${process.pid}`);
    mkdirSync(outDir, { recursive: true });
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    const child = spawn('npx', ['vite', 'build', '--config', 'tests/e2e/media-page/vite.config.ts', '--outDir', outDir, '--emptyOutDir'], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`media page build failed (${code})`));
      copyFileSync(resolve('node_modules/browser-image-compression/dist/browser-image-compression.js'), join(outDir, 'browser-image-compression.js'));
      done(outDir);
    });
  });
  return built;
}

export function launchMediaBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
