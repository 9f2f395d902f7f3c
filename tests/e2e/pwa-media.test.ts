/**
 * Lesson media offline: once a lesson's audio is in the 'lesson-media' cache (what the
 * prefetch after a sync does), the service worker answers /media/* from it with no network —
 * whole files (200) and Range requests (206 slices, what <audio> seeking sends) — and an
 * <audio> element loads it. Anything not cached and unreachable fails cleanly (never a shell page).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, startServer, waitForServiceWorker, type E2EServer } from './harness.ts';
import { DEMO_TEACHER } from '../../server/seed/demo-school.ts';

let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1, fullDemo: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('cached lesson audio is served offline by the SW, whole and by Range, and an <audio> element loads it', async () => {
  const audio = server.store.db.prepare("SELECT id, size, mime FROM lesson_media WHERE kind = 'audio' LIMIT 1").get() as { id: string; size: number; mime: string };
  expect(audio).toBeDefined();
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: DEMO_TEACHER.login, password: DEMO_TEACHER.password }),
  });
  const { token } = (await login.json()) as { token: string };

  const { context, page } = await newTablet(browser, server.url);
  await waitForServiceWorker(page);
  // What the prefetch does after a sync: an authorised fetch, kept whole in 'lesson-media'.
  const cached = await page.evaluate(async ({ id, token }) => {
    const res = await fetch(`/media/${id}`, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (res.status !== 200) return res.status;
    await (await caches.open('lesson-media')).put(`/media/${id}`, res);
    return 200;
  }, { id: audio.id, token });
  expect(cached).toBe(200);

  await context.setOffline(true);
  const answers = await page.evaluate(async (id) => {
    const whole = await fetch(`/media/${id}`);
    const slice = await fetch(`/media/${id}`, { headers: { range: 'bytes=100-199' } });
    const missing = await fetch(`/media/00000000-0000-4000-8000-000000000000`).then((r) => r.status, () => 'network error');
    return {
      whole: { status: whole.status, bytes: (await whole.arrayBuffer()).byteLength },
      slice: { status: slice.status, bytes: (await slice.arrayBuffer()).byteLength, range: slice.headers.get('content-range') },
      missing,
    };
  }, audio.id);
  expect(answers.whole).toEqual({ status: 200, bytes: audio.size });
  expect(answers.slice).toEqual({ status: 206, bytes: 100, range: `bytes 100-199/${audio.size}` });
  expect(answers.missing).toBe('network error');

  const duration = await page.evaluate(
    (id) =>
      new Promise<number>((done, fail) => {
        const el = document.createElement('audio');
        el.preload = 'auto';
        el.onloadedmetadata = () => done(el.duration);
        el.onerror = () => fail(new Error(`audio error ${el.error?.code}`));
        el.src = `/media/${id}`;
        document.body.append(el);
      }),
    audio.id,
  );
  expect(duration).toBeGreaterThan(0);
  await context.close();
});
