/**
 * A lesson image's alternative text is the teacher's description, not its file name: the
 * teacher attaches a picture in the console's lesson editor and describes it; the tablet reads
 * the description on the picture in the lesson's text, on the gallery's button and in the full
 * screen viewer. Axe clean on both sides.
 */
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { newTablet, runAxe, screenshot, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { signInConsole, smallTouchTargets } from './console-helpers.ts';
import { enrolTablet, signIn, teacherToken } from './student-helpers.ts';
import type { Lesson } from '../../src/protocol/entities.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const DESCRIPTION = 'Le cycle de l’eau : la mer s’évapore, les nuages donnent la pluie, les rivières rejoignent la mer.';

test('the teacher describes a lesson picture in the console; the tablet reads the description, never the file name', async () => {
  const school = server.school!;
  const token = await teacherToken(server);
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const r = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const lesson = await call<Lesson>('POST', `/api/classes/${school.classId}/lessons`, { title: 'Le cycle de l’eau', bodyMarkdown: 'Regarde le schéma.' });

  const { context: desk, page: teacher } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  await signInConsole(teacher, server.url, school.teacher.login, school.teacher.password);
  await teacher.goto(`${server.url}/console#/classes/${school.classId}/lessons/${lesson.id}`);
  await teacher.getByLabel('Joindre une image ou un son').setInputFiles({ name: 'IMG_20261202_0815.png', mimeType: 'image/png', buffer: readFileSync('public/icons/icon-192.png') });
  const field = teacher.getByLabel('Description de l’image « IMG_20261202_0815.png »');
  await field.waitFor();
  // The Markdown inserted at upload still names the file: the description must win on the tablet.
  expect(await teacher.getByLabel('Contenu (Markdown)').inputValue()).toContain('![IMG_20261202_0815.png](');
  await teacher.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await field.fill(DESCRIPTION);
  await teacher.getByRole('button', { name: 'Enregistrer la description' }).click();
  await expect.poll(() => server.store.db.prepare('SELECT description FROM lesson_media WHERE lesson_id = ?').pluck().get(lesson.id)).toBe(DESCRIPTION);
  expect(await runAxe(teacher)).toEqual([]);
  expect(await smallTouchTargets(teacher)).toEqual([]);
  await screenshot(teacher, 'console-lesson-image-description');
  await desk.close();
  await call<Lesson>('POST', `/api/lessons/${lesson.id}/publish`, {});

  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server);
  await signIn(page, school.students[0]!);
  await page.getByRole('link', { name: /Le cycle de l’eau/ }).click({ timeout: 30_000 });
  const inText = page.locator('.markdown').getByRole('img', { name: DESCRIPTION });
  await inText.waitFor();
  expect(await page.getByRole('img', { name: /IMG_20261202/ }).count()).toBe(0);
  await page.getByRole('button', { name: new RegExp(DESCRIPTION.slice(0, 30)) }).click();
  await page.getByRole('dialog', { name: DESCRIPTION }).waitFor();
  expect(await runAxe(page)).toEqual([]);
  await page.keyboard.press('Escape');
  expect(await page.locator('main').textContent()).not.toContain('IMG_20261202');
  await context.close();
});
