/**
 * Storage in real Chromium, on the real build: the app asks `navigator.storage.persist()`
 * once a student has signed in (never before: on the enrolment or sign-in screen nobody's
 * work is on the tablet yet), and the storage estimate reaches the home's "Espace sur la
 * tablette" panel: its meter and its words show the numbers `navigator.storage.estimate()`
 * gives in the page, and follow them after a sync once the tablet fills up.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, startServer, waitForServiceWorker, type E2EServer } from './harness.ts';
import { enrolTablet, signIn } from './student-helpers.ts';

/** Runs before the app's scripts: records every call to persist() (and what it answered), then calls the real one. */
const RECORD_PERSIST = `(() => {
  const calls = (window.__persistCalls = []);
  const storage = navigator.storage;
  const persist = storage.persist.bind(storage);
  storage.persist = function () {
    const call = { at: performance.now(), result: null };
    calls.push(call);
    return persist().then((r) => { call.result = r; return r; });
  };
})();`;

type PersistCall = { at: number; result: boolean | null };
const persistCalls = (page: Page) => page.evaluate(() => (window as unknown as { __persistCalls: PersistCall[] }).__persistCalls);
const estimate = (page: Page) => page.evaluate(async () => {
  const e = await navigator.storage.estimate();
  return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
});

const UNITS: Record<string, number> = { o: 1, Ko: 1e3, Mo: 1e6, Go: 1e9 };
/** "12,3 Go" → its bytes, and the rounding the display allows (half a unit of its last digit). */
function parseBytes(text: string): { bytes: number; slack: number } {
  const m = /^([\d\s\u202f\u00a0]+(?:,(\d))?)\s*(o|Ko|Mo|Go)$/.exec(text.trim());
  if (!m) throw new Error(`not a size: ${JSON.stringify(text)}`);
  const unit = UNITS[m[3]!]!;
  const value = Number(m[1]!.replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'));
  return { bytes: value * unit, slack: (m[2] !== undefined || unit === 1 ? 0.05 : 0.5) * unit + (unit === 1 ? 0.5 : 0) };
}

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

test('persist() is asked after sign-in (not before); the storage estimate reaches the home panel and follows it as the tablet fills', async () => {
  const { context, page } = await newTablet(browser);
  await page.addInitScript(RECORD_PERSIST);
  await page.goto(server.url);
  await waitForServiceWorker(page); // the precache counts in the estimate: let it land before we compare
  await enrolTablet(page, server);
  // The sync loop starts as soon as the tablet is enrolled: still, nobody signed in, nothing asked.
  await expect.poll(() => page.workers().some((w) => /sync\.worker/.test(w.url())), { timeout: 20_000 }).toBe(true);
  await page.waitForTimeout(500);
  expect(await persistCalls(page), 'persist() before any sign-in').toEqual([]);
  const beforeSignIn = await estimate(page);

  const signInAt = await page.evaluate(() => performance.now());
  await signIn(page, server.school!.students[0]!);
  await expect.poll(async () => (await persistCalls(page)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  const calls = await persistCalls(page);
  expect(calls[0]!.at).toBeGreaterThan(signInAt);
  await expect.poll(async () => typeof (await persistCalls(page))[0]!.result, { timeout: 10_000 }).toBe('boolean');

  // The home's storage panel: a meter (value = usage, max = quota) and the same in words.
  const meter = page.getByRole('meter', { name: 'Espace sur la tablette' });
  await meter.waitFor({ timeout: 15_000 });
  const shown = await meter.evaluate((m: HTMLMeterElement) => ({ usage: m.value, quota: m.max }));
  const now = await estimate(page);
  console.log(`storage: before sign-in ${JSON.stringify(beforeSignIn)}, shown ${JSON.stringify(shown)}, now ${JSON.stringify(now)}, persist() → ${JSON.stringify(calls)}`);
  expect(shown.usage).toBeGreaterThan(0);
  expect(shown.quota).toBeGreaterThan(shown.usage);
  // Read at sign-in; the sync's first writes may add a little since (and Chromium's quota of a
  // fresh profile is usage + a fixed allowance, so it moves with usage by the same amount).
  const drift = Math.max(256 * 1024, now.usage * 0.25);
  expect(Math.abs(shown.usage - now.usage), `shown usage ${shown.usage} vs estimate ${now.usage}`).toBeLessThanOrEqual(drift);
  expect(Math.abs(shown.quota - now.quota), `shown quota ${shown.quota} vs estimate ${now.quota}`).toBeLessThanOrEqual(drift);

  const words = (await page.locator('section[aria-labelledby="storage-title"] p').first().textContent()) ?? '';
  const m = /^(.+?) utilisés sur (.+?) \((\d+)\s?%\)$/.exec(words.replace(/\u202f/g, ' ').trim());
  expect(m, `storage words: ${JSON.stringify(words)}`).not.toBeNull();
  const used = parseBytes(m![1]!);
  const quota = parseBytes(m![2]!);
  expect(Math.abs(quota.bytes - shown.quota)).toBeLessThanOrEqual(quota.slack);
  expect(Math.abs(used.bytes - shown.usage)).toBeLessThanOrEqual(used.slack);
  expect(Number(m![3])).toBe(Math.round((shown.usage / shown.quota) * 100));

  // The tablet fills up (4 MB stored by the origin, like a few photos): after a sync the panel follows the estimate.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('ballast');
      r.onupgradeneeded = () => r.result.createObjectStore('b');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    await new Promise<void>((ok, ko) => {
      const tx = db.transaction('b', 'readwrite');
      tx.objectStore('b').put(new Blob([crypto.getRandomValues(new Uint8Array(65536)).buffer, new Uint8Array(4e6 - 65536)]), 1);
      tx.oncomplete = () => ok();
      tx.onerror = () => ko(tx.error);
    });
    db.close();
  });
  const filled = await estimate(page);
  expect(filled.usage).toBeGreaterThan(shown.usage + 3e6);
  await page.getByRole('button', { name: 'Synchroniser' }).first().click();
  const meterUsage = () => meter.evaluate((el: HTMLMeterElement) => el.value);
  await expect.poll(meterUsage, { timeout: 15_000 }).toBeGreaterThan(shown.usage + 3e6);
  const after = await estimate(page);
  expect(Math.abs((await meterUsage()) - after.usage)).toBeLessThanOrEqual(Math.max(256 * 1024, after.usage * 0.25));
  await context.close();
});
