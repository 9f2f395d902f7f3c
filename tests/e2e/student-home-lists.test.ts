/**
 * A class with more work than a screen holds: each home list shows its 12 most relevant items
 * (à faire: soonest due first) and one accessible « Tout afficher (N) » / « Afficher moins »
 * button (aria-expanded, aria-controls, ≥ 44 px), in French and English; a list unfolded
 * stays unfolded back from an assignment. Real Chromium, real server and build.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, pageErrors, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { ALL_KINDS, enrolTablet, expectAccessible, expectTouchTargets, publishAssignment, publishLesson, shootBoth, signIn, teacherToken } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const ASSIGNMENTS = 15;
const LESSONS = 14;
const day = 86_400_000;

const todoTitles = (page: Page) => page.locator('#list-todo .item-link .title').allTextContents();

test('long lists: the 12 most relevant, then « Tout afficher (N) » / « Afficher moins »', async () => {
  const token = await teacherToken(server);
  // Published in a shuffled order of due dates: the home must order them, not the server.
  const order = Array.from({ length: ASSIGNMENTS }, (_, i) => (i * 7) % ASSIGNMENTS);
  for (const i of order) {
    await publishAssignment(server, token, { title: `Devoir ${String(i + 1).padStart(2, '0')}`, instructionsMarkdown: '', dueAt: new Date(Date.now() + (i + 1) * day).toISOString(), questions: [ALL_KINDS[0]!] });
  }
  for (let i = 0; i < LESSONS; i++) await publishLesson(server, token, `Leçon ${i + 1}`, `# Leçon ${i + 1}`);
  const soonest = Array.from({ length: 12 }, (_, i) => `Devoir ${String(i + 1).padStart(2, '0')}`);

  const { context, page } = await newTablet(browser, server.url);
  const errors = pageErrors(page);
  await enrolTablet(page, server);
  await signIn(page, server.school!.students[0]!);
  await page.getByRole('heading', { name: `À faire (${ASSIGNMENTS})` }).waitFor({ timeout: 30_000 });
  await page.getByRole('heading', { name: 'Mes leçons' }).waitFor();

  // Folded: the 12 due soonest, in order; one button with the full count
  await expect.poll(() => todoTitles(page)).toEqual(soonest);
  const showAll = page.getByRole('button', { name: `Tout afficher (${ASSIGNMENTS})` });
  expect(await showAll.getAttribute('aria-expanded')).toBe('false');
  expect(await showAll.getAttribute('aria-controls')).toBe('list-todo');
  expect(await page.locator('#list-lessons .item-link').count()).toBe(12);
  await page.getByRole('button', { name: `Tout afficher (${LESSONS})` }).waitFor();
  await expectAccessible(page);
  await expectTouchTargets(page);
  await shootBoth(page, 'student-home-long-lists');

  // Unfolded: everything, and the same button now folds
  await showAll.click();
  await expect.poll(() => todoTitles(page)).toHaveLength(ASSIGNMENTS);
  const showLess = page.locator('button[aria-controls="list-todo"]');
  expect(await showLess.textContent()).toBe('Afficher moins');
  expect(await showLess.getAttribute('aria-expanded')).toBe('true');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('list-todo');
  await expectAccessible(page);
  await expectTouchTargets(page);

  // Back from an assignment, the list is still unfolded
  await page.getByRole('link', { name: /Devoir 15/ }).click();
  await page.getByRole('heading', { name: 'Devoir 15', level: 1 }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: `À faire (${ASSIGNMENTS})` }).waitFor();
  await expect.poll(() => todoTitles(page)).toHaveLength(ASSIGNMENTS);

  // Folds again; in English too
  await showLess.click();
  await expect.poll(() => todoTitles(page)).toEqual(soonest);
  await page.getByLabel('Langue').selectOption('en');
  await page.getByRole('button', { name: `Show all (${ASSIGNMENTS})` }).waitFor();
  await page.getByRole('button', { name: `Show all (${LESSONS})` }).click();
  expect(await page.locator('#list-lessons .item-link').count()).toBe(LESSONS);
  await page.locator('button[aria-controls="list-lessons"]', { hasText: 'Show less' }).waitFor();

  expect(errors).toEqual([]);
  await context.close();
});
