/**
 * The media worker's script cut on the way (a first visit on a weak hotspot, before the offline
 * copy exists), as test:faults found for the sync worker: such a worker answers nothing, ever,
 * and the photo being compressed — and every photo queued behind it — waited until the app was
 * reloaded. The page's media bridge (src/media/page/media-bridge.ts, through
 * src/bridge/supervised-worker.ts) now replaces it and compresses the photo in the new worker.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { buildMediaPage, launchMediaBrowser } from './media-page/build-media-page.ts';

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await startTestApp({ staticDir: await buildMediaPage() });
  base = await t.listen();
  browser = await launchMediaBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A page whose first `cut` requests for the media worker's script fail. */
async function pageCutting(cut: number): Promise<{ page: Page; scriptRequests: string[] }> {
  const context = await browser.newContext();
  const scriptRequests: string[] = [];
  await context.route(/\/assets\/media\.worker-[^/]+\.js$/, async (route) => {
    scriptRequests.push(route.request().url());
    if (scriptRequests.length <= cut) await route.abort('connectionreset');
    else await route.continue();
  });
  const page = await context.newPage();
  await page.goto(`${base}/index.html`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, scriptRequests };
}

/** Compresses two photos one after the other; 'hung' if they are not done in `ms`. */
const compressTwo = (page: Page, ms: number) => page.evaluate(async (limit) => {
  const m = window.media;
  const photo = await m.makePagePhoto({ width: 1600, height: 1200, orientation: 1 });
  const both = Promise.all([m.compressPhoto(photo), m.compressPhoto(photo)]).then((r) => r.map((c) => ({ mime: c.mime, width: c.width, size: c.size })));
  return Promise.race([both, new Promise<'hung'>((ok) => setTimeout(() => ok('hung'), limit))]);
}, ms);

test('the media worker script fails to load once: a new worker compresses the photo, and the next one', async () => {
  const { page, scriptRequests } = await pageCutting(1);
  const r = await compressTwo(page, 30_000);
  expect(r).not.toBe('hung');
  expect(r).toEqual([
    { mime: 'image/webp', width: 1600, size: expect.any(Number) },
    { mime: 'image/webp', width: 1600, size: expect.any(Number) },
  ]);
  expect(scriptRequests.length).toBe(2);
  await page.context().close();
});

test('it fails to load twice: the photo is refused (the pupil can try again), never left waiting; the next photo works', async () => {
  const { page, scriptRequests } = await pageCutting(2);
  const first = await page.evaluate(async () => {
    const photo = await window.media.makePagePhoto({ width: 800, height: 600, orientation: 1 });
    const outcome = window.media.compressPhoto(photo).then(() => 'compressed', (e: Error) => e.name);
    return Promise.race([outcome, new Promise<'hung'>((ok) => setTimeout(() => ok('hung'), 30_000))]);
  });
  expect(first).toBe('WorkerUnavailableError');
  expect(await compressTwo(page, 30_000)).not.toBe('hung');
  expect(scriptRequests.length).toBe(3);
  await page.context().close();
});
