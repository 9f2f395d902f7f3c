/**
 * Issue 17 in real Chromium: the live class from the teacher's mini-PC (a console context at
 * 1366×768) with two pupils' tablets (their own contexts).
 * - start a session; push « Exercice en direct »: the pupil on the home is taken there, the
 *   pupil mid-answer in another assignment is ASKED (her half-typed text stays where it is);
 * - the room shows who is online, which question, how many answered, live;
 * - « Regardez le tableau » covers the tablets over a half-typed answer, which is still there,
 *   saved, when it is lifted;
 * - the live channel is killed (streams dropped, new ones refused): a command still reaches the
 *   tablets by the fallback, and the hand-in reaches the room by the sync;
 * - « Tout récupérer »: every tablet syncs, each shows when its last item reached the server,
 *   and the screen ends on « Tout est synchronisé ».
 */
import { expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newTablet, runAxe, screenshot, type E2EServer, type SeededSchool, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, publishAssignment, shootBoth, signIn, teacherCall, teacherToken, expectAccessible, expectTouchTargets } from './student-helpers.ts';
import { signInConsole, smallTouchTargets } from './console-helpers.ts';
import { SYSTEM } from '../../server/access/actor.ts';

type Student = SeededSchool['students'][number];
const MINI_PC = { viewport: { width: 1366, height: 768 }, hasTouch: false, isMobile: false };

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const card = (page: Page, studentId: string) => page.locator(`li.lv-pupil[data-student="${studentId}"]`);
const savedText = (page: Page, studentId: string, assignmentId: string) => page.evaluate(async ([sid, aid]) => {
  const db = await new Promise<IDBDatabase>((ok, ko) => {
    const r = indexedDB.open('cartable');
    r.onsuccess = () => ok(r.result);
    r.onerror = () => ko(r.error);
  });
  const row = await new Promise<{ answers: { text?: string }[] } | undefined>((ok, ko) => {
    const q = db.transaction('work').objectStore('work').get(`${sid}:${aid}`);
    q.onsuccess = () => ok(q.result as { answers: { text?: string }[] } | undefined);
    q.onerror = () => ko(q.error);
  });
  db.close();
  return row?.answers.map((a) => a.text ?? '').join('|') ?? null;
}, [studentId, assignmentId] as const);

