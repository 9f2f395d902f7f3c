/**
 * The teacher's follow-up of pupils' work (issue 13), in real Chromium (fake microphone) on the
 * real build and server: the teacher records a spoken comment on the marking desk and returns
 * the copy → the pupil's tablet plays it offline (cached by the sync worker); the teacher sends
 * the copy back to redo → the tablet shows « À refaire » at the top of « À faire » with the
 * message and the pupil's answers as the draft, and handing in again is a second revision;
 * the teacher gives one pupil a later due date and reminds those who have not handed in → that
 * pupil's tablet shows the new date and the reminder banner, once (closed for good).
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, runAxe, screenshot, waitForServiceWorker, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { smallTouchTargets } from './console-helpers.ts';
import { enrolTablet, expectAccessible, expectTouchTargets, publishAssignment, shootBoth, signIn, teacherToken } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started), { fakeMedia: true });

const cachedMedia = (page: Page) => page.evaluate(async () => (await (await caches.open('lesson-media')).keys()).map((r) => new URL(r.url).pathname));
const CONSOLE = { viewport: { width: 1366, height: 900 }, hasTouch: false };

/** The console's sign-in form, waiting as long as a loaded 2-core machine needs for the console's chunk. */
async function signInConsole(page: Page, login: string, password: string) {
  await page.goto(`${server.url}/console`);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Choisir une classe', level: 1 }).waitFor({ timeout: 30_000 });
}

