/**
 * Questions that mark themselves (issue 13), real build, real server, real Chromium: the teacher
 * sets an assignment with every self-marking kind (« au retour »); the pupil answers on the
 * tablet offline and hands in; before the return the tablet's IndexedDB holds no answer key;
 * the teacher's desk shows the prefilled points and « Total : 6,5 / 9 », the teacher overrides
 * one and returns; the tablet then shows « Bonne réponse ! » / « Presque : 1 sur 2 ».
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, pageErrors, runAxe, screenshot, waitForServiceWorker, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, publishAssignment, signIn, teacherGet, teacherToken } from './student-helpers.ts';
import { signInConsole } from './console-helpers.ts';
import type { SubmissionRow } from '../../src/protocol/console.ts';
import type { Question } from '../../src/protocol/entities.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const AUTO: Question[] = [
  { id: 'm1', kind: 'choice', prompt: 'Coche les nombres premiers.', points: 3, multiple: true, choices: [{ id: 'a', label: '2' }, { id: 'b', label: '3' }, { id: 'c', label: '4' }, { id: 'd', label: '5' }], key: { choiceIds: ['a', 'b', 'd'] } },
  { id: 'm2', kind: 'truefalse', prompt: 'La Terre est plate.', points: 1, key: { truth: false } },
  { id: 'm3', kind: 'numeric', prompt: 'Combien font 5 ÷ 2 ?', points: 1, key: { value: 2.5, tolerance: 0 } },
  { id: 'm4', kind: 'short', prompt: 'Quelle est la capitale de l’Égypte ?', points: 1, key: { accepted: ['Le Caire'], ignoreCase: true, ignoreAccents: true } },
  { id: 'm5', kind: 'blanks', prompt: 'Le [...] boit du [...].', points: 1, key: { blanks: [['chat'], ['lait']] } },
  { id: 'm6', kind: 'matching', prompt: 'Relie chaque pays à sa capitale.', points: 2, left: [{ id: 'l1', label: 'France' }, { id: 'l2', label: 'Italie' }], choices: [{ id: 'r1', label: 'Rome' }, { id: 'r2', label: 'Paris' }], key: { pairs: [{ left: 'l1', right: 'r2' }, { left: 'l2', right: 'r1' }] } },
];

/** Every record of every store of the tablet's database, as one JSON text. */
function tabletDatabase(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('cartable');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const out: Record<string, unknown[]> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      out[name] = await new Promise<unknown[]>((ok, ko) => {
        const r = db.transaction(name).objectStore(name).getAll();
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error);
      });
    }
    db.close();
    return JSON.stringify(out, (_k, v: unknown) => (v instanceof Blob ? `blob:${v.size}` : v));
  });
}

