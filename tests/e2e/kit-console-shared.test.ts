/**
 * Issue 19 in real Chromium, the console side of the class kit:
 * - « Tout est synchronisé » is never false: a tablet not heard from within the window shows
 *   « pas de nouvelles depuis … » and keeps it off; the screen refreshes by itself every 10 s
 *   (a faked clock), not while the tab is hidden, and turns green once the tablet synced;
 * - the shared mini-PC: after the teacher signs out on a pupil's copy, the IT referent lands
 *   on their own home, the photo's blob: URL is revoked, « Précédent » brings nothing back and
 *   nothing personal was cacheable; the console signs out after 20 idle minutes, with a
 *   warning a minute before (a faked clock).
 */
import { expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { newTablet, runAxe, screenshot, type E2EServer, type SeededSchool, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, publishAssignment, signIn, teacherCall, teacherToken } from './student-helpers.ts';
import { allSyncedFlag, CONSOLE_DESKTOP, makeJpeg, signInConsole, smallTouchTargets } from './console-helpers.ts';

type Student = SeededSchool['students'][number];

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));


test('« Tout est synchronisé » only when every tablet gave news recently; the screen refreshes itself, not while hidden', async () => {
  const school = server.school!;
  const token = await teacherToken(server);
  await teacherCall(server, token, 'POST', `/api/devices/${school.device.id}/revoke`); // the seeded tablet never synced
  const { context: tabletCtx, page: tablet } = await newTablet(browser, server.url);
  await enrolTablet(tablet, server, 'Tablette 21');
  await signIn(tablet, school.students[0] as Student);
  await tablet.getByRole('button', { name: 'Synchroniser' }).click();
  const deviceId = () => server.store.db.prepare("SELECT id FROM devices WHERE name = 'Tablette 21'").pluck().get() as string;
  await expect.poll(() => server.store.db.prepare('SELECT pending_count FROM devices WHERE id = ?').pluck().get(deviceId()), { timeout: 30_000 }).toBe(0);
  // The tablet went quiet 20 minutes ago (out of the hotspot's reach): its last news is old.
  await tabletCtx.setOffline(true);
  await tablet.waitForTimeout(500);
  const quietSince = new Date(Date.now() - 20 * 60_000).toISOString();
  server.store.db.prepare('UPDATE devices SET last_sync_at = ? WHERE id = ?').run(quietSince, deviceId());

  const { context, page } = await newTablet(browser, undefined, CONSOLE_DESKTOP);
  await page.clock.install();
  const listCalls: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/devices?classId=')) listCalls.push(r.url()); });
  await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
  await page.goto(`${server.url}/console#/classes/${school.classId}/tablets`);
  await expect.poll(() => allSyncedFlag(page)).toBe('false');
  const row = page.locator(`tr[data-device="${deviceId()}"]`);
  const hhmm = await page.evaluate((iso) => new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short' }).format(new Date(iso)), quietSince); // the tablet's time zone
  expect(await row.textContent()).toContain(`Pas de nouvelles depuis ${hhmm}`);
  expect(await page.getByText('depuis moins de 15 min').count()).toBe(1);
  expect(await runAxe(page)).toEqual([]);
  expect(await smallTouchTargets(page)).toEqual([]);
  await screenshot(page, 'kit-tablets-no-news');

  // The tablet syncs again: without a reload, the next refresh (10 s later) turns the screen green.
  const before = listCalls.length;
  await tabletCtx.setOffline(false);
  await tablet.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(() => server.store.db.prepare('SELECT last_sync_at FROM devices WHERE id = ?').pluck().get(deviceId()), { timeout: 30_000 }).not.toBe(quietSince);
  await page.clock.runFor(10_000);
  await expect.poll(() => allSyncedFlag(page)).toBe('true');
  expect(listCalls.length).toBe(before + 1);
  expect(await page.getByRole('status').filter({ hasText: 'Tout est synchronisé' }).count()).toBe(1);
  await screenshot(page, 'kit-tablets-all-synced');

  // Hidden tab: no refresh at all; shown again: one at once.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const hidden = listCalls.length;
  await page.clock.runFor(60_000);
  expect(listCalls.length).toBe(hidden);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(() => listCalls.length).toBe(hidden + 1);
  await context.close();
  await tabletCtx.close();
});

test('the shared mini-PC: after sign-out nothing of the teacher is left for the IT referent; idle sign-out after 20 min', async () => {
  const school = server.school!;
  const token = await teacherToken(server);
  const noah = school.students[1] as Student;
  const question = { id: 'q1', kind: 'photo' as const, prompt: 'Photographie ta feuille.', points: 5 };
  const a = await publishAssignment(server, token, { title: 'Feuille d’exercices', instructionsMarkdown: '', dueAt: null, questions: [question] });

  const { context, page } = await newTablet(browser, undefined, CONSOLE_DESKTOP);
  await page.clock.install();
  await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
  const photo = await makeJpeg(page, 'Copie de Noah Bernard');
  const paper = await fetch(`${server.url}/api/assignments/${a.id}/students/${noah.id}/paper`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' }, body: new Uint8Array(photo),
  });
  expect(paper.status).toBe(201);
  const { submission } = (await paper.json()) as { submission: { id: string } };

  // The teacher opens Noah's copy with its photo, then signs out.
  const attachmentAnswers: { url: string; cacheControl: string | null }[] = [];
  page.on('response', (r) => { if (r.url().includes('/files/attachments/')) attachmentAnswers.push({ url: r.url(), cacheControl: r.headers()['cache-control'] ?? null }); });
  await page.goto(`${server.url}/console#/classes/${school.classId}/assignments/${a.id}/submissions/${submission.id}`);
  const img = page.getByRole('img', { name: /Photo/ });
  await img.waitFor();
  const blobUrl = (await img.getAttribute('src'))!;
  expect(blobUrl).toMatch(/^blob:/);
  expect(attachmentAnswers.map((r) => r.cacheControl)).toEqual(['private, no-store']);
  // She goes on to another screen (the copy is now one step back in the history), then signs out.
  await page.getByRole('navigation').getByRole('link', { name: 'Classes' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Choisir une classe');
  expect(await page.evaluate(() => history.length)).toBe(4);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByLabel('Identifiant').waitFor();
  expect(new URL(page.url()).hash).toBe('');
  expect(await page.evaluate(async (u) => fetch(u).then(() => 'readable', () => 'revoked'), blobUrl)).toBe('revoked');

  // The IT referent signs in: their own home, not Noah's copy; « Précédent » brings nothing back.
  await page.getByLabel('Identifiant').fill(school.it.login);
  await page.getByLabel('Mot de passe').fill(school.it.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Choisir une classe');
  expect(await page.getByRole('img', { name: /Photo/ }).count()).toBe(0);
  const seenBefore = attachmentAnswers.length;
  // Two steps back are the teacher's copy and her home (the third would leave the console for the blank tab).
  for (let i = 0; i < 2; i++) {
    await page.goBack().catch(() => undefined);
    await page.waitForTimeout(300);
    expect(page.url().startsWith(`${server.url}/console`)).toBe(true);
    expect(await page.getByRole('img', { name: /Photo/ }).count()).toBe(0);
    expect(await page.content()).not.toContain('Feuille d’exercices');
  }
  expect(attachmentAnswers.length).toBe(seenBefore); // the copy was never asked for again
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Choisir une classe');
  expect(await page.getByText('Connecté·e : Référent numérique').count()).toBe(1);

  // Idle: a warning a minute before, « Rester connecté·e » starts again, then the sign-out.
  await page.clock.runFor(19 * 60_000 + 1_000);
  const warning = page.getByRole('dialog', { name: 'Toujours là ?' });
  await warning.waitFor();
  expect(await warning.textContent()).toMatch(/déconnecté·e dans \d+ s/);
  expect(await runAxe(page)).toEqual([]);
  await screenshot(page, 'kit-idle-warning');
  await warning.getByRole('button', { name: 'Rester connecté·e' }).click();
  await expect.poll(() => warning.isVisible()).toBe(false);
  await page.clock.runFor(19 * 60_000);
  expect(await page.getByText('Connecté·e : Référent numérique').count()).toBe(1);
  await page.clock.runFor(61_000);
  await page.getByLabel('Identifiant').waitFor();
  expect(await page.getByText('Vous avez été déconnecté·e après 20 min sans activité.').count()).toBe(1);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await screenshot(page, 'kit-idle-signed-out');
  await context.close();
});
