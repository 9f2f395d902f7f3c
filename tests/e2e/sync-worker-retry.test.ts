/**
 * Found by test:faults: a worker whose script is cut on the way (a first visit on a weak
 * hotspot, before the offline copy exists) answers nothing, ever — every call the page made to
 * it waited forever, and the tablet did not sync until the app was reloaded. The page's sync
 * layer (src/sync/page/sync-bridge.ts) now replaces a failed worker: here the first request for
 * the sync worker's script fails, and the pupil's first sync still happens, from a new worker.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, startServer, type E2EServer } from './harness.ts';
import { enrolTablet, signIn } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1, seedDemo: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('the sync worker script fails to load once: a new worker takes over and the first sync happens', async () => {
  const { context, page } = await newTablet(browser);
  const scriptRequests: string[] = [];
  await context.route(/\/assets\/sync\.worker-[^/]+\.js$/, async (route) => {
    scriptRequests.push(route.request().url());
    if (scriptRequests.length === 1) await route.abort('connectionreset');
    else await route.continue();
  });
  const pulls: string[] = [];
  context.on('requestfinished', (r) => { if (r.url().includes('/api/sync/pull')) void r.response().then((a) => pulls.push(`${a?.status()}`)); });

  await page.goto(server.url);
  await enrolTablet(page, server);
  await signIn(page, server.school!.students[0]!);

  await expect.poll(() => pulls.length, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(scriptRequests.length).toBeGreaterThanOrEqual(2);
  // What the pull brought is on the tablet (the class and its pupils come only from the sync).
  await expect.poll(async () => page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => { const r = indexedDB.open('cartable'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    const n = await new Promise<number>((ok, ko) => { const r = db.transaction('classes').objectStore('classes').count(); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    db.close();
    return n;
  }), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(pulls.every((s) => s === '200')).toBe(true);
  await context.close();
});
