/**
 * The whole student journey on a real build, real server and real Chromium (fake camera and
 * microphone): enrol and sign in online, read a lesson, go offline, answer every question
 * kind (text, choice, photo, audio), reload while offline (nothing lost, still signed in),
 * hand in ("rendu — en attente d'envoi"), come back online: the server holds exactly one
 * submission with byte-identical attachments and the student sees "reçu".
 */
import { expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { newTablet, pageErrors, waitForServiceWorker, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { ALL_KINDS, enrolTablet, localAttachments, publishAssignment, publishLesson, signIn, teacherGet, teacherToken } from './student-helpers.ts';
import type { SubmissionDetail, SubmissionRow } from '../../src/protocol/console.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started), { fakeMedia: true });

test('online → offline → every question kind → reload offline → hand in → online: one submission, identical bytes, "reçu"', async () => {
  const token = await teacherToken(server);
  const png = readFileSync('public/icons/icon-192.png');
  await publishLesson(server, token, 'La photosynthèse', 'Les plantes fabriquent leur **nourriture**.', png);
  const assignment = await publishAssignment(server, token, {
    title: 'Sciences : bilan',
    instructionsMarkdown: 'Réponds à toutes les questions.',
    dueAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
    questions: ALL_KINDS,
  });
  const ines = server.school!.students[0]!;

  const { context, page } = await newTablet(browser, server.url);
  const errors = pageErrors(page);
  await enrolTablet(page, server);
  await signIn(page, ines);
  await waitForServiceWorker(page);
  await page.getByRole('link', { name: /Sciences : bilan/ }).waitFor({ timeout: 30_000 });

  // Read the lesson once online: its image goes into the offline cache.
  await page.getByRole('link', { name: /La photosynthèse/ }).click();
  const img = page.getByRole('img', { name: 'Schéma de la leçon' });
  await img.waitFor();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(192);
  await page.getByRole('link', { name: /Retour/ }).click();

  // ---- offline from here ----
  await context.setOffline(true);
  await page.getByRole('link', { name: /Sciences : bilan/ }).click();
  await page.getByRole('heading', { name: 'Sciences : bilan', level: 1 }).waitFor();

  await page.getByLabel('Ta réponse').fill('Ce matin, j’ai pris le bus. J’ai eu maths. Puis sport.');
  await page.getByLabel('Paris').check();
  await page.getByRole('button', { name: 'Prendre une photo' }).click();
  const capture = page.getByRole('button', { name: 'Déclencher' });
  await expect.poll(() => capture.isEnabled(), { timeout: 15_000 }).toBe(true);
  await capture.click();
  await page.getByRole('img', { name: 'Ta photo 1' }).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByText(/Enregistrement… \d+ s sur 60 s/).waitFor();
  await page.waitForTimeout(2_500);
  await page.getByRole('button', { name: 'Arrêter' }).click();
  await page.locator('audio').waitFor();
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');

  // Reload while offline: the SW serves the app, the student is still signed in, nothing is lost.
  await page.reload();
  await page.getByRole('heading', { name: 'Sciences : bilan', level: 1 }).waitFor();
  await expect(page.getByLabel('Ta réponse')).toBeDefined();
  expect(await page.getByLabel('Ta réponse').inputValue()).toBe('Ce matin, j’ai pris le bus. J’ai eu maths. Puis sport.');
  expect(await page.getByLabel('Paris').isChecked()).toBe(true);
  await page.getByRole('img', { name: 'Ta photo 1' }).waitFor();
  expect(await page.locator('audio').count()).toBe(1);
  expect(await page.getByText('Connecté·e : Inès Martin').count()).toBe(1);

  // The lesson and its image open offline too.
  await page.getByRole('link', { name: /Retour/ }).click();
  await page.getByRole('link', { name: /La photosynthèse/ }).click();
  await expect.poll(() => page.getByRole('img', { name: 'Schéma de la leçon' }).evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(192);
  await page.getByRole('link', { name: /Retour/ }).click();
  await page.getByRole('link', { name: /Sciences : bilan/ }).click();

  // Hand in, offline: confirmation, then "rendu — en attente d'envoi".
  await page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await page.getByRole('dialog', { name: 'Rendre ce devoir ?' }).waitFor();
  await page.getByRole('button', { name: 'Oui, rendre' }).click();
  await page.getByText('Rendu — en attente d’envoi').waitFor();
  expect(await page.getByLabel('Ta réponse').getAttribute('readonly')).not.toBeNull();
  const local = await localAttachments(page);
  expect(Object.values(local).map((a) => a.kind).sort()).toEqual(['audio', 'photo']);

  // Nothing reached the server while offline.
  const before = await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`);
  expect(before.find((r) => r.student.id === ines.id)?.submission?.state ?? null).not.toBe('submitted');

  // ---- back online ----
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await page.getByText(/^Reçu le /).waitFor({ timeout: 60_000 });

  const rows = await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`);
  const withWork = rows.filter((r) => r.submission !== null);
  expect(withWork.map((r) => r.student.id)).toEqual([ines.id]);
  const sub = withWork[0]!.submission!;
  expect(sub.state).toBe('submitted');
  expect(sub.complete).toBe(true);
  const revisions = server.store.db
    .prepare("SELECT count(*) AS n FROM submission_revisions WHERE submission_id = ? AND kind = 'submit'")
    .get(sub.id) as { n: number };
  expect(revisions.n).toBe(1);

  const detail = await teacherGet<SubmissionDetail>(server, token, `/api/submissions/${sub.id}`);
  const answers = detail.submission.submitted!.answers;
  expect(answers.find((a) => a.questionId === 'q-text')?.text).toBe('Ce matin, j’ai pris le bus. J’ai eu maths. Puis sport.');
  expect(answers.find((a) => a.questionId === 'q-choice')?.choiceIds).toEqual(['c-paris']);
  const ids = answers.flatMap((a) => a.attachmentIds ?? []).sort();
  expect(ids).toEqual(Object.keys(local).sort());
  expect(detail.attachments.map((a) => a.id).sort()).toEqual(ids);
  for (const meta of detail.attachments) {
    const res = await fetch(`${server.url}/files/attachments/${meta.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const hash = createHash('sha256').update(bytes).digest('hex');
    expect({ id: meta.id, sha256: hash, size: bytes.length }).toEqual({ id: meta.id, sha256: local[meta.id]!.sha256, size: local[meta.id]!.size });
    expect(meta.sha256).toBe(hash);
  }
  // The photo was compressed on the tablet before it travelled.
  const photo = detail.attachments.find((a) => a.kind === 'photo')!;
  expect(photo.mime).toMatch(/^image\/(webp|jpeg)$/);
  expect(photo.size).toBeLessThan(600_000);

  // The home screen agrees.
  await page.getByRole('link', { name: /Retour/ }).click();
  await expect.poll(() => page.getByRole('link', { name: /Sciences : bilan/ }).textContent()).toMatch(/Reçu le/);
  // Offline fetches fail by design; nothing else may go wrong on the page.
  expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  await context.close();
});
