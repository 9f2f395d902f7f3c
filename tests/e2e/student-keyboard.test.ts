/**
 * The whole journey with the keyboard alone (enrol, sign in, open, answer, hand in) with a
 * visible focus at every step; then the teacher returns the work and the student reads the
 * mark and the comments per question (axe + screenshots of the returned work).
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { ALL_KINDS, expectAccessible, publishAssignment, shootBoth, teacherCall, teacherGet, teacherToken } from './student-helpers.ts';
import type { SubmissionRow } from '../../src/protocol/console.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

/** What has the focus: its accessible-ish text, and whether a focus ring is drawn. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { text: '', ring: false };
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    const text = (el.getAttribute('aria-label') ?? label ?? el.closest('label')?.textContent ?? el.textContent ?? '').trim();
    const s = getComputedStyle(el);
    return { text, ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
  });
}

/** Presses Tab until the focused element's text matches (fails after `max` presses). */
async function tabTo(page: Page, match: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (match.test(f.text)) {
      expect(f.ring, `focus ring on « ${f.text} »`).toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached ${match}`);
}

test('keyboard only: enrol → sign in → answer → hand in; then the returned work shows mark and comments', async () => {
  const token = await teacherToken(server);
  const assignment = await publishAssignment(server, token, {
    title: 'Géographie',
    instructionsMarkdown: '',
    dueAt: null,
    questions: [ALL_KINDS[0]!, ALL_KINDS[1]!],
  });
  const ines = server.school!.students[0]!;
  const { context, page } = await newTablet(browser, server.url);

  await page.getByRole('heading', { name: 'Installer cette tablette' }).waitFor();
  await tabTo(page, /^Code d’inscription$/);
  await page.keyboard.type(server.school!.enrolmentCode);
  await tabTo(page, /^Nom de la tablette$/);
  await page.keyboard.type('Tablette clavier');
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { name: 'Qui es-tu ?' }).waitFor();
  await tabTo(page, /^Inès/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /Bonjour Inès/ }).waitFor();
  await page.keyboard.type(ines.secret);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();

  await page.getByRole('link', { name: /Géographie/ }).waitFor({ timeout: 30_000 });
  await tabTo(page, /^Géographie/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Géographie', level: 1 }).waitFor();
  await tabTo(page, /^Ta réponse$/);
  await page.keyboard.type('Paris est la capitale.');
  await tabTo(page, /^Lyon$/);
  await page.keyboard.press('ArrowDown'); // radio group: the arrow moves the choice to Paris
  await expect.poll(() => page.getByLabel('Paris').isChecked()).toBe(true);
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');
  await tabTo(page, /^Rendre$/);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Rendre ce devoir ?' }).waitFor();
  expect((await focused(page)).text).toBe('Oui, rendre');
  await expectAccessible(page);
  await shootBoth(page, 'student-confirm');
  await page.keyboard.press('Enter');
  await page.getByText(/^(Rendu — en attente d’envoi|Reçu le )/).waitFor();
  await page.getByText(/^Reçu le /).waitFor({ timeout: 30_000 });

  // The teacher marks and returns it; the tablet gets it at the next sync.
  const rows = await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`);
  const sub = rows.find((r) => r.student.id === ines.id)!.submission!;
  await teacherCall(server, token, 'PUT', `/api/submissions/${sub.id}/feedback`, {
    perQuestion: [
      { questionId: 'q-text', comment: 'Bonne phrase, mais développe.', points: 3 },
      { questionId: 'q-choice', comment: 'Exact.', points: 2 },
    ],
    comment: 'Du bon travail, Inès.',
    mark: 15,
    maxMark: 20,
  });
  await teacherCall(server, token, 'POST', `/api/submissions/${sub.id}/return`);
  await tabTo(page, /^Synchroniser$/);
  await page.keyboard.press('Enter');
  await page.getByText('Corrigé', { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByText('Note : 15 / 20').waitFor();
  await page.getByText('Du bon travail, Inès.').waitFor();
  await page.getByText('Bonne phrase, mais développe.').waitFor();
  await page.getByText('3 / 4 points').waitFor();
  await page.getByText('Exact.').waitFor();
  await expectAccessible(page);
  await shootBoth(page, 'student-returned');

  await tabTo(page, /Retour/);
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: /Corrigé/ }).getByRole('link', { name: /Géographie/ }).waitFor();
  await context.close();
});