test('spoken comment played offline on the tablet; sent back « À refaire » with the message and the draft; handed in again', async () => {
  const school = server.school!;
  const ines = school.students[0]!;
  const token = await teacherToken(server);
  const a = await publishAssignment(server, token, {
    title: 'Rédaction : mon quartier', instructionsMarkdown: 'Décris ton quartier.', dueAt: new Date(Date.now() + 3 * 86400_000).toISOString(),
    questions: [{ id: 'q1', kind: 'text', prompt: 'Décris ton quartier en trois phrases.', points: 5 }],
  });
  const { context: teacherCtx, page: teacher } = await newTablet(browser, undefined, CONSOLE);
  const { context: tabletCtx, page: tablet } = await newTablet(browser, server.url);
  try {
    await waitForServiceWorker(tablet);
    await enrolTablet(tablet, server);
    await signIn(tablet, ines);
    await tablet.getByRole('link', { name: /Rédaction : mon quartier/ }).click();
    await tablet.getByRole('heading', { name: 'Rédaction : mon quartier', level: 1 }).waitFor();
    await tablet.getByRole('textbox', { name: 'Ta réponse' }).fill('Il y a une boulangerie.');
    await expect.poll(() => tablet.locator('.save-state').textContent(), { timeout: 15_000 }).toBe('Enregistré sur la tablette');
    await tablet.getByRole('button', { name: 'Rendre', exact: true }).click();
    await tablet.getByRole('button', { name: 'Oui, rendre' }).click();
    await tablet.getByRole('button', { name: 'Synchroniser' }).click();
    await tablet.getByText(/^Reçu le /).waitFor({ timeout: 30_000 });

    // ---- the teacher records a spoken comment and returns the copy ----
    await signInConsole(teacher, school.teacher.login, school.teacher.password);
    await teacher.goto(`${server.url}/console#/classes/${school.classId}/assignments/${a.id}/follow`);
    await teacher.getByRole('link', { name: `Ouvrir la copie d’${ines.firstName} ${ines.lastName}` }).click();
    await teacher.getByRole('heading', { name: `Copie d’${ines.firstName} ${ines.lastName}`, level: 1 }).waitFor({ timeout: 15_000 });
    await teacher.getByRole('button', { name: 'Enregistrer un commentaire oral' }).click();
    await teacher.getByText(/^Enregistrement en cours\u00a0: 0:0\d sur 3:00$/).waitFor();
    await teacher.waitForTimeout(2300);
    await teacher.getByRole('button', { name: 'Arrêter et garder' }).click();
    const listen = teacher.getByText(/^Votre commentaire oral \(0:0[2-3]\)$/);
    await listen.waitFor({ timeout: 15_000 });
    await expect.poll(() => teacher.locator('.cc-spoken audio').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => teacher.getByRole('button', { name: 'Réenregistrer' }).count(), { timeout: 15_000 }).toBe(1);
    await teacher.getByLabel('Commentaire général').fill('Bon début : écoute mon commentaire.');
    await teacher.getByRole('button', { name: 'Rendre la copie à l’élève' }).click();
    await expect.poll(() => teacher.getByText(/Copie rendue le/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await runAxe(teacher)).toEqual([]);
    expect(await smallTouchTargets(teacher)).toEqual([]);
    await screenshot(teacher, 'feedback-desk-spoken-comment');
    const stored = server.store.db.prepare('SELECT size, duration_ms FROM feedback_audio WHERE detached_at IS NULL').get() as { size: number; duration_ms: number };
    expect(stored.size).toBeGreaterThan(1000);
    expect(stored.duration_ms).toBeGreaterThan(1500);

    // ---- the tablet gets it with the correction; the sync worker caches it; it plays offline ----
    await tablet.getByRole('button', { name: 'Synchroniser' }).click();
    const summary = tablet.getByRole('region', { name: 'Correction' });
    await summary.waitFor({ timeout: 30_000 });
    const player = summary.getByLabel('Commentaire oral de ton professeur');
    await player.waitFor();
    const src = await player.getAttribute('src');
    expect(src).toMatch(/^\/media\/feedback\//);
    await expect.poll(() => cachedMedia(tablet), { timeout: 30_000 }).toContain(src);
    await tabletCtx.setOffline(true);
    await tablet.reload();
    await summary.waitFor({ timeout: 30_000 });
    const offline = await tablet.evaluate(async (url) => {
      const res = await fetch(url);
      const audio = document.querySelector<HTMLAudioElement>('.feedback-audio audio')!;
      audio.load();
      await new Promise((resolve, reject) => { audio.onloadedmetadata = resolve; audio.onerror = reject; setTimeout(reject, 10_000); });
      return { status: res.status, bytes: (await res.arrayBuffer()).byteLength, duration: audio.duration };
    }, src!);
    expect(offline.status).toBe(200);
    expect(offline.bytes).toBe(stored.size);
    expect(offline.duration).toBeGreaterThan(1.5); // the webm has its length written in
    expect(offline.duration).toBeLessThan(10);
    await expectAccessible(tablet);
    await shootBoth(tablet, 'feedback-tablet-spoken-comment');
    await tabletCtx.setOffline(false);

    // ---- the teacher sends the copy back to redo ----
    await teacher.getByRole('button', { name: 'Rendre à refaire…' }).click();
    const dialog = teacher.getByRole('dialog', { name: /Rendre la copie à refaire/ });
    await dialog.getByRole('button', { name: 'Renvoyer à l’élève' }).click();
    await dialog.getByText('Écrivez ce qu’il faut refaire.').waitFor();
    await dialog.getByLabel('Ce qu’il faut refaire (message pour l’élève)').fill('Développe : cite deux commerces et une rue.');
    expect(await runAxe(teacher)).toEqual([]);
    await screenshot(teacher, 'feedback-desk-send-back-dialog');
    await dialog.getByRole('button', { name: 'Renvoyer à l’élève' }).click();
    await teacher.getByText(/^Rendue à refaire le .*\u00a0: «\u00a0Développe : cite deux commerces et une rue.\u00a0»$/).waitFor();

    // ---- the tablet: « À refaire » on top of « À faire », the message, the draft ----
    await tablet.goto(server.url);
    await tablet.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
    await tablet.getByRole('button', { name: 'Synchroniser' }).click();
    const todo = tablet.locator('#list-todo li').first();
    await expect.poll(() => todo.textContent(), { timeout: 30_000 }).toContain('À refaire');
    expect(await todo.textContent()).toContain('Rédaction : mon quartier');
    expect(await todo.textContent()).toContain('Développe : cite deux commerces et une rue.');
    await expectAccessible(tablet);
    await expectTouchTargets(tablet);
    await shootBoth(tablet, 'feedback-tablet-home-redo');
    await todo.getByRole('link').click();
    await tablet.getByRole('heading', { name: 'Ton professeur te demande de refaire ce devoir' }).waitFor();
    expect(await tablet.locator('.redo .teacher-message').textContent()).toBe('Développe : cite deux commerces et une rue.');
    const box = tablet.getByRole('textbox', { name: 'Ta réponse' });
    expect(await box.inputValue()).toBe('Il y a une boulangerie.');
    await expectAccessible(tablet);
    await shootBoth(tablet, 'feedback-tablet-assignment-redo');
    await box.fill('Il y a une boulangerie et une pharmacie, rue Victor-Hugo.');
    await expect.poll(() => tablet.locator('.save-state').textContent(), { timeout: 15_000 }).toBe('Enregistré sur la tablette');
    await tablet.getByRole('button', { name: 'Rendre', exact: true }).click();
    await tablet.getByRole('button', { name: 'Oui, rendre' }).click();
    await tablet.getByRole('button', { name: 'Synchroniser' }).click();
    await tablet.getByText(/^Reçu le /).waitFor({ timeout: 30_000 });
    const revisions = server.store.db.prepare(
      `SELECT r.number, r.kind FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = ? AND r.kind = 'submit' ORDER BY r.number`,
    ).all(a.id) as { number: number; kind: string }[];
    expect(revisions).toHaveLength(2); // two hand-ins, each its own revision (drafts in between are revisions too)
    expect(revisions[1]!.number).toBeGreaterThan(revisions[0]!.number);
  } finally {
    await teacherCtx.close();
    await tabletCtx.close();
  }
});

test('one pupil’s later due date and a reminder to those who have not handed in reach the tablet; the banner shows once', async () => {
  const school = server.school!;
  const pupil = school.students[1]!;
  const token = await teacherToken(server);
  const a = await publishAssignment(server, token, {
    title: 'Exercices de fractions', instructionsMarkdown: 'Fais les exercices.', dueAt: new Date(Date.now() + 86400_000).toISOString(),
    questions: [{ id: 'q1', kind: 'text', prompt: 'Calcule 1/2 + 1/4.', points: 2 }],
  });
  const { context: teacherCtx, page: teacher } = await newTablet(browser, undefined, CONSOLE);
  const { context: tabletCtx, page: tablet } = await newTablet(browser, server.url);
  try {
    await signInConsole(teacher, school.teacher.login, school.teacher.password);
    await teacher.goto(`${server.url}/console#/classes/${school.classId}/assignments/${a.id}/follow`);
    const name = `${pupil.firstName} ${pupil.lastName}`;
    await teacher.getByRole('button', { name: `Changer la date limite pour ${name}` }).click();
    const dueDialog = teacher.getByRole('dialog', { name: `Date limite pour ${name}` });
    await dueDialog.getByLabel('Nouvelle date limite').fill('2031-06-16T17:30');
    await dueDialog.getByRole('button', { name: 'Enregistrer la date' }).click();
    const row = teacher.getByRole('row', { name: new RegExp(name) });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('(repoussée)');

    const remind = teacher.getByRole('button', { name: 'Relancer les 3 élèves qui n’ont pas rendu' });
    await remind.click();
    const remindDialog = teacher.getByRole('dialog', { name: 'Relancer 3 élèves' });
    await remindDialog.getByLabel('Message (facultatif)').fill('N’oubliez pas vos exercices !');
    expect(await runAxe(teacher)).toEqual([]);
    await screenshot(teacher, 'feedback-follow-remind-dialog');
    await remindDialog.getByRole('button', { name: 'Envoyer le rappel' }).click();
    await teacher.getByText('3 élèves relancés.').waitFor();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/relance envoyée le \d/);
    expect(await runAxe(teacher)).toEqual([]);
    expect(await smallTouchTargets(teacher)).toEqual([]);
    await screenshot(teacher, 'feedback-follow-extended-reminded');
    const recorded = server.store.db.prepare('SELECT COUNT(*) FROM reminders WHERE assignment_id = ? AND sent_by = ?').pluck().get(a.id, school.teacher.id);
    expect(recorded).toBe(3);

    // ---- the pupil's tablet: the new date, the reminder once ----
    await waitForServiceWorker(tablet);
    await enrolTablet(tablet, server, 'Tablette 14');
    await signIn(tablet, pupil);
    const banner = tablet.locator('section.reminder');
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1);
    expect(await banner.textContent()).toContain('Mme Durand te rappelle de rendre « Exercices de fractions »');
    expect(await banner.textContent()).toContain('N’oubliez pas vos exercices !');
    const item = tablet.locator('#list-todo li', { hasText: 'Exercices de fractions' });
    await expect.poll(() => item.textContent(), { timeout: 15_000 }).toContain('Nouvelle date : à rendre le lundi 16 juin');
    expect(await item.textContent()).toContain('Date repoussée');
    await expectAccessible(tablet);
    await expectTouchTargets(tablet);
    await shootBoth(tablet, 'feedback-tablet-home-reminder');
    await banner.getByRole('button', { name: 'J’ai compris' }).click();
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(0);
    await tablet.reload();
    await tablet.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
    await tablet.getByRole('button', { name: 'Synchroniser' }).click();
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    expect(await banner.count()).toBe(0);
  } finally {
    await teacherCtx.close();
    await tabletCtx.close();
  }
});
