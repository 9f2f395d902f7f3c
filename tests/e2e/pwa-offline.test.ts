/**
 * Offline cold start: once the app has been opened online, a new page with no network and
 * the school server stopped still starts the app shell from the service worker's precache —
 * the root, and a deep link (navigation fallback to index.html).
 */
import { expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2eDist, newTablet, pageErrors, startServer, waitForServiceWorker, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, publishAssignment, signIn, teacherToken } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const OFFLINE_NOISE = /Failed to fetch|NetworkError|net::ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|Failed to load resource/;

test('with the network off and the server stopped, a new page starts the app shell from the SW cache', async () => {
  const { context, page } = await newTablet(browser, server.url);
  await waitForServiceWorker(page);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.close();

  await context.setOffline(true);
  await server.stop();
  // The server is really gone: a request from Node fails.
  await expect(fetch(`${server.url}/index.html`)).rejects.toThrow();

  const offline = await context.newPage();
  const errors = pageErrors(offline);
  const response = await offline.goto(server.url);
  expect(response?.fromServiceWorker()).toBe(true);
  // The same first screen as online (enrolment, sign-in or home: it has a heading once its
  // data is read from IndexedDB), with its version stamp.
  await offline.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 10_000 });
  expect((await offline.locator('#app').innerText()).trim()).not.toBe('');
  // Hashed build files come straight from the precache through Chromium's static routing,
  // without waking the service worker's JavaScript (faster cold start).
  const assetSources = await offline.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.startsWith('/assets/'))
      .map((e) => (e as PerformanceResourceTiming & { workerFinalSourceType?: string }).workerFinalSourceType),
  );
  expect(assetSources.length).toBeGreaterThan(0);
  expect(new Set(assetSources)).toEqual(new Set(['cache']));
  expect(await offline.locator('meta[name="cartable-version"]').getAttribute('content')).toBe(e2eDist().versions.v1);

  // A deep link is answered with the precached shell too (navigation fallback).
  const deep = await offline.goto(`${server.url}/assignments/some-id`);
  expect(deep?.fromServiceWorker()).toBe(true);
  expect(await offline.locator('script[type="module"]').count()).toBe(1);
  // Offline failures of API calls are expected; a missing shell file or a CSP error is not.
  expect(errors.filter((e) => !OFFLINE_NOISE.test(e))).toEqual([]);
  await context.close();
});

test('a signed-in student who closed the app opens it offline, server stopped: home screen with their work', async () => {
  const own = await startServer({ staticDir: e2eDist().v1, seedDemo: true });
  try {
    await publishAssignment(own, await teacherToken(own), {
      title: 'Exercice hors ligne',
      instructionsMarkdown: 'À faire à la maison.',
      dueAt: null,
      questions: [{ id: 'q-text', kind: 'text', prompt: 'Écris une phrase.', points: 1 }],
    });
    const { context, page } = await newTablet(browser, own.url);
    await waitForServiceWorker(page);
    await enrolTablet(page, own);
    await signIn(page, own.school!.students[0]!);
    await page.getByRole('link', { name: /Exercice hors ligne/ }).waitFor({ timeout: 30_000 });
    await page.close();

    await context.setOffline(true);
    await own.stop();
    const offline = await context.newPage();
    const errors = pageErrors(offline);
    expect((await offline.goto(own.url))?.fromServiceWorker()).toBe(true);
    await offline.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor({ timeout: 10_000 });
    await offline.getByRole('link', { name: /Exercice hors ligne/ }).click();
    await offline.getByLabel('Ta réponse').waitFor();
    expect(errors.filter((e) => !OFFLINE_NOISE.test(e))).toEqual([]);
    await context.close();
  } finally {
    await own.stop().catch(() => undefined);
  }
});
