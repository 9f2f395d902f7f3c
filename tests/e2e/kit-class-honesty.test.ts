/**
 * Issue 19 in real Chromium: the class tablets screen never says « Tout est synchronisé » over
 * work it cannot vouch for —
 * - a tablet enrolled for the whole school (the CDI's) where a pupil of the class signed in is
 *   on the class screen (« Tablette de l'établissement, utilisée par Noah Bernard »), keeps it
 *   from going green while not heard from, and lets it go green once it delivered his work;
 * - a tablet withdrawn while offline, with Léa's hand-in made after its last report, keeps the
 *   class from going green (« Retirée, pas de nouvelles depuis son retrait »); back online it
 *   is refused — and its refused sync still tells the screen that Léa's work is on it;
 *   « Réactiver la tablette » gives it back and her work arrives as hers.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, runAxe, screenshot, type E2EServer, type SeededSchool, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, publishAssignment, signIn, teacherCall, teacherGet, teacherToken, typePin } from './student-helpers.ts';
import { allSyncedFlag, apiAs, CONSOLE_DESKTOP, signInConsole, smallTouchTargets } from './console-helpers.ts';
import type { SubmissionRow } from '../../src/protocol/console.ts';

type Student = SeededSchool['students'][number];

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const deviceId = (name: string) => server.store.db.prepare('SELECT id FROM devices WHERE name = ?').pluck().get(name) as string;
const hhmm = (page: Page, iso: string) => page.evaluate((at) => new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short' }).format(new Date(at)), iso);

/** Opens the assignment (online: its screen's code is fetched), then goes offline and hands it in. */
async function handInOffline(page: Page, title: RegExp, text: string) {
  await page.getByRole('link', { name: title }).click();
  await page.getByLabel('Ta réponse').waitFor();
  await page.context().setOffline(true);
  await page.getByLabel('Ta réponse').fill(text);
  await page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await page.getByRole('button', { name: 'Oui, rendre' }).click();
  await page.getByText('Rendu — en attente d’envoi').waitFor();
  await page.getByRole('link', { name: /Retour/ }).click();
}

async function teacherTablets(): Promise<Page> {
  const school = server.school!;
  const { page } = await newTablet(browser, undefined, CONSOLE_DESKTOP);
  await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
  await page.goto(`${server.url}/console#/classes/${school.classId}/tablets`);
  await page.locator('[data-all-synced]').waitFor();
  return page;
}

