/**
 * Offline at home is normal life, not an error (issue 14): with the network cut (Chromium's
 * offline mode, the school server still running), a pupil who answers two assignments sees a
 * calm line on every screen — « Pas de réseau : ton travail est gardé sur la tablette. 2 devoirs
 * partiront dès que possible. » — never a red error, never a byte count. Back online, the work
 * goes out (« Tout est envoyé »). Red is kept for what the pupil must act on: here the school
 * gave them a new code, so the tablet asks them to sign in again, in red.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { newTablet, pageErrors, waitForServiceWorker, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, expectAccessible, publishAssignment, shootBoth, signIn, teacherToken } from './student-helpers.ts';
import { apiAs } from './console-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

/** What a failed request prints while the network is cut (expected, not a bug). */
const OFFLINE_NOISE = /Failed to fetch|NetworkError|net::ERR_INTERNET_DISCONNECTED|Failed to load resource/;
const CALM = 'Pas de réseau : ton travail est gardé sur la tablette. 2 devoirs partiront dès que possible.';

const syncLine = (page: Page) => page.locator('.sync-bar .sync-text span').first();

/** Nothing on screen is red: no red sync line, no error notice, no alert. */
async function expectNothingRed(page: Page) {
  expect(await page.locator('.sync-error, .notice.error, [role=alert]').count()).toBe(0);
  const colour = await syncLine(page).evaluate((el) => getComputedStyle(el).color);
  const [r, g, b] = colour.match(/\d+/g)!.map(Number);
  expect(r! - Math.max(g!, b!), `sync line colour ${colour}`).toBeLessThan(60);
}

/** No « Ko », « Mo », « Go », « octets » or « Dernière erreur » anywhere a pupil can read. */
async function expectNoTechnicalText(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\b\d+(?:[,.]\d+)?\s*(?:octets|[KMG]o|[KMG]B)\b|Dernière erreur|injoignable/);
}

async function answer(page: Page, title: string, text: string) {
  await page.getByRole('link', { name: new RegExp(title) }).first().click({ timeout: 30_000 });
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  await page.getByLabel('Ta réponse').fill(text);
  await expect.poll(() => page.locator('.save-state').first().textContent(), { timeout: 15_000 }).toBe('Enregistré sur la tablette');
}

test('offline at home: a calm line on every screen, never red; back online the work goes out; red only when the pupil must act', async () => {
  const token = await teacherToken(server);
  const q = [{ id: 'q-text', kind: 'text' as const, prompt: 'Écris une phrase.', points: 1 }];
  await publishAssignment(server, token, { title: 'Exercice du soir', instructionsMarkdown: 'À la maison.', dueAt: null, questions: q });
  await publishAssignment(server, token, { title: 'Rédaction du week-end', instructionsMarkdown: 'À la maison.', dueAt: null, questions: q });
  const pupil = server.school!.students[1]!;

  const { context, page } = await newTablet(browser, server.url);
  await waitForServiceWorker(page);
  await enrolTablet(page, server, 'Tablette maison');
  await signIn(page, pupil);
  await page.getByRole('link', { name: /Rédaction du week-end/ }).waitFor({ timeout: 30_000 });
  await expect.poll(() => syncLine(page).textContent(), { timeout: 30_000 }).toMatch(/^Tout est envoyé/);

  // At home, no network: the pupil works on two assignments.
  await context.setOffline(true);
  const errors = pageErrors(page);
  await answer(page, 'Exercice du soir', 'Je l’ai fait sans réseau.');
  await page.getByRole('link', { name: /Retour/ }).click();
  await answer(page, 'Rédaction du week-end', 'Il était une fois une tablette à la maison.');
  // The pupil taps « Synchroniser » (the sync also tries by itself a few seconds after a save).
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(() => syncLine(page).textContent(), { timeout: 30_000 }).toBe(CALM);
  await expectNothingRed(page);
  await expectNoTechnicalText(page);
  await expectAccessible(page);
  await shootBoth(page, 'student-offline-assignment');

  // Every screen says the same calm thing.
  await page.getByRole('link', { name: /Retour/ }).click();
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
  expect(await syncLine(page).textContent()).toBe(CALM);
  await expectNothingRed(page);
  await expectNoTechnicalText(page);
  await shootBoth(page, 'student-offline-home');
  await page.getByRole('link', { name: 'Mon cahier de textes' }).click();
  await page.getByRole('heading', { name: 'Cahier de textes', level: 1 }).waitFor();
  expect(await syncLine(page).textContent()).toBe(CALM);
  // Work the pupil has just done is not news to them.
  await page.getByText('Exercice du soir').waitFor();
  expect(await page.locator('main').getByText('Nouveau', { exact: true }).count()).toBe(0);
  await expectNothingRed(page);
  await expectNoTechnicalText(page);
  await shootBoth(page, 'student-offline-diary');
  expect(errors.filter((e) => !OFFLINE_NOISE.test(e))).toEqual([]);

  // Back online: « Synchroniser » sends both, and the server has them.
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(() => syncLine(page).textContent(), { timeout: 30_000 }).toMatch(/^Tout est envoyé/);
  const drafts = server.store.db
    .prepare('SELECT r.answers_json FROM submissions s JOIN submission_revisions r ON r.id = s.latest_revision_id WHERE s.student_id = ?')
    .pluck().all(pupil.id) as string[];
  expect(drafts.join('\n')).toContain('Je l’ai fait sans réseau.');
  expect(drafts.join('\n')).toContain('Il était une fois une tablette à la maison.');

  // Something the pupil must act on is red: the school gave them a new code (every session ends).
  const it = await apiAs(server.url, server.school!.it.login, server.school!.it.password);
  await it('PATCH', `/api/students/${pupil.id}`, { secret: '9753' });
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  const red = page.locator('.sync-bar .sync-error');
  await expect.poll(() => red.textContent(), { timeout: 30_000 }).toMatch(/^Reconnecte-toi pour envoyer ton travail/);
  const colour = await red.evaluate((el) => getComputedStyle(el).color);
  const [r, g, b] = colour.match(/\d+/g)!.map(Number);
  expect(r! - Math.max(g!, b!), `must-act colour ${colour}`).toBeGreaterThan(60);
  await expectAccessible(page);
  await shootBoth(page, 'student-must-act-home');
  await context.close();
});
