/**
 * The marking desk goes from copy to copy without the list (issue 13): « Copie précédente /
 * suivante » and Alt+← / Alt+→ among the handed-in copies, in the follow list's order; the
 * ends are disabled, and a draft is skipped.
 */
import { expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { newTablet, runAxe, screenshot, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { publishAssignment, teacherGet, teacherToken } from './student-helpers.ts';
import { signInConsole } from './console-helpers.ts';
import { insertPhotoSubmission } from '../helpers/photo-submission.ts';
import type { SubmissionRow } from '../../src/protocol/console.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

test('« Copie suivante », « Copie précédente » and Alt+→ / Alt+← walk the handed-in copies; the ends are disabled; drafts are skipped', async () => {
  const school = server.school!;
  const token = await teacherToken(server);
  const a = await publishAssignment(server, token, { title: 'Rédaction', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Raconte ta journée.', points: 10 }] });
  const [ines, noah, lea] = school.students;
  for (const s of [ines!, noah!]) insertPhotoSubmission(server.store, { schoolId: school.schoolId, assignmentId: a.id, studentId: s.id, questionId: 'q1', attachmentIds: [] });
  insertPhotoSubmission(server.store, { schoolId: school.schoolId, assignmentId: a.id, studentId: lea!.id, questionId: 'q1', attachmentIds: [], state: 'draft' });

  // The desk's order is the follow list's: read it from the same API.
  const rows = await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${a.id}/submissions`);
  const handedIn = rows.filter((r) => r.submission && r.submission.state !== 'draft');
  expect(handedIn.length).toBe(2);
  const names = handedIn.map((r) => `${r.student.firstName} ${r.student.lastName}`);
  const copyUrl = (id: string) => `${server.url}/console#/classes/${school.classId}/assignments/${a.id}/submissions/${id}`;

  const { context, page } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
  await page.goto(copyUrl(handedIn[0]!.submission!.id));
  const nav = page.getByRole('navigation', { name: /copies/i });
  await nav.getByText('Copie 1 sur 2').waitFor();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(names[0]!.split(' ')[0]!);
  // The first copy: no previous one.
  expect(await nav.getByRole('link', { name: /Copie précédente/ }).count()).toBe(0);
  expect(await nav.locator('[aria-disabled="true"]', { hasText: 'Copie précédente' }).count()).toBe(1);
  await screenshot(page, 'console-copy-navigation');
  expect(await runAxe(page)).toEqual([]);

  // Alt+→: the next copy, without the list.
  await page.keyboard.press('Alt+ArrowRight');
  await nav.getByText('Copie 2 sur 2').waitFor();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(names[1]!.split(' ')[0]!);
  expect(page.url()).toContain(handedIn[1]!.submission!.id);
  // The last copy: no next one (Léa's draft is not a copy to mark).
  expect(await nav.getByRole('link', { name: /Copie suivante/ }).count()).toBe(0);
  await page.keyboard.press('Alt+ArrowRight');
  await nav.getByText('Copie 2 sur 2').waitFor();

  // Alt+←, then the link.
  await page.keyboard.press('Alt+ArrowLeft');
  await nav.getByText('Copie 1 sur 2').waitFor();
  await nav.getByRole('link', { name: /Copie suivante/ }).click();
  await nav.getByText('Copie 2 sur 2').waitFor();
  expect(page.url()).toContain(handedIn[1]!.submission!.id);
  await context.close();
});
