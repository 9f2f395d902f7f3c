/**
 * Never lose work on one tap, in real Chromium on the real build: a retake whose compression
 * fails (a file the media worker cannot decode) keeps the old photo, bytes and all; deleting a
 * photo or a recording asks first; « Annuler » during « Recommencer » keeps the old recording;
 * after « Oui, rendre » the page is back at the top with the status in view, and a double tap
 * on « Oui, rendre » never falls through onto the text box.
 */
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { newTablet, pageErrors, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { ALL_KINDS, enrolTablet, expectAccessible, localAttachments, publishAssignment, shootBoth, signIn, teacherToken } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started), { fakeMedia: true });

/** The photos/recordings kept on the tablet: id → SHA-256 of their bytes (the upload state moves on its own while online). */
async function keptBytes(page: Page): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(await localAttachments(page)).map(([id, a]) => [id, a.sha256]));
}

async function openAssignment(page: Page, title: string) {
  await enrolTablet(page, server);
  await signIn(page, server.school!.students[0]!);
  await page.getByRole('link', { name: new RegExp(title) }).click({ timeout: 30_000 });
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
}

test('a retake that cannot be compressed keeps the old photo; deleting asks first', async () => {
  const token = await teacherToken(server);
  await publishAssignment(server, token, { title: 'Photo de la figure', instructionsMarkdown: '', dueAt: null, questions: [ALL_KINDS[2]!] });
  const { context, page } = await newTablet(browser);
  // No camera on this tablet: the file input is the way in (and lets the test feed a broken file).
  await page.addInitScript(() => {
    Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: () => Promise.reject(new DOMException('no camera', 'NotFoundError')) });
  });
  await page.goto(server.url);
  const errors = pageErrors(page);
  await openAssignment(page, 'Photo de la figure');

  const input = page.locator('input[type=file]');
  await input.setInputFiles({ name: 'figure.png', mimeType: 'image/png', buffer: readFileSync('public/icons/icon-192.png') });
  await page.getByRole('img', { name: 'Ta photo 1' }).waitFor({ timeout: 30_000 });
  const before = await keptBytes(page);
  expect(Object.keys(before)).toHaveLength(1);

  // Retake with a file that is not an image: compression fails in the media worker.
  await page.getByRole('button', { name: 'Reprendre (Ta photo 1)' }).click();
  await input.setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a photo at all') });
  await expect.poll(() => page.locator('.notice.error[role=status]').textContent(), { timeout: 30_000 }).toContain('n’a pas pu lire ce fichier');
  expect(await keptBytes(page)).toEqual(before);
  await page.getByRole('img', { name: 'Ta photo 1' }).waitFor();

  // Deleting asks; « Non, la garder » keeps it.
  await page.getByRole('button', { name: 'Supprimer la photo (Ta photo 1)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Supprimer cette photo ?' });
  await dialog.waitFor();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Non, la garder');
  await expectAccessible(page);
  await shootBoth(page, 'student-photo-delete-confirm');
  await page.getByRole('button', { name: 'Non, la garder' }).click();
  expect(await keptBytes(page)).toEqual(before);
  await page.getByRole('button', { name: 'Supprimer la photo (Ta photo 1)' }).click();
  await page.getByRole('button', { name: 'Oui, supprimer' }).click();
  await expect.poll(() => page.getByRole('img', { name: 'Ta photo 1' }).count()).toBe(0);
  expect(await keptBytes(page)).toEqual({});
  expect(errors.filter((e) => !/Failed to load resource|save failed/.test(e))).toEqual([]);
  await context.close();
});

test('« Annuler » during « Recommencer » keeps the old recording; deleting it asks first', async () => {
  const token = await teacherToken(server);
  await publishAssignment(server, token, { title: 'Lecture à voix haute', instructionsMarkdown: '', dueAt: null, questions: [ALL_KINDS[3]!] });
  const { context, page } = await newTablet(browser, server.url);
  await openAssignment(page, 'Lecture à voix haute');

  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.waitForTimeout(1_500);
  await page.getByRole('button', { name: 'Arrêter' }).click();
  await page.locator('audio').waitFor();
  const first = await keptBytes(page);
  expect(Object.keys(first)).toHaveLength(1);

  await page.getByRole('button', { name: 'Recommencer' }).click();
  await page.getByRole('button', { name: 'Annuler (garder l’ancien)' }).click();
  await page.locator('audio').waitFor();
  expect(await keptBytes(page)).toEqual(first);

  await page.getByRole('button', { name: 'Supprimer l’enregistrement' }).click();
  await page.getByRole('dialog', { name: 'Supprimer cet enregistrement ?' }).waitFor();
  await page.getByRole('button', { name: 'Non, le garder' }).click();
  expect(await keptBytes(page)).toEqual(first);
  await page.getByRole('button', { name: 'Supprimer l’enregistrement' }).click();
  await page.getByRole('button', { name: 'Oui, supprimer' }).click();
  await expect.poll(() => page.locator('audio').count()).toBe(0);
  expect(await keptBytes(page)).toEqual({});
  await context.close();
});

test('after « Oui, rendre » the status is in view at the top, and a double tap does not fall onto the text box', async () => {
  const token = await teacherToken(server);
  const long = Array.from({ length: 4 }, (_, i) => ({ ...ALL_KINDS[0]!, id: `q-text-${i}`, prompt: `Question longue numéro ${i + 1}` }));
  await publishAssignment(server, token, { title: 'Rédaction', instructionsMarkdown: 'Écris beaucoup.', dueAt: null, questions: long });
  const { context, page } = await newTablet(browser, server.url);
  await openAssignment(page, 'Rédaction');

  // Nothing answered yet: « Rendre » is disabled and says why.
  const handIn = page.getByRole('button', { name: 'Rendre', exact: true });
  expect(await handIn.isDisabled()).toBe(true);
  expect(await handIn.getAttribute('aria-describedby')).toBe('submit-why');
  expect(await page.locator('#submit-why').textContent()).toContain('Réponds d’abord à une question');

  await page.getByRole('textbox').first().fill('Il était une fois une tablette partagée.');
  await expect.poll(() => handIn.isEnabled()).toBe(true);
  await handIn.click();
  const yes = page.getByRole('button', { name: 'Oui, rendre' });
  await yes.waitFor();
  await page.waitForTimeout(500); // past the opening guard
  const box = (await yes.boundingBox())!;
  await page.evaluate(() => {
    const w = window as unknown as { focused: string[] };
    w.focused = [];
    document.addEventListener('focusin', (e) => w.focused.push((e.target as HTMLElement).tagName));
  });
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByText('Rendu — en attente d’envoi').or(page.getByText(/^Reçu le /)).first().waitFor({ timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { focused: string[] }).focused)).not.toContain('TEXTAREA');
  expect(await page.evaluate(() => scrollY)).toBe(0);
  const status = await page.locator('article > p[role=status]').boundingBox();
  expect(status!.y + status!.height).toBeLessThanOrEqual(800);
  expect(await page.locator('.handed-in').textContent()).toMatch(/^C’est rendu\u00a0!/);
  await shootBoth(page, 'student-handed-in');
  await context.close();
});
