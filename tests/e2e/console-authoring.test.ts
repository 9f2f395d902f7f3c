/**
 * Authoring (issue 13), end to end on the real server and Chromium:
 * - scheduled publishing: the teacher schedules in Paris time and sees « Programmé pour le
 *   mardi 8 décembre à 8 h 00 » in the editor and the list, then cancels; a tablet that synced
 *   just before a (short) scheduled time does not have the assignment, and gets it from then
 *   (the server's publish scheduler wrote it to the change log at that time);
 * - publishing without a due date asks first (the teacher may go on or add one), and says on
 *   screen who will get it and when;
 * - the lesson link: chosen in the editor, « Revoir la leçon : … » on the tablet opens the
 *   lesson, which lists its assignments.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, runAxe, screenshot, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { apiAs, signInConsole, smallTouchTargets } from './console-helpers.ts';
import { enrolTablet, expectAccessible, expectTouchTargets, signIn } from './student-helpers.ts';
import type { Assignment, Lesson } from '../../src/protocol/entities.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const QUESTIONS = [{ id: 'q1', kind: 'text' as const, prompt: 'Explique avec tes mots.', points: 2 }];
const row = (id: string) => server.store.db.prepare('SELECT status, publish_at, lesson_id FROM assignments WHERE id = ?').get(id) as { status: string; publish_at: string | null; lesson_id: string | null };

async function teacherApi() {
  const school = server.school!;
  return apiAs(server.url, school.teacher.login, school.teacher.password);
}

/** The assignment ids in the tablet's own database (IndexedDB), whatever the screen shows. */
function tabletAssignmentIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('cartable');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const keys = await new Promise<IDBValidKey[]>((ok, ko) => {
      const r = db.transaction('assignments').objectStore('assignments').getAllKeys();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    db.close();
    return keys.map(String);
  });
}

async function openNewAssignment(page: Page, title: string) {
  const school = server.school!;
  await page.goto(`${server.url}/console#/classes/${school.classId}/assignments/new`);
  await expect.poll(() => h1(page).textContent()).toBe('Nouveau devoir');
  await page.getByLabel('Titre').fill(title);
  await page.getByLabel('Énoncé de la question 1').fill('Explique avec tes mots.');
}

test('the teacher schedules in Paris time, sees it in the editor and the list, and cancels it', async () => {
  const school = server.school!;
  const { context, page } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  try {
    await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
    await openNewAssignment(page, 'Les fractions : programmé');
    await page.getByLabel('À rendre le').fill('2026-12-11T17:00');
    await page.getByLabel('Ou publier plus tard, le (heure de Paris)').fill('2026-12-08T08:00');
    await page.getByRole('button', { name: 'Programmer la publication' }).click();
    const done = page.locator('.cc-success');
    await expect.poll(() => done.textContent()).toContain('Publication programmée pour le mardi 8 décembre à 8 h 00, pour la 5e B — les tablettes le recevront à partir de cette heure');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/\/edit$/);
    const id = (await page.evaluate(() => location.hash)).split('/')[4]!;
    // Typed in Paris time (winter: UTC+1), stored in UTC; still a draft that no tablet sees.
    expect(row(id)).toMatchObject({ status: 'draft', publish_at: '2026-12-08T07:00:00.000Z' });
    expect(server.store.db.prepare('SELECT COUNT(*) FROM changes WHERE entity_id = ?').pluck().get(id)).toBe(0);
    await expect.poll(() => page.locator('.cc-badge').first().textContent()).toBe('Programmé pour le mardi 8 décembre à 8 h 00');
    expect(await runAxe(page)).toEqual([]);
    expect(await smallTouchTargets(page)).toEqual([]);
    await page.locator('.cc-publish').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-assignment-scheduled');

    await page.goto(`${server.url}/console#/classes/${school.classId}/assignments`);
    await expect.poll(() => h1(page).textContent()).toBe('Devoirs de 5e B');
    const item = page.locator('.cc-list-item', { has: page.getByRole('heading', { name: 'Les fractions : programmé' }) });
    await expect.poll(() => item.locator('.cc-badge').textContent()).toBe('Programmé pour le mardi 8 décembre à 8 h 00');
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, 'console-assignment-list-scheduled');

    await item.getByRole('link', { name: 'Modifier — Les fractions : programmé' }).click();
    await page.getByRole('button', { name: 'Annuler la programmation' }).click();
    await expect.poll(() => done.textContent()).toContain('Programmation annulée : le devoir reste un brouillon.');
    expect(row(id)).toMatchObject({ status: 'draft', publish_at: null });
    await expect.poll(() => page.locator('.cc-badge').first().textContent()).toBe('Brouillon');

    // A time in the past is refused in words, and nothing changes.
    await page.getByLabel('Ou publier plus tard, le (heure de Paris)').fill('2020-01-06T08:00');
    await page.getByRole('button', { name: 'Programmer la publication' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Choisissez une date de publication à venir.');
    expect(row(id).publish_at).toBeNull();
  } finally {
    await context.close();
  }
});

