/**
 * Lesson media downloaded once per device into the 'lesson-media' cache (the one the
 * service worker serves /media/* from), in real Chromium against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createMediaFixture, type MediaFixture } from '../unit/media/media-fixture.ts';
import { fakeJpeg, fakeWebm } from '../unit/media/media-bytes.ts';
import { buildMediaPage, launchMediaBrowser } from './media-page/build-media-page.ts';
import type { MediaRef } from '../../src/protocol/entities.ts';

let t: TestApp;
let fx: MediaFixture;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let requests: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ staticDir: await buildMediaPage() });
  fx = await createMediaFixture(t.store);
  const base = await t.listen();
  browser = await launchMediaBrowser();
  context = await browser.newContext();
  page = await context.newPage();
  page.on('request', (r) => r.url().includes('/media/') && requests.push(r.url()));
  await page.goto(`${base}/index.html`);
  await page.waitForSelector('body[data-ready="true"]');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const add = async (lessonId: string, body: Buffer, type: string) =>
  (await t.app.inject({ method: 'POST', url: `/api/lessons/${lessonId}/media?name=m`, headers: { ...fx.userHeaders(fx.teacher.token), 'content-type': type }, payload: body })).json() as MediaRef;

describe('prefetchLessonMedia', () => {
  it('downloads each lesson medium once, keeps it for offline use, and never caches a refusal', async () => {
    const lesson = fx.addLesson();
    const image = fakeJpeg(120_000);
    const audio = fakeWebm(60_000);
    const refs = [await add(lesson, image, 'image/jpeg'), await add(lesson, audio, 'audio/webm')];
    const hidden = await add(fx.addLesson({ published: false }), fakeJpeg(1000), 'image/jpeg');
    const headers = fx.studentHeaders(fx.ana.token);
    const run = (urls: string[]) =>
      page.evaluate(({ urls, headers }) => window.media.prefetchLessonMedia(urls, { baseUrl: location.origin, headers }), { urls, headers });

    requests = [];
    expect(await run([...refs.map((r) => r.url), hidden.url])).toEqual({ fetched: 2, alreadyCached: 0, failed: 1 });
    expect(requests.length).toBe(3);
    requests = [];
    expect(await run(refs.map((r) => r.url))).toEqual({ fetched: 0, alreadyCached: 2, failed: 0 });
    expect(requests).toEqual([]);

    await context.setOffline(true);
    const cached = await page.evaluate(
      async ({ urls, hiddenUrl, name }) => {
        const cache = await caches.open(name);
        const out: { size: number; type: string | null; etag: string | null }[] = [];
        for (const u of urls) {
          const res = (await cache.match(new URL(u, location.origin).toString()))!;
          out.push({ size: (await res.arrayBuffer()).byteLength, type: res.headers.get('content-type'), etag: res.headers.get('etag') });
        }
        return { out, hidden: (await cache.match(new URL(hiddenUrl, location.origin).toString())) !== undefined };
      },
      { urls: refs.map((r) => r.url), hiddenUrl: hidden.url, name: 'lesson-media' },
    );
    await context.setOffline(false);
    expect(cached.out).toEqual([
      { size: image.length, type: 'image/jpeg', etag: `"${refs[0]!.sha256}"` },
      { size: audio.length, type: 'audio/webm', etag: `"${refs[1]!.sha256}"` },
    ]);
    expect(cached.hidden).toBe(false);
  });
});
