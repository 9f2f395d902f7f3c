/**
 * E2E harness: the real school server in-process + real headless Chromium (playwright-core).
 *
 * Usage (one browser per test file, one build per run — built by global-setup.ts):
 *
 *   import { afterAll, beforeAll, expect, test } from 'vitest';
 *   import { e2eDist, startServer, launchBrowser, newTablet, runAxe, screenshot, type E2EServer } from './harness.ts';
 *   let server: E2EServer; let browser: Browser;               // Browser: from 'playwright-core'
 *   beforeAll(async () => {
 *     server = await startServer({ staticDir: e2eDist().v1, seedDemo: true });
 *     browser = await launchBrowser();                           // { fakeMedia: true } for camera/mic
 *   });
 *   afterAll(async () => { await browser?.close(); await server?.stop(); });
 *   test('…', async () => {
 *     const { context, page } = await newTablet(browser, server.url);   // 1280×800, touch, fr-FR, SW allowed
 *     server.school!.students[0]  // { id, firstName, lastName, secret }; also .teacher, .it, .device, .enrolmentCode
 *     expect(await runAxe(page)).toEqual([]);                           // serious + critical violations only
 *     await screenshot(page, 'my-area-home');                           // tests/e2e/screenshots/my-area-home.png
 *     await context.close();
 *   });
 *
 * - `server.store` is the live SqliteStore (assert on what the server stored); `server.deploy(dir)`
 *   swaps the served build without a restart; `server.stop()` closes it (offline tests), and
 *   `startServer({ …, dataDir: server.dataDir, port: server.port })` brings the same origin back.
 * - The origin (http://127.0.0.1:<port>) is a secure context: SW, IndexedDB, camera all work.
 *   A new server = a new port = a new origin = empty IndexedDB/SW (tests do not leak state).
 * - `await waitForServiceWorker(page)` before going offline (`context.setOffline(true)`).
 * - `collectLongTasks(page)` before the navigation you measure; `pageErrors(page)` catches
 *   uncaught errors and console errors (CSP violations show there).
 * - Installability and SW-update tests need `launchPersistentTablet()` (a persistent profile).
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp, type App } from '../../server/app.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { seedSchool, type SeededSchool } from './seed.ts';

export type { SeededSchool } from './seed.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** A shared school tablet: landscape 1280×800, touch, French, service workers allowed. */
export const TABLET: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  hasTouch: true,
  locale: 'fr-FR',
  timezoneId: 'Europe/Paris',
  serviceWorkers: 'allow',
};

const SCREENSHOTS = resolve('tests/e2e/screenshots');

/** The two builds of this run: `v1` (versions.v1) and `v2` (versions.v2, for update tests). */
export function e2eDist() {
  return inject('e2eDist');
}

export interface E2EServer {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  port: number;
  app: App;
  store: SqliteStore;
  dataDir: string;
  /** The seeded school (when `seedDemo`), else null. */
  school: SeededSchool | null;
  /** Serves another build from now on (atomic symlink swap; no restart). */
  deploy(staticDir: string): void;
  /** Closes the server and the store; removes the data dir unless it was given. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** The build to serve, e.g. `e2eDist().v1`. */
  staticDir: string;
  /** Reuse a data dir (restart after `stop()`); default: a fresh temp dir, removed at stop. */
  dataDir?: string;
  /** Seed the small e2e school (see seed.ts). */
  seedDemo?: boolean;
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
  const store = SqliteStore.open(join(dataDir, 'cartable.sqlite'));
  const school = options.seedDemo ? await seedSchool(store) : null;
  const app = await buildApp({
    store,
    config: { dataDir, staticDir: live, logRequests: false, appVersion: options.appVersion ?? 'e2e' },
  });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    store,
    dataDir,
    school,
    deploy,
    async stop() {
      await app.close();
      store.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium (one per test file). `fakeMedia`: fake camera and microphone, permission granted. */
export function launchBrowser(options: { fakeMedia?: boolean; args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.fakeMedia ? FAKE_MEDIA_ARGS : []), ...(options.args ?? [])],
  });
}

/** A fresh tablet (browser context); opens `url` when given. Close it with `context.close()`. */
export async function newTablet(
  browser: Browser,
  url?: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...TABLET, ...options });
  const page = await context.newPage();
  if (url) await page.goto(url);
  return { context, page };
}

/**
 * A tablet with a persistent profile (a temp user-data dir): needed for
 * Page.getInstallabilityErrors and realistic SW lifecycles. `close()` also removes the profile.
 */
export async function launchPersistentTablet(
  options: { fakeMedia?: boolean; contextOptions?: BrowserContextOptions } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cartable-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.fakeMedia ? FAKE_MEDIA_ARGS : [])],
    ...TABLET,
    ...options.contextOptions,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until a service worker controls the page (first visit: after install + clientsClaim). */
export async function waitForServiceWorker(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', undefined, { timeout: timeoutMs });
}

/** Saves a full-page PNG to tests/e2e/screenshots/<name>.png (git-ignored); returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** One axe violation, trimmed to what a failing assertion should show. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let axeSource: string | null = null;

/**
 * Runs axe-core on the page (WCAG 2.x A/AA rules) and returns the serious and critical
 * violations. Injected through the DevTools protocol, so the server's strict CSP does not block it.
 */
export async function runAxe(page: Page, options: { include?: string; disableRules?: string[] } = {}): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async ({ include, disableRules }) => {
    type AxeResult = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> };
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResult> } }).axe;
    const rules = Object.fromEntries((disableRules ?? []).map((r) => [r, { enabled: false }]));
    const result = await axe.run(include ?? document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      rules,
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, options);
}

/** Long tasks (> 50 ms on the main thread) seen since `collectLongTasks` was called. */
export interface LongTaskSummary {
  count: number;
  totalMs: number;
  maxMs: number;
}

/**
 * Starts recording long tasks on this page and the next documents it loads; the returned
 * function reads the summary for the current document.
 */
export async function collectLongTasks(page: Page): Promise<() => Promise<LongTaskSummary>> {
  const install = () => {
    const w = window as unknown as { __longTasks?: number[] };
    if (w.__longTasks) return;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks!.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  };
  await page.addInitScript(install);
  await page.evaluate(install).catch(() => undefined); // about:blank or a closing page: the init script covers the next load
  return () =>
    page.evaluate(() => {
      const tasks = (window as unknown as { __longTasks?: number[] }).__longTasks ?? [];
      return { count: tasks.length, totalMs: tasks.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...tasks) };
    });
}

/** Collects uncaught page errors and console errors (CSP violations included) into the returned array. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Throttles the page's CPU (4 = a weak tablet) through the DevTools protocol. */
export async function throttleCpu(page: Page, rate: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** The app version of the service worker controlling the page (asks it with GET_VERSION), or null. */
export function controllerVersion(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((done) => {
        const sw = navigator.serviceWorker?.controller;
        if (!sw) return done(null);
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => done((e.data as { version?: string }).version ?? null);
        sw.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
        setTimeout(() => done(null), 5000);
      }),
  );
}

/** The version stamped in the page's index.html (<meta name="cartable-version">). */
export function pageVersion(page: Page): Promise<string | null> {
  return page.locator('meta[name="cartable-version"]').getAttribute('content');
}