test('a tablet that synced just before the scheduled time does not have it; after the time, it does', async () => {
  const school = server.school!;
  const call = await teacherApi();
  const create = (title: string) => call<Assignment>('POST', `/api/classes/${school.classId}/assignments`, { title, instructionsMarkdown: '', dueAt: null, questions: QUESTIONS });
  const first = await create('Témoin 1');
  await call('POST', `/api/assignments/${first.id}/publish`, {});

  const { context, page } = await newTablet(browser, server.url);
  try {
    await enrolTablet(page, server);
    await signIn(page, school.students[0]!);
    await page.getByRole('link', { name: /Témoin 1/ }).waitFor({ timeout: 30_000 });

    const scheduled = await create('La Révolution française');
    const publishAt = new Date(Date.now() + 12_000).toISOString();
    await call('PUT', `/api/assignments/${scheduled.id}/schedule`, { publishAt });
    // The tablet syncs just before the time (a second witness proves the pull happened).
    const second = await create('Témoin 2');
    await call('POST', `/api/assignments/${second.id}/publish`, {});
    await page.getByRole('button', { name: 'Synchroniser' }).click();
    await page.getByRole('link', { name: /Témoin 2/ }).waitFor({ timeout: 30_000 });
    expect(Date.now()).toBeLessThan(Date.parse(publishAt));
    expect(row(scheduled.id).status).toBe('draft');
    expect(await page.getByRole('link', { name: /La Révolution française/ }).count()).toBe(0);
    expect(await tabletAssignmentIds(page)).not.toContain(scheduled.id);

    // At its time the server publishes it (no teacher action), and the same tablet gets it at its next sync.
    await expect.poll(() => row(scheduled.id).status, { timeout: 30_000, interval: 250 }).toBe('published');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(publishAt));
    await page.getByRole('button', { name: 'Synchroniser' }).click();
    await page.getByRole('link', { name: /La Révolution française/ }).waitFor({ timeout: 30_000 });
    expect(await tabletAssignmentIds(page)).toContain(scheduled.id);
    await screenshot(page, 'tablet-home-scheduled-arrived');
  } finally {
    await context.close();
  }
});

