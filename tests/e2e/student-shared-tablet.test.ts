/**
 * One shared tablet, several students: neither can reach the other's drafts through the UI
 * or the URL; group work stays with its group; offline sign-in works only for students who
 * signed in on this tablet before; wrong secrets are slowed down on the tablet too.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, waitForServiceWorker, type E2EServer, type SeededSchool, useDemoServerAndBrowser } from './harness.ts';
import { createGroup, enrolTablet, teacherCall, expectAccessible, publishAssignment, shootBoth, signIn, teacherToken, typePin } from './student-helpers.ts';

type Student = SeededSchool['students'][number];

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

async function switchStudent(page: Page) {
  await page.getByRole('button', { name: 'Changer d’élève' }).click();
  await page.getByRole('heading', { name: 'Qui es-tu ?' }).waitFor();
}

async function expectNotFound(page: Page, path: string) {
  await page.goto(`${page.url().replace(/^(https?:\/\/[^/]+).*$/, '$1')}${path}`);
  await page.getByRole('heading', { name: 'Cette page n’existe pas, ou n’est pas à toi.' }).waitFor();
  expect(await page.locator('textarea').count()).toBe(0);
}

test('two students on one tablet: no way to each other’s drafts (UI, URL, group); offline sign-in and slow-down', async () => {
  const token = await teacherToken(server);
  const [ines, noah, lea] = server.school!.students as [Student, Student, Student];
  const question = { id: 'q1', kind: 'text' as const, prompt: 'Écris un poème.', points: 5 };
  const shared = await publishAssignment(server, token, { title: 'Poésie', instructionsMarkdown: '', dueAt: null, questions: [question] });
  const group = await createGroup(server, token, 'Groupe soutien', [ines.id]);
  const groupOnly = await publishAssignment(server, token, { title: 'Soutien : fractions', instructionsMarkdown: '', dueAt: null, questions: [question] }, group.id);

  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server);
  await signIn(page, ines);
  await waitForServiceWorker(page);

  // Inès writes a draft (saved on the tablet as she types).
  await page.getByRole('link', { name: /Poésie/ }).click();
  await page.getByLabel('Ta réponse').fill('Brouillon secret d’Inès');
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');
  await page.getByRole('link', { name: /Retour/ }).click();
  await page.getByRole('link', { name: /Soutien : fractions/ }).waitFor();
  await expect.poll(() => page.getByRole('region', { name: /Brouillon/ }).getByRole('link', { name: /Poésie/ }).count()).toBe(1);

  // Noah takes the tablet.
  await switchStudent(page);
  expect(await page.getByText('Connecté·e').count()).toBe(0);
  await signIn(page, noah);
  await page.getByRole('link', { name: /Poésie/ }).waitFor();
  await expect.poll(() => page.getByRole('region', { name: /À faire/ }).getByRole('link', { name: /Poésie/ }).count()).toBe(1);
  expect(await page.getByRole('region', { name: /Brouillon/ }).count()).toBe(0);
  expect(await page.getByRole('link', { name: /Soutien : fractions/ }).count()).toBe(0);
  expect(await page.content()).not.toContain('Brouillon secret');

  await page.getByRole('link', { name: /Poésie/ }).click();
  expect(await page.getByLabel('Ta réponse').inputValue()).toBe('');
  await page.getByLabel('Ta réponse').fill('Le poème de Noah');
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');

  // URLs: Inès's work id, the group's assignment, a made-up id — nothing.
  await expectNotFound(page, `/assignments/${encodeURIComponent(`${ines.id}:${shared.id}`)}`);
  await expectNotFound(page, `/assignments/${groupOnly.id}`);
  await expectNotFound(page, `/lessons/${shared.id}`);
  await expectAccessible(page);
  await shootBoth(page, 'student-not-found');
  await page.goto(`${server.url}/assignments/${shared.id}?student=${ines.id}`);
  expect(await page.getByLabel('Ta réponse').inputValue()).toBe('Le poème de Noah');

  // Back to Inès: her draft, not Noah's.
  await switchStudent(page);
  await signIn(page, ines);
  await page.getByRole('link', { name: /Poésie/ }).click();
  expect(await page.getByLabel('Ta réponse').inputValue()).toBe('Brouillon secret d’Inès');

  // The teacher changes the assignment: Inès is told, her draft stays.
  await teacherCall(server, token, 'PATCH', `/api/assignments/${shared.id}`, { questions: [{ ...question, prompt: 'Écris un poème de quatre vers.' }] });
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await page.getByRole('heading', { name: /quatre vers/ }).waitFor({ timeout: 30_000 });
  await page.getByText('Ton professeur a modifié ce devoir depuis que tu l’as commencé. Relis les questions.').waitFor();
  expect(await page.getByLabel('Ta réponse').inputValue()).toBe('Brouillon secret d’Inès');
  await expectAccessible(page);
  await shootBoth(page, 'student-assignment-changed');
  await page.getByRole('button', { name: 'J’ai compris' }).click();
  await expect.poll(() => page.getByText('Ton professeur a modifié ce devoir').count()).toBe(0);
  await page.getByRole('link', { name: /Retour/ }).click();

  // ---- offline ----
  await context.setOffline(true);
  await switchStudent(page);
  // Inès signed in here before: her secret is checked on the tablet.
  await signIn(page, ines);
  await switchStudent(page);
  // Léa never signed in on this tablet: the first time needs the school network.
  await page.getByRole('button', { name: /^Léa/ }).click();
  await typePin(page, lea.secret);
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('la première fois sur cette tablette');
  await page.getByRole('button', { name: 'Ce n’est pas moi' }).click();

  // Wrong secrets, offline: the third one makes the tablet wait, even for the right secret.
  await page.getByRole('button', { name: /^Inès/ }).click();
  await typePin(page, '0000');
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('pas le bon');
  await typePin(page, '0001');
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('pas le bon');
  await typePin(page, '0002');
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Trop d’essais\. Attends \d+ s/);
  expect(await page.locator('.pin-pad').getByRole('button', { name: '1', exact: true }).isDisabled()).toBe(true);
  await shootBoth(page, 'student-signin-wait');
  // After the wait, the right secret works.
  await page.locator('.pin-pad').getByRole('button', { name: '1', exact: true }).waitFor({ state: 'visible' });
  await expect.poll(() => page.locator('.pin-pad').getByRole('button', { name: '1', exact: true }).isEnabled(), { timeout: 10_000 }).toBe(true);
  await typePin(page, ines.secret);
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
  await context.close();
});
