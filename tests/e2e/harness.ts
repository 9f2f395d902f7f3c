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
 * - The small seed (seed.ts): class 5e B of Inès Martin (secret 1234), Noah Bernard (2345), Léa
 *   Petit (3456); teacher prof@college.test / prof-e2e-pass; IT it@college.test / referent-e2e-pass;
 *   one enrolled device (`school.device.token`); no content (publish what you need via the API).
 * - `startServer({ …, fullDemo: true })` seeds the full demo school of `npm start` instead
 *   (`server.demo`: lessons with media, three assignments, 15 students with secret 1234).
 * - `server.store` is the live SqliteStore (assert on what the server stored); `server.deploy(dir)`
 *   swaps the served build without a restart; `server.stop()` closes it (offline tests), and
 *   `startServer({ …, dataDir: server.dataDir, port: server.port })` brings the same origin back.
 * - The origin (http://127.0.0.1:<port>) is a secure context: SW, IndexedDB, camera all work.
 *   A new server = a new port = a new origin = empty IndexedDB/SW (tests do not leak state).
 * - `await waitForServiceWorker(page)` before going offline (`context.setOffline(true)`).
 * - `collectLongTasks(page)` before the navigation you measure; `pageErrors(page)` catches
 *   uncaught errors and console errors (CSP violations show there).
 * - Installability tests need `launchPersistentTablet()` (a persistent profile).
 * - `controllerVersion(page)` / `pageVersion(page)`: the app version of the SW / of the page.
 * - `e2eDist().versions` = { v1: '1.0.0-e2e', v2: '1.0.1-e2e' } (`__APP_VERSION__` of each build).
 * - Benches import e2e-server.ts and e2e-browser.ts directly (this file needs Vitest's inject);
 *   under tsx, pass page scripts to addInitScript/evaluate as STRINGS (tsx wraps nested functions
 *   in a `__name` helper that does not exist in the page).
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, FAKE_MEDIA_ARGS, TABLET, launchBrowser, launchPersistentTablet } from './e2e-browser.ts';

export { startServer, type E2EServer, type StartServerOptions } from './e2e-server.ts';
import { startServer, type E2EServer } from './e2e-server.ts';
export { CHROMIUM, CHROMIUM_ARGS, FAKE_MEDIA_ARGS, TABLET, launchBrowser, launchPersistentTablet };
export type { SeededSchool } from './seed.ts';

const SCREENSHOTS = resolve('tests/e2e/screenshots');

/** The two builds of this run: `v1` (versions.v1) and `v2` (versions.v2, for update tests). */
export function e2eDist() {
  return inject('e2eDist');
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

/** Waits until a service worker controls the page (first visit: after install + clientsClaim). */
export async function waitForServiceWorker(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', undefined, { timeout: timeoutMs });
}

/**
 * Saves a full-page PNG to tests/e2e/screenshots/<name>.png (git-ignored); returns the path.
 * `clip` (viewport coordinates, CSS px): only that rectangle of the viewport.
 */
export async function screenshot(page: Page, name: string, options: { clip?: { x: number; y: number; width: number; height: number } } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot(options.clip ? { path, clip: options.clip } : { path, fullPage: true });
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
    // A failed request names its address: the message alone does not say which one it was.
    if (m.type() === 'error') errors.push(`console: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
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

/**
 * The usual set-up of a test file: the real server on the small seeded school (the v1 build) and
 * one headless Chromium, started before the file's tests and stopped after them; `use` gets them
 * (`let server, browser; useDemoServerAndBrowser((s) => ({ server, browser } = s));`); `fakeMedia`:
 * a fake camera and microphone.
 */
export function useDemoServerAndBrowser(use: (started: { server: E2EServer; browser: Browser }) => void, options: { fakeMedia?: boolean } = {}): void {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer({ staticDir: e2eDist().v1, seedDemo: true });
    browser = await launchBrowser(options);
    use({ server, browser });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
}
