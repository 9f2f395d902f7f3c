/**
 * The homework diary (« Cahier de textes ») in real Chromium against the real server: work by
 * day with its subject (its own, or the class's, set by the class's teacher in the console) and the teacher's name;
 * « Nouveau » and « Corrigé ! » on the first visit, gone on the next, back for new work.
 * Axe, ≥ 44 px targets, screenshots at 1280×800 and 800×1280.
 */
import { expect, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { newTablet, pageErrors, runAxe, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { ALL_KINDS, enrolTablet, expectAccessible, expectTouchTargets, publishAssignment, shootBoth, signIn, teacherCall, teacherToken } from './student-helpers.ts';
import { shootConsole, signInConsole, smallTouchTargets } from './console-helpers.ts';

/** The class's teacher sets the class's subject on the class's page of the console (not only the IT referent). */
async function teacherSetsClassSubject(subject: string) {
  const school = server.school!;
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
  await page.getByRole('link', { name: /5e B/ }).first().click();
  const field = page.getByLabel('Matière de la classe');
  await field.waitFor();
  expect(await page.locator('#class-subject-hint').textContent()).toContain('Aucune matière');
  await field.fill(subject);
  await page.getByRole('button', { name: 'Enregistrer la matière' }).click();
  await expect.poll(() => page.locator('.cc-subject-chip').textContent()).toBe(subject);
  expect(await runAxe(page)).toEqual([]);
  expect(await smallTouchTargets(page)).toEqual([]);
  await shootConsole(page, 'console-class-subject');
  // Stored on the server (the tablets get it with their next pull).
  expect(server.store.db.prepare('SELECT subject FROM classes WHERE id = ?').pluck().get(school.classId)).toBe(subject);
  expect(errors).toEqual([]);
  await context.close();
}

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

/** `hour`:00 in Paris (the tablets' time zone), `days` from today there. */
function parisAt(days: number, hour: number, minute = 0): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()).split('-').map(Number);
  const guess = new Date(Date.UTC(y!, m! - 1, d! + days, hour, minute));
  const off = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' }).format(guess).match(/GMT([+-]\d\d):(\d\d)/);
  const minutes = off ? Number(off[1]) * 60 + Math.sign(Number(off[1])) * Number(off[2]) : 0;
  return new Date(guess.getTime() - minutes * 60_000).toISOString();
}

const section = (page: Page, name: string) => page.getByRole('region', { name });
const item = (page: Page, title: string) => page.getByRole('link', { name: new RegExp(title) });

async function openDiary(page: Page) {
  await page.getByRole('link', { name: 'Mon cahier de textes' }).click();
  await page.getByRole('heading', { name: 'Cahier de textes', level: 1 }).waitFor();
}

test('the diary: by day, subject and teacher, new work and corrections marked once', async () => {
  const school = server.school!;
  const ines = school.students[0]!;
  await teacherSetsClassSubject('Mathématiques');
  const token = await teacherToken(server);
  const q = [ALL_KINDS[1]!];
  const post = (title: string, dueAt: string, subject?: string) => publishAssignment(server, token, { title, instructionsMarkdown: '', dueAt, questions: q, ...(subject ? { subject } : {}) });
  await post('La cellule', parisAt(0, 23, 59), 'SVT');
  await post('Fractions : exercices', parisAt(1, 16));
  await post('Frise chronologique', parisAt(-1, 16), 'Histoire-géographie');
  await post('Exposé sur les volcans', parisAt(10, 16), 'SVT');
  const dictee = await post('Dictée', parisAt(-2, 16), 'Français');
  // Inès handed the dictation in (from another tablet) and the teacher returned it.
  const [pushed] = await server.store.sync.push(
    { kind: 'student', studentId: ines.id, classId: school.classId, schoolId: school.schoolId, deviceId: school.device.id },
    [{ type: 'work.submit', seq: 1000, mutationId: randomUUID(), assignmentId: dictee.id, baseVersion: null, assignmentVersion: dictee.version, answers: [{ questionId: 'q-choice', choiceIds: ['c-paris'] }], clientAt: new Date().toISOString() }],
    new Date().toISOString(),
  );
  const submissionId = (pushed as { submission: { id: string } }).submission.id;
  await teacherCall(server, token, 'PUT', `/api/submissions/${submissionId}/feedback`, { perQuestion: [], comment: 'Très bien', mark: 9, maxMark: 10 });
  await teacherCall(server, token, 'POST', `/api/submissions/${submissionId}/return`);

  const { context, page } = await newTablet(browser, server.url);
  const errors = pageErrors(page);
  await enrolTablet(page, server);
  await signIn(page, ines);
  await item(page, 'Exposé sur les volcans').waitFor({ timeout: 30_000 });
  await item(page, 'Dictée').waitFor({ timeout: 30_000 });

  // First visit: each day its work, the subject and the teacher; everything new, the correction on top.
  await openDiary(page);
  await expect.poll(() => section(page, 'Nouvelles corrections').textContent()).toContain('Dictée');
  expect(await section(page, 'Nouvelles corrections').textContent()).toMatch(/Français.*Dictée.*Corrigé\u00a0!.*Note\u00a0: 9 \/ 10/);
  expect(await section(page, 'Nouvelles corrections').getByText(/^Corrigé/).count()).toBe(1); // said once
  expect(await section(page, 'En retard').textContent()).toMatch(/Histoire-géographie.*Frise chronologique.*Nouveau.*Donné par /);
  expect(await section(page, 'Pour aujourd’hui').textContent()).toMatch(/SVT.*La cellule.*Nouveau/);
  expect(await section(page, 'Pour demain').textContent()).toMatch(/Mathématiques.*Fractions : exercices.*Nouveau/);
  expect(await section(page, 'Plus tard').textContent()).toMatch(/SVT.*Exposé sur les volcans/);
  const teacherName = await page.evaluate(() => document.querySelector('.diary-meta')?.textContent ?? '');
  expect(teacherName).toMatch(/^Donné par \S+/);
  // The subject's colour is the item's stripe, the same for both SVT items.
  const stripes = await page.locator('.diary-item').evaluateAll((els) => els.map((e) => [e.textContent?.includes('SVT'), getComputedStyle(e).borderLeftColor]));
  const svt = new Set(stripes.filter(([s]) => s).map(([, c]) => c));
  expect(svt.size).toBe(1);
  expect(new Set(stripes.map(([, c]) => c)).size).toBeGreaterThan(1);
  await expectAccessible(page);
  await expectTouchTargets(page);
  await shootBoth(page, 'student-diary');

  // Next visit: nothing marked, the seen correction (past its day) has left.
  await page.getByRole('link', { name: /Retour/ }).click();
  await openDiary(page);
  await section(page, 'Pour demain').waitFor();
  expect(await page.locator('.badge.new').count()).toBe(0);
  expect(await page.getByText('Corrigé !').count()).toBe(0);
  expect(await page.getByRole('region', { name: 'Nouvelles corrections' }).count()).toBe(0);

  // New work arrives by sync: only it is new.
  await post('Vocabulaire', parisAt(10, 9), 'Anglais');
  await page.getByRole('link', { name: /Retour/ }).click();
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await item(page, 'Vocabulaire').waitFor({ timeout: 30_000 });
  await openDiary(page);
  await expect.poll(() => section(page, 'Plus tard').textContent()).toMatch(/Anglais.*Vocabulaire.*Nouveau/);
  expect(await page.locator('.badge.new').count()).toBe(1);
  await expectAccessible(page);
  await expectTouchTargets(page);
  await shootBoth(page, 'student-diary-next-visit');

  expect(errors).toEqual([]);
  await context.close();
});
