/**
 * The gradebook as a teacher uses it: marks in French decimals, what is missing, late or to
 * mark, the class average; a mark opens the copy; « Télécharger pour un tableur » gives the
 * French spreadsheet's CSV. Then « Dupliquer » an assignment into another class: the copy's
 * editor opens on a draft. Screenshots at 1366×768 and 1920×1080; axe; touch targets.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, runAxe, screenshot, startServer, type E2EServer, type SeededSchool } from './harness.ts';
import { apiAs, signInConsole, smallTouchTargets } from './console-helpers.ts';
import { insertSubmission } from '../unit/server/console/school-fixture.ts';

let server: E2EServer;
let browser: Browser;
let school: SeededSchool;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1, seedDemo: true });
  school = server.school!;
  browser = await launchBrowser();
  ({ context, page } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false, acceptDownloads: true }));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('gradebook', () => {
  test('marks, missing, late and to-mark work, the class average, a copy one click away, and the CSV', async () => {
    const teacher = await apiAs(server.url, school.teacher.login, school.teacher.password);
    const [ines, noah, lea] = school.students as [SeededSchool['students'][0], SeededSchool['students'][0], SeededSchool['students'][0]];
    const make = async (title: string, points: number) => {
      const a = await teacher<{ id: string }>('POST', `/api/classes/${school.classId}/assignments`, { title, instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Réponds.', points }] });
      await teacher('POST', `/api/assignments/${a.id}/publish`, {});
      return a.id;
    };
    const fractions = await make('Les fractions', 7);
    const dictee = await make('Dictée du lundi', 20);
    server.store.db.prepare('UPDATE assignments SET due_at = ? WHERE id = ?').run(new Date(Date.now() - 86_400_000).toISOString(), dictee);
    // Published a minute apart (two API calls can share a millisecond): « Les fractions » is the older.
    server.store.db.prepare('UPDATE assignments SET published_at = ? WHERE id = ?').run(new Date(Date.now() - 120_000).toISOString(), fractions);
    const inesCopy = insertSubmission(server.store, fractions, ines.id);
    await teacher('PUT', `/api/submissions/${inesCopy}/feedback`, { perQuestion: [], comment: 'Très bien', mark: 6.5, maxMark: 7 });
    await teacher('POST', `/api/submissions/${inesCopy}/return`);
    const noahCopy = insertSubmission(server.store, fractions, noah.id);
    server.store.db.prepare('UPDATE submissions SET late = 1 WHERE id = ?').run(noahCopy);
    insertSubmission(server.store, dictee, lea.id);

    await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
    await page.goto(`${server.url}/console#/classes/${school.classId}/assignments`);
    await page.getByRole('link', { name: 'Carnet de notes' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Carnet de notes — 5e B');
    const table = page.getByRole('table', { name: 'Notes de la classe 5e B' });
    await table.waitFor();
    const row = (name: string) => table.getByRole('row', { name: new RegExp(name) });
    const cells = async (name: string) => (await row(name).getByRole('cell').allTextContents()).map((c) => c.trim());
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Élève', 'Les fractionssur 7', expect.stringMatching(/^Dictée du lundisur 20à rendre le /), 'Moyenne sur 20', 'En retard', 'Non rendus']);
    expect(await cells('Martin Inès')).toEqual(['6,5', 'Non rendu', '18,57', '', '1']);
    expect(await cells('Bernard Noah')).toEqual(['À corriger en retard', 'Non rendu', '', '1', '1']);
    expect(await cells('Petit Léa')).toEqual(['à venir', 'À corriger', '', '', '']);
    expect((await row('Moyenne de la classe').getByRole('cell').allTextContents()).map((c) => c.trim())).toEqual(['18,57 / 20', '', '18,57', '', '']);
    expect(await page.locator('main').textContent()).not.toMatch(/6\.5|\(s\)/);
    expect(await runAxe(page)).toEqual([]);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'console-gradebook');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'console-gradebook-1920');
    await page.setViewportSize({ width: 1366, height: 768 });

    // The CSV, as the browser downloads it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger pour un tableur (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^notes-5e-B-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Nom;Prénom;Les fractions (sur 7);Dictée du lundi (sur 20);Moyenne sur 20;Travaux rendus en retard;Travaux non rendus');
    expect(lines).toContain('Martin;Inès;6,5;non rendu;18,57;0;1');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Le carnet de notes est téléchargé/);

    // A mark is one click from the copy.
    await table.getByRole('link', { name: /Ouvrir la copie d’Inès Martin : Les fractions/ }).click();
    await expect.poll(() => page.url()).toContain(`/submissions/${inesCopy}`);
  });

  test('« Dupliquer » an assignment into another class: a draft with the same questions, its editor open', async () => {
    const it = await apiAs(server.url, school.it.login, school.it.password);
    const other = await it<{ id: string }>('POST', '/api/classes', { name: '4e A', teacherIds: [school.teacher.id] });
    await page.goto(`${server.url}/console#/classes/${school.classId}/assignments`);
    await page.getByRole('button', { name: 'Dupliquer — Les fractions' }).click();
    const form = page.getByRole('group', { name: 'Dupliquer « Les fractions »' });
    await form.getByLabel('Dans la classe').waitFor();
    expect(await form.getByLabel('Dans la classe').locator('option').allTextContents()).toEqual(expect.arrayContaining(['5e B', '4e A']));
    expect(await runAxe(page)).toEqual([]);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'console-assignment-duplicate');
    await form.getByLabel('Dans la classe').selectOption({ label: '4e A' });
    await form.getByRole('button', { name: 'Créer la copie' }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/classes/${other.id}/assignments/[A-Za-z0-9_-]+/edit$`));
    await expect.poll(() => page.getByLabel('Titre').inputValue()).toBe('Les fractions');
    const rows = server.store.db.prepare('SELECT class_id, status, due_at, questions_json FROM assignments WHERE title = ? ORDER BY created_at').all('Les fractions') as Array<{ class_id: string; status: string; due_at: string | null; questions_json: string }>;
    expect(rows.map((r) => [r.class_id, r.status])).toEqual([[school.classId, 'published'], [other.id, 'draft']]);
    expect(rows[1]!.questions_json).toBe(rows[0]!.questions_json);
    expect(rows[1]!.due_at).toBeNull();
  });
});
