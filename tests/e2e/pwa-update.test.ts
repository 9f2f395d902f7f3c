/**
 * Updates piloted by the school server: a new build deployed while a student types is
 * installed in the background and announced (« Nouvelle version disponible ») without
 * reloading or touching the draft; it runs after the student accepts — or at the next cold
 * start when they do not.
 *
 * The first two tests use a stand-in draft field (a textarea saving to IndexedDB on every
 * keystroke) added to the running app: they pin the update mechanics whatever the screen.
 * The last one is the real thing: a student typing in the assignment screen.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { controllerVersion, e2eDist, launchBrowser, newTablet, pageVersion, startServer, waitForServiceWorker, type E2EServer } from './harness.ts';
import { enrolTablet, publishAssignment, signIn, teacherToken } from './student-helpers.ts';

let browser: Browser;
const servers: E2EServer[] = [];
const { v1, v2, versions } = e2eDist();

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
});

async function serveV1(seedDemo = false) {
  const server = await startServer({ staticDir: v1, seedDemo });
  servers.push(server);
  return server;
}

/** Adds a textarea that saves its text to IndexedDB ('e2e-drafts') on each input. */
async function addDraftField(page: Page) {
  await page.evaluate(() => {
    const field = document.createElement('textarea');
    field.id = 'e2e-draft';
    field.setAttribute('aria-label', 'Brouillon');
    document.body.append(field);
    const open = () =>
      new Promise<IDBDatabase>((done, fail) => {
        const req = indexedDB.open('e2e-drafts', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('drafts');
        req.onsuccess = () => done(req.result);
        req.onerror = () => fail(req.error);
      });
    field.addEventListener('input', () => {
      void open().then((db) => db.transaction('drafts', 'readwrite').objectStore('drafts').put(field.value, 'answer'));
    });
    // Survives only if the page is NOT reloaded.
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
}

function savedDraft(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () =>
      new Promise<string | undefined>((done, fail) => {
        const req = indexedDB.open('e2e-drafts', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('drafts');
        req.onerror = () => fail(req.error);
        req.onsuccess = () => {
          const get = req.result.transaction('drafts').objectStore('drafts').get('answer');
          get.onsuccess = () => done(get.result as string | undefined);
        };
      }),
  );
}

const checkForUpdate = (page: Page) => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

test('an update deployed while a student types is announced, leaves the draft alone, and runs after acceptance', async () => {
  const server = await serveV1();
  const { context, page } = await newTablet(browser, server.url);
  await waitForServiceWorker(page);
  expect(await controllerVersion(page)).toBe(versions.v1);
  await addDraftField(page);
  await page.locator('#e2e-draft').click();
  await page.keyboard.type('Le Rhône prend sa source ');

  server.deploy(v2);
  await checkForUpdate(page);
  await expect.poll(() => page.getByText(/Nouvelle version disponible/).isVisible(), { timeout: 60_000 }).toBe(true);

  // Announced, not applied: same document, same focus, same text, still the old version.
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('e2e-draft');
  expect(await page.locator('#e2e-draft').inputValue()).toBe('Le Rhône prend sa source ');
  expect(await controllerVersion(page)).toBe(versions.v1);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');

  // The student keeps typing; nothing interrupts them.
  await page.keyboard.type('en Suisse.');
  const draft = 'Le Rhône prend sa source en Suisse.';
  await expect.poll(() => savedDraft(page)).toBe(draft);
  expect(await pageVersion(page)).toBe(versions.v1);

  // Acceptance: the new version takes over and the page reloads once, into v2.
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: /Mettre à jour/ }).click()]);
  await expect.poll(() => pageVersion(page)).toBe(versions.v2);
  expect(await controllerVersion(page)).toBe(versions.v2);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBeUndefined();
  expect(await savedDraft(page)).toBe(draft);
  await context.close();
});

