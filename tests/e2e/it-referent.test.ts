/**
 * Issue 19 in real Chromium, the IT referent's screens:
 * - enrolment codes: the live codes listed with class, who made it, expiry and uses left;
 *   « Révoquer » after a confirmation, and the code then admits no tablet;
 * - the audit log: who, what, when, filtered by action, person and date, exported as CSV;
 * - secret cards: after an import, « Imprimer les cartes — 5e B » prints one card per pupil
 *   of that class (name, class, secret, cut lines) and nothing else;
 * - the SIECLE import in two steps: the check names the UAI the school will get and the groups
 *   a pupil will leave, nothing changes until « Confirmer l'import », a check the roster moved
 *   away from is refused in French, and another school's export too.
 * Each screen at 1366×768, axe-clean, touch targets ≥ 44 px.
 */
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { newTablet, runAxe, screenshot, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { apiAs, pdfPages, signInConsole, smallTouchTargets } from './console-helpers.ts';
import { siecleXml } from '../helpers/siecle-export.ts';

const DESKTOP = { viewport: { width: 1366, height: 768 }, hasTouch: false, isMobile: false };

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

async function itPage(): Promise<Page> {
  const school = server.school!;
  const { page } = await newTablet(browser, undefined, DESKTOP);
  await signInConsole(page, server.url, school.it.login, school.it.password);
  return page;
}
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
async function checkScreen(page: Page, name: string) {
  expect(await runAxe(page)).toEqual([]);
  expect(await smallTouchTargets(page)).toEqual([]);
  await screenshot(page, name);
}
const enrol = (code: string) => fetch(`${server.url}/api/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Tablette 30' }) });

test('enrolment codes: listed with class, creator, expiry and uses left; a revoked code admits no tablet', async () => {
  const page = await itPage();
  await page.getByRole('link', { name: 'Tablettes' }).click();
  await expect.poll(() => h1(page).textContent()).toBe('Tablettes de l’établissement');
  const codes = page.locator('table[aria-labelledby="codes-title"]');
  // The seeded code, made by the teacher and used once by the seeded tablet.
  await expect.poll(() => codes.getByRole('row').count()).toBe(2);
  expect(await codes.getByRole('row', { name: /Mme Durand/ }).textContent()).toContain('29 tablettes');

  await page.getByLabel('Pour la classe').selectOption({ label: '5e B' });
  await page.getByRole('button', { name: 'Créer un code d’inscription' }).click();
  await expect.poll(() => page.locator('.cc-code').textContent()).toMatch(/^Code\u00a0: \S+/);
  const code = /^Code\u00a0: (\S+)/.exec((await page.locator('.cc-code').textContent())!)![1]!;
  await expect.poll(() => codes.getByRole('row').count()).toBe(3);
  const mine = codes.getByRole('row', { name: /Référent numérique/ });
  expect(await mine.textContent()).toContain('30 tablettes');
  expect(await mine.textContent()).toContain('5e B');
  await checkScreen(page, 'it-enrolment-codes');

  await mine.getByRole('button', { name: /^Révoquer le code « 5e B »/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Révoquer le code « 5e B » ?' });
  expect(await dialog.textContent()).toContain('il en restait 30 possibles');
  await checkScreen(page, 'it-enrolment-code-revoke');
  await dialog.getByRole('button', { name: 'Oui, révoquer le code' }).click();
  await expect.poll(() => mine.textContent()).toMatch(/Révoqué le/);
  expect(await mine.getByRole('button').count()).toBe(0);
  expect((await enrol(code)).status).toBe(400);
  // The seeded code still works: only the chosen one was revoked.
  expect((await enrol(server.school!.enrolmentCode)).status).toBe(201);
  await page.context().close();
});

test('audit log: who did what and when, filtered by action, person and date, and exported as CSV', async () => {
  const school = server.school!;
  const asIt = await apiAs(server.url, school.it.login, school.it.password);
  const asTeacher = await apiAs(server.url, school.teacher.login, school.teacher.password);
  await asTeacher('POST', '/api/devices/codes', { classId: school.classId });
  const tablet = (await asIt<{ id: string; name: string }[]>('GET', '/api/devices')).find((d) => d.id === school.device.id)!;
  await asIt('POST', `/api/devices/${tablet.id}/revoke`);

  const page = await itPage();
  await page.getByRole('link', { name: 'Journal' }).click();
  await expect.poll(() => h1(page).textContent()).toBe('Journal des actions');
  const rows = page.locator('.cc-table tbody tr');
  await expect.poll(() => rows.count()).toBeGreaterThan(1);
  const revoke = rows.filter({ hasText: 'Tablette retirée' });
  expect(await revoke.count()).toBe(1);
  expect(await revoke.textContent()).toContain('Référent numérique');
  expect(await revoke.textContent()).toContain(school.device.name);
  await checkScreen(page, 'it-audit');

  // By action.
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Tablette retirée' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect.poll(() => rows.count()).toBe(1);
  // By person: the teacher made codes, and withdrew no tablet.
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Toutes' });
  await page.getByLabel('Qui', { exact: true }).selectOption({ label: 'Mme Durand' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect.poll(async () => (await rows.allTextContents()).every((r) => r.includes('Mme Durand') && r.includes('Code d’inscription créé'))).toBe(true);
  expect(await rows.count()).toBeGreaterThan(0);
  // By date: nothing before 2001.
  await page.getByLabel('Qui', { exact: true }).selectOption({ label: 'Tout le monde' });
  await page.getByLabel('Au', { exact: true }).fill('2001-01-01');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect.poll(() => page.getByText('Aucune action pour ces filtres.').count()).toBe(1);
  await page.getByLabel('Au', { exact: true }).fill('');
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Tablette retirée' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect.poll(() => rows.count()).toBe(1);

  // The CSV of the same selection, for a French spreadsheet.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^journal-cartable-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
  expect(lines[0]).toBe('Date (UTC);Qui;Action;Type;Cible;Détails');
  expect(lines.slice(1)).toHaveLength(1);
  expect(lines[1]).toContain(';Référent numérique;Tablette retirée;device;Tablette 01;');
  await page.context().close();
});

test('secret cards: one card per pupil of the chosen class, with name, class and secret, cut lines, nothing else printed', async () => {
  const page = await itPage();
  await page.getByRole('link', { name: 'Importer les élèves' }).click();
  const csv = 'classe;nom;prénom\n5e B;Lefèvre;Zoé\n5e B;Moreau;Jules\n5e B;N’Diaye;Inès\n4e A;Roux;Emma\n';
  await page.getByLabel('Fichier CSV').setInputFiles({ name: 'eleves.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: 'Vérifier sans importer' }).click();
  await page.getByRole('button', { name: 'Confirmer l’import' }).click();
  await expect.poll(() => page.getByRole('heading', { name: /codes secrets/i }).count()).toBe(1);
  const secrets = new Map<string, string>();
  for (const row of await page.locator('.cc-secrets tbody tr').all()) {
    const cells = await row.locator('td, th').allTextContents();
    secrets.set(`${cells[2]} ${cells[1]}`, cells[3]!);
  }
  expect(secrets.size).toBe(4);
  expect(await page.getByRole('button', { name: /^Imprimer les cartes/ }).allTextContents()).toEqual(['Imprimer les cartes — 4e A (1 élève)', 'Imprimer les cartes — 5e B (3 élèves)']);
  await checkScreen(page, 'it-roster-cards-buttons');

  // The browser's print dialog is the user's; the test prints to PDF itself.
  await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed++; }; });
  await page.getByRole('button', { name: 'Imprimer les cartes — 5e B (3 élèves)' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  expect(await page.evaluate(() => document.documentElement.dataset.print)).toBe('cards');
  expect(await page.locator('.cc-secret-card').count()).toBe(3);
  expect(await page.locator('.cc-secret-cards').isVisible()).toBe(false); // not on screen

  await page.emulateMedia({ media: 'print' });
  const cards = await page.locator('.cc-secret-card').evaluateAll((els) => els.map((el) => ({ text: el.textContent, border: getComputedStyle(el).borderTopStyle, h: el.getBoundingClientRect().height })));
  expect(cards.map((c) => c.border)).toEqual(['dashed', 'dashed', 'dashed']);
  expect(cards.every((c) => c.h > 100)).toBe(true);
  await screenshot(page, 'it-secret-cards-print');
  const pages = await pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
  await page.emulateMedia({ media: 'screen' });
  expect(pages).toHaveLength(1);
  const text = pages[0]!;
  const bare = (s: string) => s.replace(/\s+/g, ''); // the secret's letter-spacing spaces its digits in the PDF's text
  for (const name of ['Zoé Lefèvre', 'Jules Moreau', 'Inès N’Diaye']) {
    expect(text).toContain(name);
    // One card: the name, then the class, then that pupil's own secret.
    expect(bare(text)).toContain(bare(`${name} Classe : 5e B Ton code secret : ${secrets.get(name)!}`));
  }
  expect(text.match(/Classe\s: 5e B/g)).toHaveLength(3);
  expect(text).not.toContain('Roux');
  expect(text).not.toContain('Codes secrets générés');
  expect(text).not.toContain('Importer');
  // After printing, the page is itself again.
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.print ?? null)).toBeNull();
  expect(await page.locator('.cc-secret-card').count()).toBe(0);
  await page.context().close();
});

test('SIECLE import: the check says which UAI the school will get and who leaves which group; nothing changes before « Confirmer l’import »', async () => {
  const page = await itPage();
  await page.getByRole('link', { name: 'Importer les élèves' }).click();
  const main = page.locator('main');
  const uai = () => server.store.db.prepare('SELECT uai FROM schools WHERE id = ?').pluck().get(server.school!.schoolId) as string | null;
  const groupsOf = (lastName: string) =>
    server.store.db.prepare('SELECT g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id JOIN students s ON s.id = gm.student_id WHERE s.last_name = ? ORDER BY g.name').pluck().all(lastName);
  const choose = (xml: Buffer) => page.getByLabel('Fichier CSV ou export SIECLE').setInputFiles({ name: 'ElevesSansAdresses.xml', mimeType: 'text/xml', buffer: xml });
  const confirmButton = page.getByRole('button', { name: 'Confirmer l’import' });

  await choose(siecleXml('0690001A', [
    { id: '3001', nom: 'DUPRÉ', prenom: 'Hugo', division: '4E1', groupes: ['LATIN', 'CHORALE'] },
    { id: '3002', nom: 'NAÏT', prenom: 'Inès', division: '4E1', groupes: ['LATIN'] },
  ]));
  expect(await confirmButton.count()).toBe(0); // no import without a check
  await page.getByRole('button', { name: 'Vérifier sans importer' }).click();
  await expect.poll(() => main.textContent()).toContain('L’établissement sera identifié par l’UAI 0690001A : seuls les exports SIECLE de cet UAI seront acceptés ensuite.');
  expect(await main.textContent()).toContain('Vérification : rien n’a encore été modifié.');
  expect(uai()).toBeNull();
  await checkScreen(page, 'it-siecle-check-uai');
  await confirmButton.click();
  await expect.poll(() => main.textContent()).toContain('L’établissement est désormais identifié par l’UAI 0690001A.');
  expect(uai()).toBe('0690001A');
  expect(groupsOf('DUPRÉ')).toEqual(['CHORALE', 'LATIN']);

  // Next term: Hugo left Latin for an English group.
  const v2 = siecleXml('0690001A', [
    { id: '3001', nom: 'DUPRÉ', prenom: 'Hugo', division: '4E1', groupes: ['CHORALE', 'ANGLAIS-G2'] },
    { id: '3002', nom: 'NAÏT', prenom: 'Inès', division: '4E1', groupes: ['LATIN'] },
  ]);
  await choose(v2);
  expect(await confirmButton.count()).toBe(0); // a new file: the former check does not stand for it
  await page.getByRole('button', { name: 'Vérifier sans importer' }).click();
  await expect.poll(() => main.textContent()).toContain('4E1 — DUPRÉ Hugo : rejoindra le groupe ANGLAIS-G2 ; sera retiré du groupe LATIN');
  expect(await main.textContent()).toContain('Groupes qui seront créés : 4E1 — ANGLAIS-G2');
  expect(await main.textContent()).toContain('Export SIECLE de l’établissement 0690001A.');
  await checkScreen(page, 'it-siecle-check-groups');

  // Meanwhile someone adds a pupil to 4E1 by hand: the check no longer says what would happen.
  const asIt = await apiAs(server.url, server.school!.it.login, server.school!.it.password);
  const classId = server.store.db.prepare("SELECT id FROM classes WHERE name = '4E1'").pluck().get() as string;
  await asIt('POST', `/api/classes/${classId}/students`, { firstName: 'Léon', lastName: 'Roussel', secret: '4321' });
  await confirmButton.click();
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('Le fichier, l’option choisie ou la liste des élèves ont changé depuis la vérification : rien n’a été importé. Vérifiez à nouveau.');
  expect(await confirmButton.count()).toBe(0);
  expect(groupsOf('DUPRÉ')).toEqual(['CHORALE', 'LATIN']);
  await checkScreen(page, 'it-siecle-stale');
  await page.getByRole('button', { name: 'Vérifier sans importer' }).click();
  await expect.poll(() => main.textContent()).toContain('Absents du fichier'); // Léon, now
  await confirmButton.click();
  await expect.poll(() => main.textContent()).toContain('4E1 — DUPRÉ Hugo : a rejoint le groupe ANGLAIS-G2 ; retiré du groupe LATIN');
  expect(groupsOf('DUPRÉ')).toEqual(['ANGLAIS-G2', 'CHORALE']);

  // Another school's export: refused, in French, with both UAIs.
  await choose(siecleXml('0999999Z', [{ id: '9', nom: 'AUTRE', prenom: 'Élève', division: '6E1' }]));
  await page.getByRole('button', { name: 'Vérifier sans importer' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('Cet export SIECLE est celui de l’établissement 0999999Z, pas du vôtre (0690001A).');
  expect(await confirmButton.count()).toBe(0);
  await checkScreen(page, 'it-siecle-other-school');
  await page.context().close();
});

test('teacher password reset: a temporary password ends her sessions; at the next sign-in she must choose a new one before anything else', async () => {
  const school = server.school!;
  const asTeacher = await apiAs(server.url, school.teacher.login, school.teacher.password);
  const page = await itPage();
  await page.getByRole('link', { name: 'Enseignants' }).click();
  await page.getByRole('button', { name: 'Mot de passe provisoire… (pour Mme Durand)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mot de passe provisoire pour Mme Durand' });
  await dialog.getByLabel('Mot de passe provisoire (8 caractères au moins)').fill('provisoire-42');
  await checkScreen(page, 'it-password-reset');
  await dialog.getByRole('button', { name: 'Enregistrer le mot de passe provisoire' }).click();
  await expect.poll(() => page.getByRole('row', { name: /Mme Durand/ }).textContent()).toContain('doit changer son mot de passe');
  expect(server.store.db.prepare('SELECT must_change_password FROM users WHERE id = ?').pluck().get(school.teacher.id)).toBe(1);
  await expect(asTeacher('GET', '/api/classes')).rejects.toThrow(/401/); // her open session ended
  await page.context().close();

  // The teacher signs in with the temporary password: the forced screen, whatever the address.
  const { page: prof } = await newTablet(browser, undefined, DESKTOP);
  await prof.goto(`${server.url}/console`);
  await prof.getByLabel('Identifiant').fill(school.teacher.login);
  await prof.getByLabel('Mot de passe').fill('provisoire-42');
  await prof.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => h1(prof).textContent()).toBe('Choisissez un nouveau mot de passe');
  expect(await prof.getByRole('navigation').count()).toBe(0);
  await checkScreen(prof, 'teacher-choose-password');
  await prof.goto(`${server.url}/console#/classes/${school.classId}/assignments`);
  await expect.poll(() => h1(prof).textContent()).toBe('Choisissez un nouveau mot de passe');

  await prof.getByLabel('Mot de passe provisoire').fill('provisoire-42');
  await prof.getByLabel('Nouveau mot de passe', { exact: true }).fill('mon-mot-de-passe');
  await prof.getByLabel('Nouveau mot de passe, une seconde fois').fill('mon-mot-de-pass');
  await prof.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
  await expect.poll(() => prof.getByRole('alert').textContent()).toBe('Les deux nouveaux mots de passe ne sont pas les mêmes.');
  await prof.getByLabel('Nouveau mot de passe, une seconde fois').fill('mon-mot-de-passe');
  await prof.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
  // Two scrypt hashes (the temporary password checked, the new one stored): over a second on a loaded machine.
  await expect.poll(() => h1(prof).textContent(), { timeout: 15_000 }).not.toBe('Choisissez un nouveau mot de passe');
  expect(await prof.getByRole('navigation').count()).toBe(1);
  expect(server.store.db.prepare('SELECT must_change_password FROM users WHERE id = ?').pluck().get(school.teacher.id)).toBe(0);
  await prof.context().close();

  // The new password opens her home; the temporary one no longer does.
  const { page: later } = await newTablet(browser, undefined, DESKTOP);
  await signInConsole(later, server.url, school.teacher.login, 'mon-mot-de-passe');
  await later.context().close();
  await expect(apiAs(server.url, school.teacher.login, 'provisoire-42')).rejects.toThrow(/401/);
});
