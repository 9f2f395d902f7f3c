/**
 * Lesson media reach the offline cache from the sync worker after a pull — in real Chromium,
 * on the real build: the pupil signs in and stays on the home screen (never opens the
 * lesson); the lesson's image lands in 'lesson-media', fetched by the sync worker, and a
 * lesson published later is cached after the next sync too, then shown offline.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, waitForServiceWorker, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, publishLesson, signIn, teacherToken } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const cachedMedia = (page: Page) =>
  page.evaluate(async () => (await (await caches.open('lesson-media')).keys()).map((r) => new URL(r.url).pathname).sort());

test('the sync worker caches lesson media after a pull; the home screen fetches none', async () => {
  const token = await teacherToken(server);
  const png = readFileSync('public/icons/icon-192.png');
  const first = await publishLesson(server, token, 'La photosynthèse', 'Les plantes fabriquent leur **nourriture**.', png);
  const firstUrl = first.bodyMarkdown.match(/\/media\/[A-Za-z0-9_-]+/)![0];

  const { context, page } = await newTablet(browser);
  // Which thread asked for /media/: the page's own fetch() is recorded (a worker has its own, untouched).
  await page.addInitScript(`(() => {
    const calls = (window.__pageMediaFetches = []);
    const real = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const u = typeof input === 'string' ? input : input.url ?? String(input);
      if (u.includes('/media/')) calls.push(u);
      return real(input, init);
    };
  })();`);
  await page.goto(server.url);
  await waitForServiceWorker(page);
  await enrolTablet(page, server);
  await signIn(page, server.school!.students[0]!);

  await expect.poll(() => cachedMedia(page), { timeout: 30_000 }).toContain(firstUrl);
  const fromPage = await page.evaluate(() => (window as unknown as { __pageMediaFetches: string[] }).__pageMediaFetches);
  expect(fromPage, 'the page itself fetched no lesson medium').toEqual([]);

  // A lesson published later: cached after the next sync (« Synchroniser »), still without opening it.
  const second = await publishLesson(server, token, 'Le cycle de l’eau', 'La pluie.', png);
  const secondUrl = second.bodyMarkdown.match(/\/media\/[A-Za-z0-9_-]+/)![0];
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(() => cachedMedia(page), { timeout: 30_000 }).toContain(secondUrl);

  // Offline, the lesson shows its image from the cache.
  await context.setOffline(true);
  await page.getByRole('link', { name: /Le cycle de l’eau/ }).click();
  const img = page.getByRole('img', { name: 'Schéma de la leçon' });
  await img.waitFor();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  await context.close();
});