test('every self-marking kind: offline answers, no key on the tablet before the return, prefilled desk, override, result on the tablet', async () => {
  const school = server.school!;
  const ines = school.students[0]!;
  const token = await teacherToken(server);
  const assignment = await publishAssignment(server, token, { title: 'Calcul et culture', instructionsMarkdown: 'Réponds.', dueAt: null, questions: AUTO });

  const { context, page } = await newTablet(browser, server.url);
  const errors = pageErrors(page);
  await enrolTablet(page, server);
  await signIn(page, ines);
  await waitForServiceWorker(page);
  await page.getByRole('link', { name: /Calcul et culture/ }).waitFor({ timeout: 30_000 });

  // ---- offline: answer every kind ----
  await context.setOffline(true);
  await page.getByRole('link', { name: /Calcul et culture/ }).click();
  await page.getByRole('heading', { name: 'Calcul et culture', level: 1 }).waitFor();
  for (const label of ['2', '3', '4']) await page.getByLabel(label, { exact: true }).check(); // 2 right, 1 wrong
  await page.getByLabel('Faux', { exact: true }).check();
  await page.getByLabel('Ta réponse (un nombre)').fill('2,5');
  await page.getByLabel('Ta réponse', { exact: true }).fill('le caire');
  await page.getByLabel('Trou 1').fill('chat');
  await page.getByLabel('Trou 2').fill('eau');
  await page.getByLabel('France').selectOption({ label: 'Paris' });
  await page.getByLabel('Italie').selectOption({ label: 'Rome' });
  await page.getByLabel('Trou 2').blur();
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');
  await screenshot(page, 'auto-marking-tablet-questions');
  expect(await runAxe(page)).toEqual([]);

  await page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await page.getByRole('button', { name: 'Oui, rendre' }).click();
  await page.getByText('Rendu — en attente d’envoi').waitFor();

  // ---- online: hand-in reaches the server ----
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await page.getByText(/^Reçu le /).waitFor({ timeout: 60_000 });
  // « Au retour »: no answer key anywhere on the tablet, and no automatic result shown.
  const before = await tabletDatabase(page);
  expect(before).toContain('Calcul et culture');
  const stored = JSON.parse(before) as { assignments: Array<{ questions: Array<Record<string, unknown>> }> };
  expect(stored.assignments.flatMap((a) => a.questions).filter((q) => 'key' in q)).toEqual([]);
  expect(before).not.toContain('Le Caire');
  expect(before).not.toContain('choiceIds":["a","b","d"]');
  expect(before).not.toContain('autoMarks');
  expect(await page.getByText('Bonne réponse !').count()).toBe(0);

  const rows = await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`);
  const sub = rows.find((r) => r.student.id === ines.id)!.submission!;

  // ---- the teacher's desk ----
  const { context: deskCtx, page: desk } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  try {
    await signInConsole(desk, server.url, school.teacher.login, school.teacher.password);
    await desk.goto(`${server.url}/console#/classes/${school.classId}/assignments/${assignment.id}/submissions/${sub.id}`);
    await desk.getByText('Total : 6,5 / 9').waitFor();
    expect(await desk.getByLabel('Points pour la question 1 (sur 3)').inputValue()).toBe('1');
    expect(await desk.getByLabel('Points pour la question 5 (sur 1)').inputValue()).toBe('0.5');
    await desk.getByText('Automatique : 0,5 / 1 (1 sur 2)').waitFor();
    await desk.getByText('Raccourcis : Alt+← copie précédente, Alt+→ copie suivante').waitFor();
    await desk.getByText('Copie 1 sur 1').waitFor();
    // Override question 5 (« eau » accepted after all).
    await desk.getByLabel('Points pour la question 5 (sur 1)').fill('1');
    await desk.getByText('Total : 7 / 9').waitFor();
    await desk.getByText('modifié par vous').waitFor();
    await screenshot(desk, 'auto-marking-desk');
    expect(await runAxe(desk)).toEqual([]);
    await desk.getByRole('button', { name: 'Rendre la copie à l’élève' }).click();
    await expect.poll(async () => (await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`)).find((r) => r.student.id === ines.id)?.feedback?.returnedAt ?? null, { timeout: 30_000 }).not.toBeNull();
    const fb = (await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`)).find((r) => r.student.id === ines.id)!.feedback!;
    expect(fb.mark).toBe(7);
    expect(fb.perQuestion).toEqual([{ questionId: 'm5', comment: '', points: 1 }]);

    // The editor of the same assignment: right answers and policy (for the screenshot and axe).
    await desk.goto(`${server.url}/console#/classes/${school.classId}/assignments/${assignment.id}/edit`);
    await desk.getByText('Les élèves voient leur résultat dès qu’ils rendent, même hors ligne : les bonnes réponses voyagent alors jusqu’aux tablettes.').waitFor();
    await desk.getByText(/Barème\u00a0: \+1 par bonne réponse cochée/).waitFor();
    await screenshot(desk, 'auto-marking-editor');
  } finally {
    await deskCtx.close();
  }

  // ---- the tablet after the return: the result, with kind words ----
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await page.getByText('Bonne réponse !').first().waitFor({ timeout: 60_000 });
  await page.getByText('Presque : 1 sur 2').first().waitFor(); // blanks: chat ✓, eau ✗ (automatic result; the teacher's points are in the correction)
  await page.getByText('Presque : 2 sur 3').first().waitFor(); // several answers: 2 right, 1 wrong ticked
  const after = await tabletDatabase(page);
  expect(after).toContain('Le Caire'); // the key of this pupil's returned copy came with the feedback
  await screenshot(page, 'auto-marking-tablet-result');
  expect(errors).toEqual([]);
  await context.close();
});

test('« résultat immédiat »: the key travels to the tablet, and the result shows as soon as the pupil hands in, offline', async () => {
  const noah = server.school!.students[1]!;
  const token = await teacherToken(server);
  const questions: Question[] = [
    { id: 'i1', kind: 'truefalse', prompt: 'Un carré a quatre côtés égaux.', points: 1, key: { truth: true } },
    { id: 'i2', kind: 'numeric', prompt: 'Combien font 7 × 8 ?', points: 2, key: { value: 56, tolerance: 0 } },
  ];
  await publishAssignment(server, token, { title: 'Calcul mental', instructionsMarkdown: '', dueAt: null, questions, resultPolicy: 'immediate' });

  const { context, page } = await newTablet(browser, server.url);
  const errors = pageErrors(page);
  await enrolTablet(page, server);
  await signIn(page, noah);
  await waitForServiceWorker(page);
  await page.getByRole('link', { name: /Calcul mental/ }).waitFor({ timeout: 30_000 });
  // « Immédiat »: the right answers are on the tablet before the hand-in (that is what lets it mark offline).
  const stored = JSON.parse(await tabletDatabase(page)) as { assignments: Array<{ title: string; questions: Array<Record<string, unknown>> }> };
  expect(stored.assignments.find((a) => a.title === 'Calcul mental')!.questions.filter((q) => 'key' in q).length).toBe(2);

  await context.setOffline(true);
  await page.getByRole('link', { name: /Calcul mental/ }).click();
  await page.getByRole('heading', { name: 'Calcul mental', level: 1 }).waitFor();
  expect(await page.getByText('Bonne réponse !').count()).toBe(0); // nothing before the hand-in
  await page.getByLabel('Vrai', { exact: true }).check();
  await page.getByLabel('Ta réponse (un nombre)').fill('54');
  await page.getByLabel('Ta réponse (un nombre)').blur();
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');
  await page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await page.getByRole('button', { name: 'Oui, rendre' }).click();
  await page.getByText('Rendu — en attente d’envoi').waitFor();
  // Still offline: the tablet marks it itself.
  await expect.poll(() => page.getByText('Bonne réponse !').count()).toBe(1);
  await expect.poll(() => page.getByText('Pas cette fois').count()).toBe(1);
  await screenshot(page, 'auto-marking-tablet-immediate-offline');
  expect(await runAxe(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
