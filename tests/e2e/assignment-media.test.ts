/**
 * Images and sounds on an assignment (issue 13), end to end: the teacher attaches a picture to
 * a question (and describes it) and a sound to the instructions in the console's editor, then
 * checks the preview, publishes; a tablet shows the picture under its question with the description as its
 * alternative text (« Voir en grand » opens it), and a labelled player whose sound loads —
 * again after going offline and reloading, from the service worker's cache. Axe clean, touch
 * targets, screenshots of both sides.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, runAxe, type E2EServer, useDemoServerAndBrowser, waitForServiceWorker } from './harness.ts';
import { shootConsole, signInConsole, smallTouchTargets } from './console-helpers.ts';
import { enrolTablet, expectAccessible, expectTouchTargets, shootBoth, signIn, teacherCall, teacherToken } from './student-helpers.ts';
import { arpeggioWav, fractionDiagramPng } from '../../server/seed/demo-media.ts';
import type { Assignment } from '../../src/protocol/entities.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const DESCRIPTION = 'Un disque coupé en quatre parts égales, dont trois sont coloriées en bleu.';
const TITLE = 'Les fractions en images';

/** The picture under question 1 has its bytes, and the instructions' player has its sound's length. */
async function expectMediaLoaded(page: Page) {
  const image = page.locator('section.question').getByRole('img', { name: DESCRIPTION, exact: true });
  await image.waitFor({ timeout: 30_000 });
  await expect.poll(() => image.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  const player = page.locator('section[aria-labelledby="instructions-title"] audio');
  await expect.poll(() => player.evaluate((el: HTMLAudioElement) => (el.readyState >= 1 ? el.duration : 0)), { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await player.evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent)).toBe('Écouter : consigne');
}

test('the teacher attaches a picture to a question and a sound to the instructions; the tablet shows and plays them, offline too', async () => {
  const school = server.school!;
  const token = await teacherToken(server);
  const draft = await teacherCall<Assignment>(server, token, 'POST', `/api/classes/${school.classId}/assignments`, {
    title: TITLE, instructionsMarkdown: 'Écoute la consigne, puis regarde le schéma.', dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    questions: [{ id: 'q-part', kind: 'text', prompt: 'Quelle fraction du disque est coloriée ?', points: 2 }],
  });

  // The console: attach, describe, publish.
  const { context: desk, page: teacher } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  await signInConsole(teacher, server.url, school.teacher.login, school.teacher.password);
  await teacher.goto(`${server.url}/console#/classes/${school.classId}/assignments/${draft.id}/edit`);
  const q1 = teacher.getByRole('group', { name: 'Images et sons de la question 1', exact: true });
  await q1.getByLabel('Ajouter une image ou un son').setInputFiles({ name: 'fraction.png', mimeType: 'image/png', buffer: fractionDiagramPng() });
  const field = q1.getByLabel('Description de l’image « fraction.png »');
  await field.waitFor({ timeout: 15_000 });
  await field.fill(DESCRIPTION);
  await q1.getByRole('button', { name: 'Enregistrer la description' }).click();
  await expect.poll(() => server.store.db.prepare("SELECT description FROM lesson_media WHERE assignment_id = ? AND kind = 'image'").pluck().get(draft.id)).toBe(DESCRIPTION);

  const instructions = teacher.getByRole('group', { name: 'Images et sons de la consigne', exact: true });
  await instructions.getByLabel('Ajouter une image ou un son').setInputFiles({ name: 'consigne.wav', mimeType: 'audio/wav', buffer: arpeggioWav() });
  await instructions.getByRole('button', { name: 'Retirer « consigne.wav »' }).waitFor({ timeout: 15_000 });
  // Each in its place: the picture is not listed under the instructions, nor the sound under the question.
  await expect.poll(() => instructions.getByText('fraction.png').count()).toBe(0);
  await expect.poll(() => q1.getByText('consigne.wav').count()).toBe(0);
  expect(await runAxe(teacher)).toEqual([]);
  expect(await smallTouchTargets(teacher)).toEqual([]);
  await q1.scrollIntoViewIfNeeded();
  await shootConsole(teacher, 'console-assignment-media');

  // The preview is the tablet: the picture under its question, the sound under the instructions (loaded with the teacher's token).
  await teacher.getByRole('button', { name: 'Aperçu élève' }).click();
  const preview = teacher.frameLocator('iframe.cc-tablet-screen-frame');
  const previewImage = preview.locator('section.question').getByRole('img', { name: DESCRIPTION, exact: true });
  await previewImage.waitFor({ timeout: 15_000 });
  await expect.poll(() => previewImage.evaluate((el: HTMLImageElement) => el.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => preview.locator('section[aria-labelledby="instructions-title"] audio').evaluate((el: HTMLAudioElement) => (el.readyState >= 1 ? el.duration : 0)), { timeout: 15_000 }).toBeGreaterThan(0);
  await teacher.getByRole('button', { name: 'Aperçu élève' }).click();

  await teacher.getByRole('button', { name: 'Publier', exact: true }).click();
  await expect.poll(() => server.store.db.prepare('SELECT status FROM assignments WHERE id = ?').pluck().get(draft.id), { timeout: 15_000 }).toBe('published');
  await desk.close();

  // The tablet: under the instructions and under the question.
  const { context, page } = await newTablet(browser, server.url);
  await waitForServiceWorker(page);
  await enrolTablet(page, server);
  await signIn(page, school.students[0]!);
  await page.getByRole('link', { name: new RegExp(TITLE) }).click({ timeout: 30_000 });
  await expectMediaLoaded(page);
  // The file name is never what a pupil reads for the described picture.
  expect(await page.getByRole('img', { name: /fraction\.png/ }).count()).toBe(0);
  await expectAccessible(page);
  await expectTouchTargets(page);
  await shootBoth(page, 'tablet-assignment-media');

  await page.getByRole('button', { name: `Voir en grand : ${DESCRIPTION}` }).click();
  await page.getByRole('dialog', { name: DESCRIPTION }).waitFor();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

  // Offline: the service worker serves both from its cache after a reload.
  await context.setOffline(true);
  await page.reload();
  await expectMediaLoaded(page);
  await shootBoth(page, 'tablet-assignment-media-offline');
  await context.close();
});

test('« Dupliquer » carries the pictures and sounds to the copy; « Retirer » on one asks first, and only the copy loses it', async () => {
  const school = server.school!;
  const token = await teacherToken(server);
  const title = `Le schéma à copier ${Math.random().toString(36).slice(2, 6)}`; // unique: a retry runs on the same server
  const source = await teacherCall<Assignment>(server, token, 'POST', `/api/classes/${school.classId}/assignments`, {
    title, instructionsMarkdown: 'Regarde le schéma.', dueAt: null,
    questions: [{ id: 'q-a', kind: 'text', prompt: 'Que vois-tu ?', points: 1 }],
  });
  const { context: desk, page: teacher } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  await signInConsole(teacher, server.url, school.teacher.login, school.teacher.password);
  await teacher.goto(`${server.url}/console#/classes/${school.classId}/assignments/${source.id}/edit`);
  const q1 = teacher.getByRole('group', { name: 'Images et sons de la question 1', exact: true });
  await q1.getByLabel('Ajouter une image ou un son').setInputFiles({ name: 'schema.png', mimeType: 'image/png', buffer: fractionDiagramPng() });
  await q1.getByLabel('Description de l’image « schema.png »').fill(DESCRIPTION);
  await q1.getByRole('button', { name: 'Enregistrer la description' }).click();
  const instructions = teacher.getByRole('group', { name: 'Images et sons de la consigne', exact: true });
  await instructions.getByLabel('Ajouter une image ou un son').setInputFiles({ name: 'consigne.wav', mimeType: 'audio/wav', buffer: arpeggioWav() });
  await instructions.getByRole('button', { name: 'Retirer « consigne.wav »' }).waitFor({ timeout: 15_000 });
  await expect.poll(() => server.store.db.prepare("SELECT description FROM lesson_media WHERE assignment_id = ? AND kind = 'image'").pluck().get(source.id)).toBe(DESCRIPTION);

  // « Dupliquer » in the same class: the copy's editor opens with both media, the picture's description kept.
  await teacher.goto(`${server.url}/console#/classes/${school.classId}/assignments`);
  await teacher.getByRole('button', { name: `Dupliquer — ${title}`, exact: true }).click();
  await teacher.getByRole('group', { name: `Dupliquer « ${title} »` }).getByRole('button', { name: 'Créer la copie' }).click();
  await expect.poll(() => teacher.url()).toMatch(/\/assignments\/[A-Za-z0-9_-]+\/edit$/);
  const copyId = /\/assignments\/([A-Za-z0-9_-]+)\/edit$/.exec(teacher.url())![1]!;
  expect(copyId).not.toBe(source.id);
  const copyQ1 = teacher.getByRole('group', { name: 'Images et sons de la question 1', exact: true });
  await expect.poll(() => copyQ1.getByLabel('Description de l’image « schema.png »').inputValue(), { timeout: 15_000 }).toBe(DESCRIPTION);
  await expect.poll(() => copyQ1.locator('img.cc-media-thumb').evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  const copyInstructions = teacher.getByRole('group', { name: 'Images et sons de la consigne', exact: true });
  await copyInstructions.getByRole('button', { name: 'Retirer « consigne.wav »' }).waitFor();
  const media = (id: string) => server.store.db.prepare('SELECT name, sha256 FROM lesson_media WHERE assignment_id = ? ORDER BY name').all(id) as { name: string; sha256: string }[];
  expect(media(copyId)).toEqual(media(source.id)); // the same bytes, referenced again

  // « Retirer » asks: Annuler (and Escape) keep the picture; the danger button starts unfocused.
  await copyQ1.getByRole('button', { name: 'Retirer « schema.png »' }).click();
  const dialog = teacher.getByRole('dialog', { name: 'Retirer « schema.png » de ce devoir ?' });
  await dialog.waitFor();
  expect(await dialog.getByRole('button', { name: 'Annuler' }).evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await dialog.textContent()).toContain('Les élèves ne verront plus cette image.');
  expect(await runAxe(teacher)).toEqual([]);
  await shootConsole(teacher, 'console-assignment-media-remove');
  await teacher.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
  expect(media(copyId).map((m) => m.name)).toEqual(['consigne.wav', 'schema.png']);
  await copyQ1.getByRole('button', { name: 'Retirer « schema.png »' }).click();
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  expect(media(copyId)).toHaveLength(2);

  // Confirmed: gone from the copy only; the original keeps it.
  await copyQ1.getByRole('button', { name: 'Retirer « schema.png »' }).click();
  await dialog.getByRole('button', { name: 'Retirer', exact: true }).click();
  await expect.poll(() => media(copyId).map((m) => m.name)).toEqual(['consigne.wav']);
  await expect.poll(() => copyQ1.getByRole('button', { name: 'Retirer « schema.png »' }).count()).toBe(0);
  expect(media(source.id).map((m) => m.name)).toEqual(['consigne.wav', 'schema.png']);
  await desk.close();
});