test('start, push, live progress, attention over a half-typed answer, the channel killed, collect', async () => {
  const school = server.school!;
  const [ines, noah] = school.students as [Student, Student, Student];
  const token = await teacherToken(server);
  await teacherCall(server, token, 'POST', `/api/devices/${school.device.id}/revoke`); // the seeded tablet never syncs: not in this room
  const other = await publishAssignment(server, token, { title: 'Rédaction libre', instructionsMarkdown: 'Écris.', dueAt: null, questions: [{ id: 'r1', kind: 'text', prompt: 'Ton week-end ?', points: 2 }] });
  const live = await publishAssignment(server, token, {
    title: 'Exercice en direct', instructionsMarkdown: 'Réponds en classe.', dueAt: null,
    questions: [{ id: 'e1', kind: 'text', prompt: 'Qu’est-ce qu’une fraction ?', points: 2 }, { id: 'e2', kind: 'text', prompt: 'Donne un exemple.', points: 2 }],
  });

  const tablets: { context: BrowserContext; page: Page }[] = [];
  for (const [name, pupil] of [['Tablette A', ines], ['Tablette B', noah]] as const) {
    const tab = await newTablet(browser, server.url);
    await enrolTablet(tab.page, server, name);
    await signIn(tab.page, pupil);
    await tab.page.getByRole('link', { name: /Exercice en direct/ }).waitFor({ timeout: 30_000 });
    tablets.push(tab);
  }
  const [a, b] = tablets as [{ context: BrowserContext; page: Page }, { context: BrowserContext; page: Page }];
  // Inès is in the middle of another answer.
  await a.page.getByRole('link', { name: /Rédaction libre/ }).click();
  await a.page.getByLabel('Ta réponse').fill('Samedi, je suis allée');

  // A full class: 30 pupils in the room (27 more, who stay away from the tablets).
  for (let i = 1; i <= 27; i++) await server.store.services.roster.createStudent(SYSTEM, school.classId, { firstName: `Élève${i}`, lastName: `Classe${String(i).padStart(2, '0')}`, secret: '9999' });
  // The teacher starts the lesson on the kit's mini-PC.
  const { context: consoleCtx, page: pc } = await newTablet(browser, undefined, MINI_PC);
  await signInConsole(pc, server.url, school.teacher.login, school.teacher.password);
  await pc.goto(`${server.url}/console#/classes/${school.classId}/live`);
  await pc.getByRole('heading', { name: 'Cours en direct — 5e B', level: 1 }).waitFor();
  expect(await runAxe(pc)).toEqual([]);
  await screenshot(pc, 'live-console-start-1366x768');
  await pc.getByRole('button', { name: 'Démarrer le cours' }).click();
  await pc.getByText('Cours en cours pour toute la classe').waitFor();
  for (const tab of tablets) await tab.page.getByText('Cours en direct avec Mme Durand').waitFor({ timeout: 5000 });
  await expect.poll(() => card(pc, ines.id).getAttribute('data-online'), { timeout: 10_000 }).toBe('true');
  await expect.poll(() => card(pc, noah.id).getAttribute('data-online')).toBe('true');
  expect(await card(pc, school.students[2]!.id).getAttribute('data-online')).toBe('false');

  // « Ouvrez le devoir » : Noah (on the home) is taken there; Inès (mid-answer) is asked.
  await pc.getByLabel('Devoir ou leçon à ouvrir').selectOption(`assignment:${live.id}`);
  const pushedAt = Date.now();
  await pc.getByRole('button', { name: 'Ouvrir sur les tablettes' }).click();
  await b.page.getByRole('heading', { name: 'Exercice en direct', level: 1 }).waitFor({ timeout: 5000 });
  expect(Date.now() - pushedAt).toBeLessThan(5000);
  await a.page.getByRole('dialog', { name: 'Ouvrir le devoir demandé ?' }).waitFor({ timeout: 5000 });
  expect(await a.page.getByRole('heading', { name: 'Rédaction libre', level: 1 }).count()).toBe(1);
  expect(await a.page.getByLabel('Ta réponse').inputValue()).toBe('Samedi, je suis allée');
  await shootBoth(a.page, 'live-tablet-prompt');
  await expectAccessible(a.page);
  await a.page.getByRole('button', { name: 'Finir ma phrase d’abord' }).click();
  await a.page.getByLabel('Ta réponse').press('End');
  await a.page.getByLabel('Ta réponse').pressSequentially(' au marché.');
  await a.page.getByRole('button', { name: 'Ouvrir « Exercice en direct »' }).click();
  await a.page.getByRole('heading', { name: 'Exercice en direct', level: 1 }).waitFor();
  await expect.poll(() => savedText(a.page, ines.id, other.id)).toBe('Samedi, je suis allée au marché.');

  // Live progress: Noah answers question 1 and starts question 2; the room follows without a reload.
  const answers = b.page.getByLabel('Ta réponse');
  await answers.nth(0).fill('Une part d’un tout');
  await expect.poll(() => card(pc, noah.id).textContent(), { timeout: 10_000 }).toContain('Question 1 sur 2');
  await expect.poll(() => card(pc, noah.id).textContent(), { timeout: 10_000 }).toContain('1 sur 2 répondue');
  await answers.nth(1).click();
  await answers.nth(1).pressSequentially('Un demi, c’est');
  await expect.poll(() => card(pc, noah.id).getAttribute('data-question'), { timeout: 10_000 }).toBe('2');
  await expect.poll(() => card(pc, noah.id).textContent(), { timeout: 10_000 }).toContain('2 sur 2 répondues');
  await shootBoth(b.page, 'live-tablet-answering');
  expect(await pc.locator('li.lv-pupil').count()).toBe(30);
  await screenshot(pc, 'live-console-room-1366x768');
  expect(await runAxe(pc)).toEqual([]);
  expect(await smallTouchTargets(pc)).toEqual([]);

  // « Regardez le tableau » over Noah's half-typed answer: saved first, covered, then given back intact.
  await pc.getByRole('button', { name: 'Regardez le tableau' }).click();
  for (const tab of tablets) await tab.page.getByRole('alertdialog', { name: 'Regardez le tableau' }).waitFor({ timeout: 5000 });
  await b.page.getByText('Ton travail est enregistré').waitFor();
  expect(await answers.nth(1).inputValue()).toBe('Un demi, c’est');
  await expect.poll(() => savedText(b.page, noah.id, live.id)).toBe('Une part d’un tout|Un demi, c’est');
  await shootBoth(b.page, 'live-tablet-attention');
  await expectAccessible(b.page);
  await pc.getByRole('button', { name: 'Rendre la main aux élèves' }).click();
  for (const tab of tablets) await expect.poll(() => tab.page.getByRole('alertdialog').count(), { timeout: 5000 }).toBe(0);
  expect(await answers.nth(1).inputValue()).toBe('Un demi, c’est');
  await answers.nth(1).click();
  await answers.nth(1).press('End');
  await answers.nth(1).pressSequentially(' une moitié.');
  expect(await answers.nth(1).inputValue()).toBe('Un demi, c’est une moitié.');
  await expectTouchTargets(b.page);

  // The live channel dies mid-lesson: streams dropped, new ones refused. Nothing depends on it.
  for (const ctx of [a.context, b.context, consoleCtx]) {
    await ctx.route('**/api/live/stream', (r) => r.abort());
    await ctx.route('**/api/live/sessions/*/events', (r) => r.abort());
  }
  server.app.liveHub.dropAll();
  await pc.getByText('Direct interrompu').waitFor({ timeout: 10_000 });
  await b.page.getByText('connexion lente').waitFor({ timeout: 10_000 });
  // A command still arrives (by the plain GET every 10 s)…
  await pc.getByRole('button', { name: 'Regardez le tableau' }).click();
  await a.page.getByRole('alertdialog', { name: 'Regardez le tableau' }).waitFor({ timeout: 20_000 });
  await pc.getByRole('button', { name: 'Rendre la main aux élèves' }).click();
  await expect.poll(() => b.page.getByRole('alertdialog').count(), { timeout: 20_000 }).toBe(0);
  // …and Noah's hand-in reaches the room by the sync.
  await b.page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await b.page.getByRole('button', { name: 'Oui, rendre' }).click();
  await expect.poll(() => card(pc, noah.id).getAttribute('data-hand-in'), { timeout: 30_000 }).toBe('submitted');
  expect(await card(pc, noah.id).textContent()).toContain('Rendue à');

  // « Tout récupérer »: every tablet syncs now; each says when its last work arrived; then the truthful signal.
  await pc.getByRole('button', { name: 'Tout récupérer' }).click();
  const rows = pc.locator('table.lv-tablets tbody tr');
  await expect.poll(() => rows.count()).toBe(2);
  await expect.poll(() => pc.locator('table.lv-tablets tr[data-collected="true"]').count(), { timeout: 30_000 }).toBe(2);
  await expect.poll(() => pc.locator('[data-all-synced]').getAttribute('data-all-synced'), { timeout: 30_000 }).toBe('true');
  expect(await pc.locator('[data-all-synced]').textContent()).toContain('Tout est synchronisé');
  for (const row of await rows.all()) expect(await row.locator('[data-last-item]').getAttribute('data-last-item')).not.toBe('');
  expect(await runAxe(pc)).toEqual([]);
  await screenshot(pc, 'live-console-collected-1366x768');

  await pc.getByRole('button', { name: 'Terminer le cours' }).click();
  await pc.getByText('Le cours est terminé.').waitFor();
  for (const ctx of [a.context, b.context, consoleCtx]) await ctx.close();
});
