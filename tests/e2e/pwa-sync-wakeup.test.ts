/**
 * Wake-ups: when the browser fires Background Sync's `sync` event on the service worker
 * (network back while the app sleeps), every open page receives {type:'sync-requested', tag}
 * and the page's sync runs. With no page of the app open, the SW runs the sync itself
 * (kept alive by waitUntil): an answer typed offline reaches the server with the app closed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, CDPSession } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, startServer, waitForServiceWorker, type E2EServer } from './harness.ts';
import { enrolTablet, publishAssignment, signIn, teacherGet, teacherToken } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The app's SW registration id (ServiceWorker domain enabled on `cdp`). */
async function swRegistration(cdp: CDPSession, origin = server.url): Promise<string> {
  const registration = new Promise<string>((done) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> }) => {
      const r = e.registrations.find((x) => x.scopeURL === `${origin}/` && !x.isDeleted);
      if (r) done(r.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return registration;
}

test("the SW's sync event reaches every open page as a 'sync-requested' message", async () => {
  const { context, page } = await newTablet(browser, server.url);
  await waitForServiceWorker(page);
  const second = await context.newPage();
  await second.goto(server.url);
  await waitForServiceWorker(second);
  for (const p of [page, second]) {
    await p.evaluate(() => {
      const w = window as unknown as { swMessages: unknown[] };
      w.swMessages = [];
      navigator.serviceWorker.addEventListener('message', (e) => w.swMessages.push(e.data));
    });
  }

  const cdp = await context.newCDPSession(page);
  const registrationId = await swRegistration(cdp);
  await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: server.url, registrationId, tag: 'cartable-sync', lastChance: false });

  for (const p of [page, second]) {
    await expect
      .poll(() => p.evaluate(() => (window as unknown as { swMessages: unknown[] }).swMessages))
      .toContainEqual({ type: 'sync-requested', tag: 'cartable-sync' });
  }
  await context.close();
});

test('with no page of the app open, the SW syncs itself: an answer typed offline reaches the server', async () => {
  // Its own server: stopped while the pupil types (nothing can leave the tablet), then back on the same origin.
  const dataDir = mkdtempSync(join(tmpdir(), 'cartable-bgsync-'));
  let own = await startServer({ staticDir: e2eDist().v1, seedDemo: true, dataDir });
  const token = await teacherToken(own);
  const assignment = await publishAssignment(own, token, {
    title: 'Rédaction du soir', instructionsMarkdown: 'Raconte ta journée.', dueAt: null,
    questions: [{ id: 'q1', kind: 'text', prompt: 'Raconte ta journée.', points: 5 }],
  });
  const school = own.school!;
  const student = school.students[0]!;
  const { context, page } = await newTablet(browser, own.url);
  try {
    await waitForServiceWorker(page);
    await enrolTablet(page, own);
    await signIn(page, student);
    await page.getByRole('link', { name: /Rédaction du soir/ }).click();
    await own.stop();

    await page.getByLabel('Ta réponse').fill('Ce soir, j’ai lu un livre.');
    const pending = () => page.evaluate(() => new Promise<number>((done, fail) => {
      const open = indexedDB.open('cartable');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const req = open.result.transaction('outbox').objectStore('outbox').index('state').count('pending');
        req.onsuccess = () => { done(req.result); open.result.close(); };
      };
    }));
    await expect.poll(pending, { timeout: 15_000 }).toBeGreaterThan(0);

    // The pupil closes the app (no window of the origin left); the server is back; the browser fires `sync`.
    const cdp = await context.newCDPSession(page);
    const registrationId = await swRegistration(cdp, own.url);
    await page.goto('about:blank');
    own = await startServer({ staticDir: e2eDist().v1, dataDir, port: own.port });
    const submissions = () => teacherGet<Array<{ student: { id: string }; submission: { latest: { answers: Array<{ text?: string }> } } | null }>>(own, token, `/api/assignments/${assignment.id}/submissions`);
    expect((await submissions()).find((r) => r.student.id === student.id)?.submission ?? null, 'nothing reached the server before the SW ran').toBeNull();
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: own.url, registrationId, tag: 'cartable-sync', lastChance: false });

    const sw = context.serviceWorkers().find((w) => w.url().startsWith(own.url))!;
    await expect.poll(() => sw.evaluate(() => (self as unknown as { lastBackgroundSync?: unknown }).lastBackgroundSync ?? null), { timeout: 30_000 }).not.toBeNull();
    expect(await sw.evaluate(() => (self as unknown as { lastBackgroundSync?: unknown }).lastBackgroundSync)).toMatchObject({ ok: true, pushed: 1 });
    await expect
      .poll(async () => (await submissions()).find((r) => r.student.id === student.id)?.submission?.latest.answers[0]?.text ?? null, { timeout: 30_000 })
      .toBe('Ce soir, j’ai lu un livre.');
  } finally {
    await context.close();
    await own.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
