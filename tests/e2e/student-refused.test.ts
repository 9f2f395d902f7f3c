/**
 * Work the server refuses is never hidden: the teacher withdraws an assignment while a
 * student hands it in offline; back online the student sees why, and the work stays on the tablet.
 */
import { expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { newTablet, waitForServiceWorker, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, expectAccessible, publishAssignment, shootBoth, signIn, teacherCall, teacherToken } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

test('an assignment withdrawn while the work was handed in offline: the refusal is shown, the work kept', async () => {
  const token = await teacherToken(server);
  const a = await publishAssignment(server, token, {
    title: 'Histoire',
    instructionsMarkdown: '',
    dueAt: null,
    questions: [{ id: 'q1', kind: 'text', prompt: 'Qui était Jeanne d’Arc ?', points: 5 }],
  });
  const ines = server.school!.students[0]!;
  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server);
  await signIn(page, ines);
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.getByRole('link', { name: /Histoire/ }).click({ timeout: 30_000 });
  await page.getByLabel('Ta réponse').fill('Une héroïne de la guerre de Cent Ans.');
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');
  await page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await page.getByRole('button', { name: 'Oui, rendre' }).click();
  await page.getByText('Rendu — en attente d’envoi').waitFor();

  await teacherCall(server, token, 'POST', `/api/assignments/${a.id}/unpublish`, {});
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  // The tablet's own words for the code, never the server's sentence.
  await page.getByText(/Ce devoir n’est plus publié par ton professeur/).first().waitFor({ timeout: 30_000 });
  // The assignment is gone from the tablet, the work is not: shown with what she wrote.
  await page.getByRole('heading', { name: 'Devoir retiré par le professeur', level: 1 }).waitFor();
  await page.getByText('Une héroïne de la guerre de Cent Ans.').waitFor();
  await expectAccessible(page);
  await shootBoth(page, 'student-refused');
  await page.getByRole('link', { name: /Retour/ }).click();
  await page.getByRole('region', { name: /À revoir/ }).getByRole('link', { name: /Devoir retiré/ }).waitFor();
  expect(await page.getByRole('link', { name: /Histoire/ }).count()).toBe(0);
  // Another student sees none of it.
  await page.getByRole('button', { name: 'Changer d’élève' }).click();
  await signIn(page, server.school!.students[1]!);
  expect(await page.getByRole('region', { name: /À revoir/ }).count()).toBe(0);
  await page.goto(`${server.url}/assignments/${a.id}`);
  await page.getByRole('heading', { name: 'Cette page n’existe pas, ou n’est pas à toi.' }).waitFor();
  await context.close();
});