test('an update the student did not accept runs at the next cold start', async () => {
  const server = await serveV1();
  const { context, page } = await newTablet(browser, server.url);
  await waitForServiceWorker(page);
  server.deploy(v2);
  await checkForUpdate(page);
  await expect.poll(() => page.getByText(/Nouvelle version disponible/).isVisible(), { timeout: 60_000 }).toBe(true);
  expect(await pageVersion(page)).toBe(versions.v1);
  await page.close();

  // Cold start: with no page left, the waiting worker activates; the new page runs v2.
  const next = await context.newPage();
  await next.goto(server.url);
  await expect.poll(() => pageVersion(next), { timeout: 30_000 }).toBe(versions.v2);
  expect(await controllerVersion(next)).toBe(versions.v2);
  await context.close();
});

test('a student typing an answer in the assignment screen: the update waits, keeps every keystroke, and the tablet reports its new version at sync', async () => {
  const server = await serveV1(true);
  const assignment = await publishAssignment(server, await teacherToken(server), {
    title: 'Le trajet du Rhône',
    instructionsMarkdown: 'Réponds en une phrase.',
    dueAt: null,
    questions: [{ id: 'q-text', kind: 'text', prompt: 'Où le Rhône prend-il sa source ?', points: 2 }],
  });
  const { context, page } = await newTablet(browser, server.url);
  await waitForServiceWorker(page);
  await enrolTablet(page, server);
  await signIn(page, server.school!.students[0]!);
  await page.getByRole('link', { name: /Le trajet du Rhône/ }).click({ timeout: 30_000 });
  // The tablet reports the version it runs at sync (shown to teachers and the IT referent).
  const reportedVersion = () => (server.store.db.prepare("SELECT app_version AS v FROM devices WHERE name = 'Tablette 12'").get() as { v: string | null } | undefined)?.v;
  await expect.poll(reportedVersion, { timeout: 60_000 }).toBe(versions.v1);
  const answer = page.getByLabel('Ta réponse');
  await answer.click();
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await page.keyboard.type('Le Rhône prend sa source ');

  server.deploy(v2);
  await checkForUpdate(page);
  await expect.poll(() => page.getByText(/Nouvelle version disponible/).isVisible(), { timeout: 60_000 }).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  expect(await answer.inputValue()).toBe('Le Rhône prend sa source ');

  // The last words are still in the debounce window when the student taps « Mettre à jour »:
  // the update flushes them (beforeUpdate) before the reload.
  await page.keyboard.type('en Suisse.');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: /Mettre à jour/ }).click()]);
  await expect.poll(() => pageVersion(page)).toBe(versions.v2);
  expect(page.url()).toBe(`${server.url}/assignments/${assignment.id}`);
  await expect.poll(() => page.getByLabel('Ta réponse').inputValue(), { timeout: 30_000 }).toBe('Le Rhône prend sa source en Suisse.');
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(reportedVersion, { timeout: 60_000 }).toBe(versions.v2);
  await context.close();
});

test('two open pages: accepting in one updates it; the other keeps its page until its own student accepts', async () => {
  const server = await serveV1();
  const { context, page: first } = await newTablet(browser, server.url);
  await waitForServiceWorker(first);
  const second = await context.newPage();
  await second.goto(server.url);
  await waitForServiceWorker(second);
  await second.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  server.deploy(v2);
  await checkForUpdate(first);
  for (const p of [first, second]) await expect.poll(() => p.getByText(/Nouvelle version disponible/).isVisible(), { timeout: 60_000 }).toBe(true);
  await Promise.all([first.waitForEvent('load'), first.getByRole('button', { name: /Mettre à jour/ }).click()]);
  await expect.poll(() => pageVersion(first)).toBe(versions.v2);

  // The other page was not reloaded under its student; its own « Mettre à jour » still works.
  expect(await second.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(await pageVersion(second)).toBe(versions.v1);
  await Promise.all([second.waitForEvent('load'), second.getByRole('button', { name: /Mettre à jour/ }).click()]);
  await expect.poll(() => pageVersion(second)).toBe(versions.v2);
  await context.close();
});
