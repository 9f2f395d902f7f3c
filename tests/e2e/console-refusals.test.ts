/**
 * The server refuses in codes; the French console says why in French. A roster import with
 * duplicates (one already in the class, one twice in the file) and rights refusals (a teacher
 * on the IT referent's screen, a teacher on another class's address) each show the French
 * text of their code — never the server's English.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, screenshot, startServer, type E2EServer, type SeededSchool } from './harness.ts';
import { apiAs, signInConsole } from './console-helpers.ts';

let server: E2EServer;
let browser: Browser;
let school: SeededSchool;
let context: BrowserContext;
let page: Page;
const DESKTOP = { viewport: { width: 1280, height: 900 }, hasTouch: false };
/** English words the server's messages use, which must never reach the French console. */
const ENGLISH = /already|does not exist|Only the IT|is missing|teacher of the class/;

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1, seedDemo: true });
  school = server.school!;
  browser = await launchBrowser();
  ({ context, page } = await newTablet(browser, undefined, DESKTOP));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('server refusals in the French console', () => {
  test('a roster import says why each line was refused, in French, and that nothing has changed yet', async () => {
    await signInConsole(page, server.url, school.it.login, school.it.password);
    await page.getByRole('link', { name: 'Importer les élèves' }).click();
    const first = school.students[0]!;
    const csv = `classe;nom;prénom\n5e B;${first.lastName};${first.firstName}\n5e B;Roux;Emma\n5e B;Roux;Emma\n5e B;;Sans nom\n5e B;Trop;De;Colonnes\n`;
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'eleves.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: 'Vérifier sans importer' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /^Refusés/ }).textContent()).toBe('Refusés (3)');
    const main = page.locator('main');
    const text = (await main.textContent()) ?? '';
    expect(text).toContain('Vérification : rien n’a encore été modifié.');
    expect(text).toContain('Ligne 4 : Doublon : le même élève figure déjà ligne 3.');
    expect(text).toContain('Ligne 5 : Le nom manque.');
    expect(text).toContain('Ligne 6 : Cette ligne a plus de colonnes que les 3 attendues.');
    expect(text).toContain('Déjà à jour : 1'); // the pupil already in 5e B is found again, not refused
    expect(await page.getByRole('heading', { name: /^Seront créés/ }).textContent()).toBe('Seront créés (1)');
    expect(text).not.toMatch(ENGLISH);
    await screenshot(page, 'console-roster-refused');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
  });

  test('the IT referent writing an assignment, and a teacher on another class\'s address, are told why in French', async () => {
    const it = await apiAs(server.url, school.it.login, school.it.password);
    const other = await it<{ id: string }>('POST', '/api/classes', { name: '3e C', teacherIds: [] });

    // The IT referent may read a class's assignments, not write them (teacher_only).
    await signInConsole(page, server.url, school.it.login, school.it.password);
    await page.goto(`${server.url}/console#/classes/${school.classId}/assignments/new`);
    await page.getByLabel('Titre').fill('Un devoir du référent');
    await page.getByLabel('Énoncé de la question 1').fill('Une question ?');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Seul un enseignant de la classe peut faire cela.');
    expect(await page.locator('main').textContent()).not.toMatch(ENGLISH);
    await screenshot(page, 'console-refused-teacher-only');
    expect(server.store.db.prepare("SELECT COUNT(*) FROM assignments WHERE title = 'Un devoir du référent'").pluck().get()).toBe(0);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();

    // Another class's address looks like no class at all.
    await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
    await page.goto(`${server.url}/console#/classes/${other.id}/assignments`);
    await expect.poll(() => page.locator('main').textContent()).toContain('Cette classe n’existe pas, ou vous n’y enseignez pas.');
    expect(await page.locator('main').textContent()).not.toMatch(ENGLISH);
  });
});