test('publishing without a due date asks first; the confirmation says on screen who gets it and when', async () => {
  const school = server.school!;
  const { context, page } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  try {
    await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
    await openNewAssignment(page, 'Lecture : chapitre 3');
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    const warning = page.getByRole('alertdialog', { name: 'Ce devoir n’a pas de date limite.' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Les élèves ne sauront pas pour quand le faire');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ajouter une date limite');
    expect(await runAxe(page)).toEqual([]);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'console-publish-no-due-warning');
    // « Ajouter une date limite »: nothing published, the cursor in the due date.
    await warning.getByRole('button', { name: 'Ajouter une date limite' }).click();
    await expect.poll(() => warning.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('a-due');
    expect(server.store.db.prepare("SELECT COUNT(*) FROM assignments WHERE title = 'Lecture : chapitre 3' AND status = 'published'").pluck().get()).toBe(0);

    // The teacher goes on without one.
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    await page.getByRole('button', { name: 'Publier sans date limite' }).click();
    const done = page.locator('.cc-success');
    await expect.poll(() => done.textContent()).toContain('Devoir publié pour la 5e B — les tablettes le recevront à leur prochaine synchronisation.');
    expect(await done.isVisible()).toBe(true);
    expect(server.store.db.prepare("SELECT status FROM assignments WHERE title = 'Lecture : chapitre 3'").pluck().get()).toBe('published');
    await expect.poll(() => page.locator('.cc-badge').first().textContent()).toBe('Publié');
    expect(await runAxe(page)).toEqual([]);
    await done.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-published-feedback');

    // With a due date: no question, straight to the confirmation.
    await openNewAssignment(page, 'Lecture : chapitre 4');
    await page.getByLabel('À rendre le').fill('2030-03-12T17:00');
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    await expect.poll(() => page.locator('.cc-success').textContent()).toContain('Devoir publié pour la 5e B');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  } finally {
    await context.close();
  }
});

test('the lesson link: chosen in the editor, « Revoir la leçon » on the tablet opens the lesson, which lists the assignment', async () => {
  const school = server.school!;
  const call = await teacherApi();
  const lesson = await call<Lesson>('POST', `/api/classes/${school.classId}/lessons`, { title: 'Les volcans', bodyMarkdown: 'Un volcan est une ouverture de la croûte terrestre.' });
  await call('POST', `/api/lessons/${lesson.id}/publish`, {});
  const other = await call<Lesson>('POST', `/api/classes/${school.classId}/lessons`, { title: 'Les séismes (à venir)', bodyMarkdown: '' });

  const { context: desk, page: teacher } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  let id = '';
  try {
    await signInConsole(teacher, server.url, school.teacher.login, school.teacher.password);
    await openNewAssignment(teacher, 'Exercices sur les volcans');
    await teacher.getByLabel('À rendre le').fill('2030-03-12T17:00');
    const select = teacher.getByLabel('Leçon à revoir');
    await expect.poll(() => select.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Aucune', 'Les volcans', 'Les séismes (à venir) (brouillon)']));
    await select.selectOption({ label: 'Les volcans' });
    await teacher.getByRole('button', { name: 'Publier', exact: true }).click();
    await expect.poll(() => teacher.locator('.cc-success').textContent()).toContain('Devoir publié pour la 5e B');
    id = (await teacher.evaluate(() => location.hash)).split('/')[4]!;
    expect(row(id)).toMatchObject({ status: 'published', lesson_id: lesson.id });
    await teacher.reload();
    await expect.poll(() => teacher.getByLabel('Leçon à revoir').inputValue()).toBe(lesson.id);
    expect(await runAxe(teacher)).toEqual([]);
    await screenshot(teacher, 'console-assignment-lesson-link');
  } finally {
    await desk.close();
  }
  expect(other.id).not.toBe(lesson.id);

  const { context, page } = await newTablet(browser, server.url);
  try {
    await enrolTablet(page, server);
    await signIn(page, school.students[0]!);
    await page.getByRole('link', { name: /Exercices sur les volcans/ }).click({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Exercices sur les volcans', level: 1 }).waitFor();
    const review = page.getByRole('link', { name: 'Revoir la leçon : Les volcans' });
    await review.waitFor();
    await expectAccessible(page);
    await expectTouchTargets(page);
    await screenshot(page, 'tablet-assignment-review-lesson');
    await review.click();
    await page.getByRole('heading', { name: 'Les volcans', level: 1 }).waitFor();
    const linked = page.getByRole('region', { name: 'Devoirs sur cette leçon' });
    await expect.poll(() => linked.getByRole('link').allTextContents()).toEqual(['Exercices sur les volcans']);
    await expectAccessible(page);
    await expectTouchTargets(page);
    await screenshot(page, 'tablet-lesson-linked-assignments');
    await linked.getByRole('link', { name: 'Exercices sur les volcans' }).click();
    await page.getByRole('heading', { name: 'Exercices sur les volcans', level: 1 }).waitFor();
  } finally {
    await context.close();
  }
});
