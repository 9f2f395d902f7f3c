/**
 * Issue 19, the class kit in real Chromium: revoking a tablet never strands work. The
 * console's confirmation names what the tablet last reported waiting; the withdrawn tablet
 * says plainly it is no longer enrolled (never « Ta session a expiré » nor « Ce code n'est pas
 * le bon » for a right code) and shows the work it keeps; enrolled again with a new code, the
 * work arrives under the same pupil and the teacher sees it handed in. « Tablette perdue ou
 * volée » says it erases, and the tablet erases its pupils' data at its next contact.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, runAxe, screenshot, type E2EServer, type SeededSchool, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, publishAssignment, shootBoth, signIn, teacherCall, teacherGet, teacherToken, typePin } from './student-helpers.ts';
import { apiAs, CONSOLE_DESKTOP, signInConsole, smallTouchTargets } from './console-helpers.ts';
import type { SubmissionRow } from '../../src/protocol/console.ts';

type Student = SeededSchool['students'][number];

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const deviceIdOf = (page: Page) => page.evaluate(async () => {
  const db = await new Promise<IDBDatabase>((ok, ko) => { const r = indexedDB.open('cartable'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
  const row = await new Promise<{ deviceId: string }>((ok) => { const r = db.transaction('device').objectStore('device').get('device'); r.onsuccess = () => ok(r.result as never); });
  db.close();
  return row.deviceId;
});
const countRows = (page: Page, store: string) => page.evaluate(async (name) => {
  const db = await new Promise<IDBDatabase>((ok, ko) => { const r = indexedDB.open('cartable'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
  const n = await new Promise<number>((ok) => { const r = db.transaction(name).objectStore(name).count(); r.onsuccess = () => ok(r.result); });
  db.close();
  return n;
}, store);

async function switchStudent(page: Page) {
  await page.getByRole('button', { name: 'Changer d’élève' }).click();
  await page.getByRole('heading', { name: 'Qui es-tu ?' }).waitFor();
}

test('a withdrawn tablet keeps Noah’s handed-in work; enrolled again, it arrives as his and the teacher sees it handed in', async () => {
  const token = await teacherToken(server);
  const school = server.school!;
  const [ines, noah] = school.students as [Student, Student];
  const question = { id: 'q1', kind: 'text' as const, prompt: 'Décris ta sortie au musée.', points: 5 };
  const assignment = await publishAssignment(server, token, { title: 'Sortie au musée', instructionsMarkdown: '', dueAt: null, questions: [question] });
  await teacherCall(server, token, 'POST', `/api/devices/${school.device.id}/revoke`); // the seeded tablet never synced: out of the way

  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server);
  await signIn(page, ines);
  await switchStudent(page);
  await signIn(page, noah);
  await page.getByRole('link', { name: /Sortie au musée/ }).waitFor();
  const deviceId = await deviceIdOf(page);

  // Offline (the bus home): Noah hands his work in; it waits on the tablet.
  await context.setOffline(true);
  await page.getByRole('link', { name: /Sortie au musée/ }).click();
  await page.getByLabel('Ta réponse').fill('Nous avons vu des tableaux de Monet.');
  await page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await page.getByRole('button', { name: 'Oui, rendre' }).click();
  await page.getByText('Rendu — en attente d’envoi').waitFor();
  // Meanwhile Noah forgot his secret and got a new one: his session on the tablet ends, his work must wait for him.
  const it = await apiAs(server.url, school.it.login, school.it.password);
  await it('PATCH', `/api/students/${noah.id}`, { secret: '9090' });
  await page.getByRole('link', { name: /Retour/ }).click();
  await switchStudent(page);
  await context.setOffline(false);
  await signIn(page, ines); // Inès's sync carries the report: Noah's work is waiting
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(() => server.store.db.prepare('SELECT pending_students FROM devices WHERE id = ?').pluck().get(deviceId), { timeout: 30_000 }).toContain(noah.id);
  await switchStudent(page);

  // The teacher withdraws the tablet: the confirmation names what it last reported.
  const { context: consoleCtx, page: teacher } = await newTablet(browser, undefined, CONSOLE_DESKTOP);
  await signInConsole(teacher, server.url, school.teacher.login, school.teacher.password);
  await teacher.goto(`${server.url}/console#/classes/${school.classId}/tablets`);
  await teacher.getByRole('button', { name: 'Retirer la tablette Tablette 12' }).click();
  const dialog = teacher.getByRole('dialog', { name: 'Retirer la tablette « Tablette 12 » ?' });
  await dialog.waitFor();
  expect(await dialog.textContent()).toMatch(/Cette tablette signalait 1 devoir non envoyé \(Noah Bernard\) à \d\d:\d\d\. Il restera sur la tablette/);
  expect(await dialog.textContent()).toContain('Rien n’est effacé.');
  expect(await runAxe(teacher)).toEqual([]);
  expect(await smallTouchTargets(teacher)).toEqual([]);
  await screenshot(teacher, 'kit-revoke-confirm');
  await dialog.getByRole('button', { name: 'Retirer la tablette' }).click();
  await expect.poll(() => server.store.db.prepare('SELECT revoked_at FROM devices WHERE id = ?').pluck().get(deviceId)).toBeTruthy();
  await teacher.getByRole('button', { name: 'Réactiver la tablette Tablette 12' }).waitFor();
  // Noah's work is still on that tablet: the class is not « Tout est synchronisé ».
  expect(await teacher.locator('[data-all-synced]').getAttribute('data-all-synced')).toBe('false');
  expect(await teacher.locator(`tr[data-device="${deviceId}"]`).textContent()).toContain('Retirée, travail gardé dessus');
  // The follow screen does not let « Pas commencé » pass for the truth: Noah's work is on that tablet.
  await teacher.goto(`${server.url}/console#/classes/${school.classId}/assignments/${assignment.id}/follow`);
  const noahRow = teacher.getByRole('row', { name: /Noah/ });
  await expect.poll(() => noahRow.textContent()).toContain('Du travail de cet élève n’est pas encore envoyé, sur la tablette « Tablette 12 » (retirée) : il peut manquer ici.');
  expect(await runAxe(teacher)).toEqual([]);
  await screenshot(teacher, 'kit-follow-work-on-withdrawn-tablet');
  await teacher.goto(`${server.url}/console#/classes/${school.classId}/tablets`);

  // Noah, with his right (new) secret, is told the tablet is no longer enrolled — not « Ce code n’est pas le bon ».
  await page.getByRole('button', { name: /^Noah/ }).click();
  await typePin(page, '9090');
  await page.getByRole('heading', { name: 'Cette tablette n’est plus inscrite à l’école', level: 1 }).waitFor();
  await expect.poll(() => page.locator('main').textContent()).toContain('Noah Bernard : 1 devoir');
  const body = await page.locator('main').textContent();
  expect(body).not.toMatch(/n’est pas le bon|session a expiré/i);
  expect(body).toContain('Rien n’est perdu');
  expect(await runAxe(page)).toEqual([]);
  await shootBoth(page, 'kit-tablet-withdrawn');

  // A new code, typed on the tablet: the same tablet again; Noah signs in and his work goes out as his.
  const code = await teacherCall<{ code: string }>(server, token, 'POST', '/api/devices/codes', { classId: school.classId });
  await page.getByLabel('Code d’inscription').fill(code.code);
  await page.getByRole('button', { name: 'Inscrire à nouveau la tablette' }).click();
  await page.getByRole('heading', { name: 'Qui es-tu ?' }).waitFor();
  expect(await deviceIdOf(page)).toBe(deviceId);
  await page.getByRole('button', { name: /^Noah/ }).click();
  await typePin(page, '9090');
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(async () => (await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`)).find((r) => r.student.id === noah.id)?.submission?.state, { timeout: 30_000 }).toBe('submitted');
  const rows = await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`);
  expect(rows.filter((r) => r.submission).map((r) => r.student.id)).toEqual([noah.id]);

  await teacher.goto(`${server.url}/console#/classes/${school.classId}/assignments/${assignment.id}/follow`);
  await expect.poll(() => teacher.getByRole('row', { name: /Noah/ }).textContent(), { timeout: 15_000 }).toMatch(/Rendu/);
  await screenshot(teacher, 'kit-revoke-handed-in');
  await consoleCtx.close();
  await context.close();
});

test('« Tablette perdue ou volée » says it erases; at its next contact the tablet erases its pupils’ data and says so', async () => {
  const token = await teacherToken(server);
  const school = server.school!;
  const lea = school.students[2] as Student;
  const question = { id: 'q1', kind: 'text' as const, prompt: 'Écris une phrase.', points: 1 };
  await publishAssignment(server, token, { title: 'Phrase du jour', instructionsMarkdown: '', dueAt: null, questions: [question] });
  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server, 'Tablette 13');
  await signIn(page, lea);
  await page.getByRole('link', { name: /Phrase du jour/ }).click();
  await page.getByLabel('Ta réponse').fill('Le brouillon de Léa');
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');
  expect(await countRows(page, 'work')).toBeGreaterThan(0);

  const { context: consoleCtx, page: it } = await newTablet(browser, undefined, CONSOLE_DESKTOP);
  await signInConsole(it, server.url, school.it.login, school.it.password);
  await it.goto(`${server.url}/console#/admin/devices`);
  await it.getByRole('button', { name: 'Tablette 13 : tablette perdue ou volée' }).click();
  const dialog = it.getByRole('dialog', { name: 'Déclarer « Tablette 13 » perdue ou volée ?' });
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain('la tablette effacera toutes les données des élèves');
  expect(await runAxe(it)).toEqual([]);
  await screenshot(it, 'kit-lost-confirm');
  await dialog.getByRole('button', { name: 'Déclarer perdue ou volée et tout effacer' }).click();
  await it.getByRole('row', { name: /Tablette 13/ }).getByText('(perdue ou volée)').waitFor();
  await consoleCtx.close();

  // Its next contact: the sync hears device_lost and the tablet erases.
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await page.getByRole('heading', { name: 'Les données des élèves ont été effacées', level: 1 }).waitFor({ timeout: 30_000 });
  for (const store of ['work', 'outbox', 'localSessions', 'students', 'attachments', 'submissions']) expect(await countRows(page, store), store).toBe(0);
  expect(await page.content()).not.toContain('Le brouillon de Léa');
  expect(await runAxe(page)).toEqual([]);
  await shootBoth(page, 'kit-tablet-erased');
  await context.close();
});