test('a school-wide tablet where Noah signed in is on 5e B’s screen and keeps it from going green until his work is in', async () => {
  const school = server.school!;
  const token = await teacherToken(server);
  const [ines, noah] = school.students as [Student, Student];
  const title = `Exposé au CDI ${Date.now() % 10_000}`; // unique: a retry publishes again
  const assignment = await publishAssignment(server, token, { title, instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Résume ton exposé.', points: 5 }] });
  await teacherCall(server, token, 'POST', `/api/devices/${school.device.id}/revoke`); // the seeded tablet: nobody ever used it
  // The class's own tablet, in sync.
  const { context: classCtx, page: classTablet } = await newTablet(browser, server.url);
  await enrolTablet(classTablet, server, 'Tablette 21');
  await signIn(classTablet, ines);
  await classTablet.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(() => server.store.db.prepare('SELECT pending_count FROM devices WHERE name = ?').pluck().get('Tablette 21'), { timeout: 30_000 }).toBe(0);

  const teacher = await teacherTablets();
  await expect.poll(() => allSyncedFlag(teacher)).toBe('true');
  expect(await teacher.locator('tr[data-visiting]').count()).toBe(0);

  // The CDI's tablet, enrolled by the IT referent for the whole school: Noah signs in there.
  const asIt = await apiAs(server.url, school.it.login, school.it.password);
  const { code } = await asIt<{ code: string }>('POST', '/api/devices/codes', {});
  const { context: cdiCtx, page: cdi } = await newTablet(browser, server.url);
  await cdi.getByLabel('Code d’inscription').fill(code);
  await cdi.getByLabel('Nom de la tablette').fill('CDI 1');
  await cdi.getByRole('button', { name: 'Inscrire la tablette' }).click();
  await cdi.getByRole('heading', { name: 'Qui es-tu ?' }).waitFor(); // the school's only class: its names at once
  await cdi.getByRole('button', { name: /^Noah/ }).click();
  await typePin(cdi, noah.secret);
  await cdi.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
  await cdi.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(() => server.store.db.prepare('SELECT pending_count FROM devices WHERE id = ?').pluck().get(deviceId('CDI 1')), { timeout: 30_000 }).toBe(0);

  // Out of the Wi-Fi's reach, Noah hands his work in; twenty minutes without news.
  await handInOffline(cdi, new RegExp(title), 'Mon exposé sur les volcans.');
  const quietSince = new Date(Date.now() - 20 * 60_000).toISOString();
  server.store.db.prepare('UPDATE devices SET last_sync_at = ? WHERE id = ?').run(quietSince, deviceId('CDI 1'));

  await teacher.reload();
  await expect.poll(() => allSyncedFlag(teacher)).toBe('false');
  const row = teacher.locator(`tr[data-device="${deviceId('CDI 1')}"]`);
  expect(await row.getAttribute('data-visiting')).toBe('true');
  const text = await row.textContent();
  expect(text).toContain('Tablette de l’établissement, utilisée par Noah Bernard');
  expect(text).toContain(`Pas de nouvelles depuis ${await hhmm(teacher, quietSince)}`);
  expect(text).toContain('Gérée par le référent numérique'); // a teacher acts on their classes' tablets only
  expect(await row.getByRole('button').count()).toBe(0);
  expect(await teacher.locator('.cc-hint').first().textContent()).toContain('Comptent aussi les tablettes hors de la classe où un de ses élèves s’est connecté');
  expect(await runAxe(teacher)).toEqual([]);
  expect(await smallTouchTargets(teacher)).toEqual([]);
  await screenshot(teacher, 'kit-tablets-school-tablet');

  // Back in reach: it delivers Noah's work, and 5e B may go home.
  await cdiCtx.setOffline(false);
  await cdi.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(async () => (await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`)).find((r) => r.student.id === noah.id)?.submission?.state, { timeout: 30_000 }).toBe('submitted');
  await expect.poll(async () => {
    await teacher.reload();
    await teacher.locator('[data-all-synced]').waitFor();
    return allSyncedFlag(teacher);
  }, { timeout: 30_000 }).toBe('true');
  expect(await teacher.locator(`tr[data-device="${deviceId('CDI 1')}"]`).textContent()).toContain('0 devoir de la classe');
  await screenshot(teacher, 'kit-tablets-school-tablet-synced');
  await teacher.context().close();
  await cdiCtx.close();
  await classCtx.close();
});

test('a tablet withdrawn while offline keeps the class from going green until it says what it holds — refused, it still says Léa’s work is on it', async () => {
  const school = server.school!;
  const token = await teacherToken(server);
  const lea = school.students[2] as Student;
  const title = `Carte du relief ${Date.now() % 10_000}`; // unique: a retry publishes again
  const assignment = await publishAssignment(server, token, { title, instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Nomme trois massifs.', points: 3 }] });
  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server, 'Tablette 22');
  await signIn(page, lea);
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  const id = deviceId('Tablette 22');
  await expect.poll(() => server.store.db.prepare('SELECT pending_count FROM devices WHERE id = ?').pluck().get(id), { timeout: 30_000 }).toBe(0);
  const reportedAt = server.store.db.prepare('SELECT last_sync_at FROM devices WHERE id = ?').pluck().get(id) as string;

  // On the bus, Léa hands in: the server last heard « nothing waiting ».
  await handInOffline(page, new RegExp(title), 'Les Alpes, le Jura, les Vosges.');

  const teacher = await teacherTablets();
  await teacher.getByRole('button', { name: 'Retirer la tablette Tablette 22' }).click();
  const dialog = teacher.getByRole('dialog', { name: 'Retirer la tablette « Tablette 22 » ?' });
  expect(await dialog.textContent()).toContain(`À sa dernière synchro (${await hhmm(teacher, reportedAt)}), cette tablette n’avait rien en attente. Ce qui a été fait dessus depuis y restera.`);
  await dialog.getByRole('button', { name: 'Retirer la tablette' }).click();
  const row = teacher.locator(`tr[data-device="${id}"]`);
  await expect.poll(() => row.getAttribute('data-state')).toBe('unheard');
  const revokedAt = server.store.db.prepare('SELECT revoked_at FROM devices WHERE id = ?').pluck().get(id) as string;
  expect(await row.textContent()).toContain(`Retirée, pas de nouvelles depuis son retrait (${await hhmm(teacher, revokedAt)})`);
  expect(await row.textContent()).toContain('Le travail fait dessus hors ligne n’est pas encore connu');
  expect(await allSyncedFlag(teacher)).toBe('false');
  expect(await runAxe(teacher)).toEqual([]);
  await screenshot(teacher, 'kit-tablets-withdrawn-unheard');

  // Back online: refused (it says so to Léa) — and its refused sync tells the server her work is on it.
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await page.getByRole('heading', { name: 'Cette tablette n’est plus inscrite à l’école', level: 1 }).waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator('main').textContent()).toContain('Léa');
  await page.getByRole('button', { name: 'Synchroniser' }).click(); // a refused tablet reports at every attempt
  await expect.poll(() => server.store.db.prepare('SELECT pending_students FROM devices WHERE id = ?').pluck().get(id), { timeout: 30_000 }).toContain(lea.id);
  await teacher.reload();
  await expect.poll(() => row.getAttribute('data-state')).toBe('waiting');
  expect(await row.textContent()).toContain('Retirée, travail gardé dessus');
  expect(await row.textContent()).toContain(`1 devoir non envoyé\u00a0: ${lea.firstName} ${lea.lastName}`);
  expect(await allSyncedFlag(teacher)).toBe('false');
  await screenshot(teacher, 'kit-tablets-withdrawn-reported');

  // « Réactiver la tablette »: at its next sync it is enrolled as before and Léa's work arrives as hers.
  await row.getByRole('button', { name: 'Réactiver la tablette Tablette 22' }).click();
  await expect.poll(() => server.store.db.prepare('SELECT revoked_at FROM devices WHERE id = ?').pluck().get(id)).toBeNull();
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(async () => (await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`)).find((r) => r.student.id === lea.id)?.submission?.state, { timeout: 30_000 }).toBe('submitted');
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor({ timeout: 30_000 }); // Léa is back on her home, not the refusal
  await expect.poll(async () => {
    await teacher.reload();
    return row.getAttribute('data-state');
  }, { timeout: 30_000 }).toBe('synced');
  await teacher.context().close();
  await context.close();
});
