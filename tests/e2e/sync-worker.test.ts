/**
 * The sync worker in real Chromium, on the real build: a fresh tablet's first sync of a big
 * class (200 lessons, 300 assignments) runs in the worker. Proved structurally, not by a
 * timing: the page's own fetch and XMLHttpRequest are wrapped before the app loads and never
 * see an /api/sync/ call, while the browser does send the pulls and a sync worker is running.
 * The main thread's long tasks are only logged: the 50 ms target lives in
 * bench/sync-main-thread-bench.ts (`npm run bench:sync`), timings are noisy here.
 * Then a no-change sync ("Synchroniser"): one request, and its size on the wire as Chromium
 * reports it (headers included).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { collectLongTasks, e2eDist, launchBrowser, newTablet, startServer, type E2EServer } from './harness.ts';
import { enrolTablet, signIn } from './student-helpers.ts';
import { seedContent } from '../../bench/sync-bench-data.ts';

/**
 * Runs on the page's main thread before its scripts: counts the calls to /api/sync/ made
 * through the page's fetch and XMLHttpRequest (a worker has its own, unwrapped, globals).
 */
const COUNT_MAIN_THREAD_SYNC_CALLS = `(() => {
  const calls = (window.__mainThreadSyncCalls = []);
  const note = (url) => { if (String(url).includes('/api/sync/')) calls.push(String(url)); };
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    note(input instanceof Request ? input.url : input);
    return fetch.call(this, input, init);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    note(url);
    return open.call(this, method, url, ...rest);
  };
})();`;
const mainThreadSyncCalls = (page: Page) => page.evaluate(() => (window as unknown as { __mainThreadSyncCalls: string[] }).__mainThreadSyncCalls);

let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1, seedDemo: true });
  browser = await launchBrowser();
  const school = server.school!;
  seedContent(server.store, { schoolId: school.schoolId, teacherId: school.teacher.id }, school.classId, 200, 300);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('the first sync of a big class runs off the main thread; a no-change sync is one small request', async () => {
  const { context, page } = await newTablet(browser);
  await page.addInitScript(COUNT_MAIN_THREAD_SYNC_CALLS);
  await page.goto(server.url);
  await enrolTablet(page, server);
  const longTasks = await collectLongTasks(page);
  const syncRequests: Request[] = [];
  context.on('request', (r) => { if (r.url().includes('/api/sync/')) syncRequests.push(r); });

  await signIn(page, server.school!.students[0]!);
  const counts = () => page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => { const r = indexedDB.open('cartable'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    const count = (store: string) => new Promise<number>((ok, ko) => { const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    const out = { lessons: await count('lessons'), assignments: await count('assignments') };
    db.close();
    return out;
  });
  await expect.poll(counts, { timeout: 60_000, interval: 250 }).toEqual({ lessons: 200, assignments: 300 });
  await page.waitForTimeout(1500); // let the UI settle on the new content
  const tasks = await longTasks();
  console.log(`main-thread long tasks during the first sync (information; target in bench:sync): ${JSON.stringify(tasks)}`);
  expect(syncRequests.some((r) => r.url().includes('/api/sync/pull'))).toBe(true);
  expect(syncRequests.filter((r) => r.serviceWorker() !== null), 'sync requests made by the service worker itself').toEqual([]);
  expect(page.workers().map((w) => w.url()).some((u) => /sync\.worker/.test(u)), `a sync worker runs: ${page.workers().map((w) => w.url()).join(', ')}`).toBe(true);
  expect(await mainThreadSyncCalls(page), 'sync calls made from the main thread').toEqual([]);

  syncRequests.length = 0;
  await page.getByRole('button', { name: 'Synchroniser' }).first().click();
  await expect.poll(() => syncRequests.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(1000);
  expect(syncRequests.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual(['GET /api/sync/pull']);
  expect(await mainThreadSyncCalls(page), 'sync calls made from the main thread').toEqual([]);
  const res = await syncRequests[0]!.response();
  await res?.finished();
  const sizes = await syncRequests[0]!.sizes();
  const up = sizes.requestHeadersSize + sizes.requestBodySize;
  const down = sizes.responseHeadersSize + sizes.responseBodySize;
  console.log(`no-change sync in Chromium: ${up} B up, ${down} B down`);
  expect(up).toBeLessThanOrEqual(1024);
  expect(down).toBeLessThanOrEqual(1024);
  await context.close();
});
