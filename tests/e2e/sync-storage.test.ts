/**
 * Storage in real Chromium, on the real build: the app asks `navigator.storage.persist()`
 * once a student has signed in (never before: on the enrolment or sign-in screen nobody's
 * work is on the tablet yet); the home says nothing about storage while there is room, and
 * once the tablet is nearly full (estimate() answering 95 % in the sync worker, which reads
 * it after every cycle) a panel says so in words — never byte counts.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, waitForServiceWorker, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, shootBoth, signIn } from './student-helpers.ts';

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

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

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

  // While there is room the home says nothing about storage: no panel, no byte counts.
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
  await page.waitForTimeout(500);
  expect(await page.getByRole('region', { name: 'La tablette est presque pleine' }).count()).toBe(0);
  expect(await page.locator('main').textContent()).not.toMatch(/\d\s?(o|Ko|Mo|Go)\b|utilisés/);

  // The tablet gets full: estimate() answers 95 % in the sync worker (which reads it after every
  // cycle) and in the page. After a sync the panel speaks, in words.
  const now = await estimate(page);
  console.log(`storage: before sign-in ${JSON.stringify(beforeSignIn)}, now ${JSON.stringify(now)}, persist() → ${JSON.stringify(calls)}`);
  const nearlyFull = 'StorageManager.prototype.estimate = async () => ({ usage: 9.5e9, quota: 1e10 });';
  const syncWorker = page.workers().find((w) => /sync\.worker/.test(w.url()))!;
  await syncWorker.evaluate(nearlyFull);
  await page.evaluate(nearlyFull);
  await page.getByRole('button', { name: 'Synchroniser' }).first().click();
  const panel = page.getByRole('region', { name: 'La tablette est presque pleine' });
  await panel.waitFor({ timeout: 15_000 });
  expect(await panel.textContent()).toContain('Synchronise dès que tu as du réseau');
  expect(await panel.textContent()).not.toMatch(/\d\s?(o|Ko|Mo|Go)\b|%/);
  await shootBoth(page, 'student-home-storage-warning');
  await context.close();
});
