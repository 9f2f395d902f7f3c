/**
 * The teacher / IT console in real Chromium against the real server: every screen passes
 * axe (no serious or critical violation) and is screenshotted; the assignment editor
 * builds all question kinds; the student preview is interactive and never saves a
 * submission (before and after publishing); the print view gives one A4 page per chosen
 * student with their name (Chromium's PDF, read back with pdfjs); a paper photo attached
 * from the console becomes the student's work; feedback is returned; the class-tablets
 * signal turns to « Tout est synchronisé »; the IT referent's screens work.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, pageErrors, runAxe, screenshot, startServer, type E2EServer, type SeededSchool } from './harness.ts';
import { apiAs, makeJpeg, pdfPages, shootConsole, signInConsole, smallTouchTargets } from './console-helpers.ts';

let server: E2EServer;
let browser: Browser;
let school: SeededSchool;
let context: BrowserContext;
let page: Page;
let errors: string[];

const DESKTOP = { viewport: { width: 1280, height: 900 }, hasTouch: false };
const h1 = () => page.getByRole('heading', { level: 1 });
const submissionCount = (assignmentId: string) =>
  server.store.db.prepare('SELECT COUNT(*) FROM submissions WHERE assignment_id = ?').pluck().get(assignmentId) as number;

async function checkScreen(name: string) {
  expect(await runAxe(page), name).toEqual([]);
  expect(await smallTouchTargets(page), name).toEqual([]);
  await shootConsole(page, `console-${name}`);
}

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1, seedDemo: true });
  school = server.school!;
  browser = await launchBrowser();
  ({ context, page } = await newTablet(browser, undefined, DESKTOP));
  errors = pageErrors(page);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('teacher console', () => {
  let assignmentId = '';

  test('sign in (wrong password told in plain words), then choose the class', async () => {
    await page.goto(`${server.url}/console`);
    await expect.poll(() => h1().textContent()).toBe('Connexion à la console');
    await checkScreen('sign-in');
    await page.getByLabel('Identifiant').fill(school.teacher.login);
    await page.getByLabel('Mot de passe').fill('not the password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Identifiant ou mot de passe incorrect.');
    await signInConsole(page, server.url, school.teacher.login, school.teacher.password);
    // The token is kept per tab (sessionStorage), not in localStorage.
    expect(await page.evaluate(() => [!!sessionStorage.getItem('cartable.console.token'), Object.keys(localStorage).some((k) => localStorage.getItem(k)?.length === 43)])).toEqual([true, false]);
    await checkScreen('classes');
    // Keyboard and screen readers: each screen puts focus on its title; Shift+Tab back through
    // the header reaches « Aller au contenu », which returns to the content; Tab then Enter opens the class.
    const active = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(await active()).toBe('Choisir une classe');
    for (let i = 0; i < 15 && (await active()) !== 'Aller au contenu'; i++) await page.keyboard.press('Shift+Tab');
    expect(await active()).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cc-main');
    for (let i = 0; i < 5 && !(await active()).startsWith('5e B'); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => h1().textContent()).toBe('Devoirs de 5e B');
    await page.goBack();
    await expect.poll(() => h1().textContent()).toBe('Choisir une classe');
    await page.getByRole('link', { name: /5e B/ }).click();
    await expect.poll(() => h1().textContent()).toBe('Devoirs de 5e B');
    await checkScreen('assignments-empty');
  });

  test('author an assignment with every question kind, preview it (nothing saved), publish it, preview again', async () => {
    await page.getByRole('link', { name: 'Nouveau devoir' }).click();
    await expect.poll(() => h1().textContent()).toBe('Nouveau devoir');
    await page.getByLabel('Titre').fill('Les fractions');
    await page.getByLabel('Consignes (Markdown)').fill('## Avant de commencer\n\nRelis la **leçon**.');
    await expect.poll(() => page.getByRole('region', { name: 'Aperçu des consignes' }).getByRole('heading', { name: 'Avant de commencer' }).count()).toBe(1);
    await page.getByLabel('À rendre le').fill('2030-03-12T17:00');
    const q1 = page.getByRole('group', { name: 'Question 1' });
    await q1.getByLabel('Énoncé de la question 1').fill('Qu’est-ce qu’une fraction ?');
    await page.getByRole('button', { name: 'Ajouter une question' }).click();
    const q2 = page.getByRole('group', { name: 'Question 2' });
    await q2.getByLabel('Type de question').selectOption('choice');
    await q2.getByLabel('Énoncé de la question 2').fill('Combien font 1/2 + 1/4 ?');
    await q2.getByLabel('Choix 1', { exact: true }).fill('3/4');
    await q2.getByLabel('Choix 2', { exact: true }).fill('2/6');
    await q2.getByRole('button', { name: 'Ajouter un choix' }).click();
    await q2.getByLabel('Choix 3', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Ajouter une question' }).click();
    const q3 = page.getByRole('group', { name: 'Question 3' });
    await q3.getByLabel('Type de question').selectOption('photo');
    await q3.getByLabel('Énoncé de la question 3').fill('Photographie ton schéma.');
    await q3.getByLabel('Points').fill('3');
    await page.getByRole('button', { name: 'Ajouter une question' }).click();
    const q4 = page.getByRole('group', { name: 'Question 4' });
    await q4.getByLabel('Type de question').selectOption('audio');
    await q4.getByLabel('Énoncé de la question 4').fill('Lis ta réponse à voix haute.');
    // A problem is told in plain words before anything is sent.
    await q1.getByLabel('Énoncé de la question 1').fill('');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('La question 1 n’a pas d’énoncé.');
    await q1.getByLabel('Énoncé de la question 1').fill('Qu’est-ce qu’une fraction ?');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/#\/classes\/.+\/assignments\/.+\/edit/);
    assignmentId = (await page.evaluate(() => location.hash)).split('/')[4]!;
    const saved = server.store.db.prepare('SELECT status, questions_json FROM assignments WHERE id = ?').get(assignmentId) as { status: string; questions_json: string };
    expect(saved.status).toBe('draft');
    expect((JSON.parse(saved.questions_json) as Array<{ kind: string }>).map((q) => q.kind)).toEqual(['text', 'choice', 'photo', 'audio']);
    await checkScreen('assignment-editor');

    // Preview as a student: the tablet's own components, interactive, nothing saved.
    await page.getByRole('button', { name: 'Aperçu élève' }).click();
    const tablet = page.getByRole('region', { name: 'Tablette (aperçu)' });
    const screen = tablet.frameLocator('iframe'); // the tablet's screen: a frame with the tablet's own stylesheet
    await expect.poll(() => screen.getByRole('heading', { level: 1 }).textContent()).toBe('Les fractions');
    expect(await tablet.boundingBox()).toMatchObject({ width: expect.any(Number) });
    expect(await tablet.evaluate((el) => [el.style.width, el.style.height])).toEqual(['1280px', '800px']);
    await screen.getByRole('textbox', { name: 'Ta réponse' }).fill('Une part d’un tout.');
    await screen.getByLabel('3/4').check();
    expect(await screen.getByLabel('3/4').isChecked()).toBe(true);
    await page.waitForTimeout(500); // the text answer's save delay: it reaches the in-memory controller
    await checkScreen('assignment-preview');
    await page.getByRole('button', { name: 'Portrait 800 × 1280' }).click();
    expect(await tablet.evaluate((el) => [el.style.width, el.style.height])).toEqual(['800px', '1280px']);
    await screenshot(page, 'console-assignment-preview-portrait');
    expect(submissionCount(assignmentId)).toBe(0);

    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    await expect.poll(() => page.locator('.cc-badge').first().textContent()).toBe('Publié');
    expect(server.store.db.prepare('SELECT status FROM assignments WHERE id = ?').pluck().get(assignmentId)).toBe('published');
    await screen.getByRole('textbox', { name: 'Ta réponse' }).fill('Après publication : toujours rien d’enregistré.');
    await screen.getByLabel('2/6').check();
    await page.waitForTimeout(500);
    expect(submissionCount(assignmentId)).toBe(0);
    // The preview never touched the tablet's database either.
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('cartable');

    // Edit after publishing: the server bumps the version.
    await page.getByLabel('Titre').fill('Les fractions (corrigé)');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await expect.poll(() => server.store.db.prepare('SELECT version FROM assignments WHERE id = ?').pluck().get(assignmentId)).toBe(2);
    // Unpublish (off the tablets), then publish again.
    const status = () => server.store.db.prepare('SELECT status FROM assignments WHERE id = ?').pluck().get(assignmentId);
    await page.getByRole('button', { name: 'Dépublier' }).click();
    await expect.poll(status).toBe('draft');
    await expect.poll(() => page.locator('.cc-badge').first().textContent()).toBe('Brouillon');
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    await expect.poll(status).toBe('published');
  });

  test('follow the assignment: every student not started, a chart with its text equivalent', async () => {
    await page.goto(`${server.url}/console#/classes/${school.classId}/assignments`);
    await expect.poll(() => h1().textContent()).toBe('Devoirs de 5e B');
    await checkScreen('assignments');
    await page.getByRole('link', { name: 'Suivre — Les fractions (corrigé)' }).click();
    await expect.poll(() => h1().textContent()).toBe('Suivi — Les fractions (corrigé)');
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(1 + school.students.length);
    expect(await page.locator('tr[data-status="not-started"]').count()).toBe(3);
    expect(await page.getByRole('img', { name: 'Aucune copie rendue sur 3 élèves.' }).count()).toBe(1);
    await checkScreen('follow-empty');
  });

  test('paper homework: one PDF pack for the chosen pupils (a letter, then their pages, each page\'s code naming them); marked sent; the photo back, assigned from the tray, becomes their work', async () => {
    await page.goto(`${server.url}/console#/classes/${school.classId}/assignments/${assignmentId}/paper`);
    await expect.poll(() => h1().textContent()).toBe('Version papier — Les fractions (corrigé)');
    const [ines, noah, lea] = school.students;
    const status = (id: string) => page.locator(`[data-pack-status="${id}"]`);
    await expect.poll(() => status(ines!.id).textContent()).toBe('pas de dossier');
    await page.getByLabel(`${ines!.firstName} ${ines!.lastName}`, { exact: true }).check();
    await page.getByLabel(`${lea!.firstName} ${lea!.lastName}`, { exact: true }).check();
    expect(await page.getByRole('button', { name: 'Marquer comme envoyé (0 élève)' }).isDisabled()).toBe(true);
    await checkScreen('paper');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le dossier PDF (2 élèves)' }).click()]);
    expect(download.suggestedFilename()).toBe('devoirs-papier-les-fractions-corrige.pdf');
    const { readFileSync } = await import('node:fs');
    const pdf = readFileSync((await download.path())!);
    const pages = await pdfPages(pdf);
    const perPupil = pages.length / 2;
    expect(perPupil).toBeGreaterThanOrEqual(2);
    pages.forEach((p, i) => {
      const pupil = i < perPupil ? ines! : lea!;
      expect(p).toContain(`${pupil.firstName} ${pupil.lastName} — page ${(i % perPupil) + 1}/${perPupil}`);
      expect(p).not.toContain(i < perPupil ? lea!.lastName : ines!.lastName);
    });
    expect(pages[0]).toContain('Madame, Monsieur,');
    expect(pages[1]).toContain('Combien font 1/2 + 1/4 ?');
    // Said on the screen and to screen readers (the live region repeats it).
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Dossier prêt pour 2 élèves : imprimez-le en A4, à 100 %' }).first().isVisible()).toBe(true);
    await expect.poll(() => status(ines!.id).textContent()).toMatch(/^imprimé le /);
    await page.getByRole('button', { name: 'Marquer comme envoyés (2 élèves)' }).click();
    await expect.poll(() => status(lea!.id).textContent()).toMatch(/^imprimé le .* · envoyé le /);
    expect(await status(noah!.id).textContent()).toBe('pas de dossier');
    await checkScreen('paper-sent');

    // Léa's sheet comes back as a photo without a readable code: it waits in « À attribuer », and the teacher gives it to her.
    const photo = await makeJpeg(page, `Copie de ${lea!.firstName}`);
    const returns = page.getByRole('region', { name: 'Feuilles rendues' });
    await returns.getByLabel('Choisir des photos ou un PDF scanné').setInputFiles({ name: 'copie.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => returns.getByText('Page dont le code est illisible : mise de côté dans « À attribuer ».').count(), { timeout: 30_000 }).toBe(1);
    await returns.getByLabel('Élève de la page n° 1').selectOption({ label: `${lea!.firstName} ${lea!.lastName}` });
    await returns.getByLabel('Numéro de la page n° 1').selectOption({ label: 'page 2' });
    await checkScreen('paper-tray');
    await returns.getByRole('button', { name: 'Attribuer' }).click();
    await expect.poll(() => returns.getByRole('heading', { name: 'À attribuer (0)' }).count()).toBe(1);
    const sub = server.store.db.prepare('SELECT state FROM submissions WHERE assignment_id = ? AND student_id = ?').get(assignmentId, lea!.id) as { state: string };
    expect(sub.state).toBe('submitted');
    await expect.poll(() => status(lea!.id).textContent()).toMatch(/ · reçu le /);
    // The follow-up says it too, in a « Papier » column.
    await page.goto(`${server.url}/console#/classes/${school.classId}/assignments/${assignmentId}/follow`);
    await expect.poll(() => page.getByRole('columnheader', { name: 'Papier' }).count()).toBe(1);
    const leaRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `${lea!.firstName} ${lea!.lastName}` }) });
    await expect.poll(() => leaRow.textContent()).toMatch(/envoyé le .* · reçu le /);
    await checkScreen('follow-paper');
  });

  test('open the paper copy, zoom and rotate the photo, comment, mark and return it', async () => {
    const lea = school.students[2]!;
    await page.goto(`${server.url}/console#/classes/${school.classId}/assignments/${assignmentId}/follow`);
    await expect.poll(() => page.locator('tr[data-status="on-time"]').count()).toBe(1);
    expect(await page.getByRole('img', { name: '1 copie rendue sur 3 élèves.' }).count()).toBe(1);
    await checkScreen('follow');
    await page.getByRole('link', { name: `Ouvrir la copie de ${lea.firstName} ${lea.lastName}` }).click();
    await expect.poll(() => h1().textContent()).toBe(`Copie de ${lea.firstName} ${lea.lastName}`);
    const img = page.getByRole('img', { name: 'Photo 1' });
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(600);
    expect(await img.getAttribute('data-fit')).toBe('true'); // the whole page first
    await page.getByRole('button', { name: 'Zoom avant — Photo 1' }).click();
    await page.getByRole('button', { name: 'Pivoter à droite — Photo 1' }).click();
    await expect.poll(() => img.getAttribute('data-turn')).toBe('90');
    expect(await img.getAttribute('data-zoom')).toBe('1'); // the step above the fit (~84 %) is the photo's own pixels
    await checkScreen('submission');
    await page.getByLabel('Commentaire sur la question 3').fill('Schéma clair.');
    await page.getByLabel('Points pour la question 3 (sur 3)').fill('2.5');
    await page.getByLabel('Commentaire général').fill('Bon travail sur papier.');
    await page.getByLabel('Note', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Rendre la copie à l’élève' }).click();
    await expect.poll(() => page.getByText(/Copie rendue le/).count()).toBeGreaterThan(0);
    const fb = server.store.db.prepare('SELECT f.comment, f.mark, f.returned_at, s.state FROM feedback f JOIN submissions s ON s.id = f.submission_id WHERE s.student_id = ?').get(lea.id) as Record<string, unknown>;
    expect(fb).toMatchObject({ comment: 'Bon travail sur papier.', mark: 5, state: 'returned' });
    expect(fb.returned_at).toBeTruthy();
    await page.goto(`${server.url}/console#/classes/${school.classId}/assignments/${assignmentId}/follow`);
    await expect.poll(() => page.locator('tr[data-status="returned"]').count()).toBe(1);
  });

  test('class tablets: « Tout est synchronisé » only when every tablet synced recently with nothing waiting', async () => {
    await page.goto(`${server.url}/console#/classes/${school.classId}/tablets`);
    await expect.poll(() => h1().textContent()).toBe('Tablettes de 5e B');
    await expect.poll(() => page.locator('[data-all-synced]').getAttribute('data-all-synced')).toBe('false');
    expect(await page.locator('[data-all-synced]').textContent()).toContain('Pas encore tout synchronisé : 1 tablette à vérifier.');
    await checkScreen('tablets-waiting');
    const at = new Date().toISOString();
    server.store.db.prepare('UPDATE devices SET last_sync_at = ?, pending_count = 2, pending_bytes = 300000, app_version = ? WHERE id = ?').run(at, '1.0.0-e2e', school.device.id);
    await page.reload();
    await expect.poll(() => page.locator('tr[data-state]').getAttribute('data-state')).toBe('waiting');
    server.store.db.prepare('UPDATE devices SET pending_count = 0, pending_bytes = 0 WHERE id = ?').run(school.device.id);
    await page.reload();
    await expect.poll(() => page.locator('[data-all-synced]').getAttribute('data-all-synced')).toBe('true');
    expect(await page.getByRole('status').filter({ hasText: 'Tout est synchronisé' }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /Tablette 01/ }).textContent()).toContain('1.0.0-e2e');
    await checkScreen('tablets-synced');
  });

  test('lessons: Markdown with a live preview, an image attached, published', async () => {
    await page.goto(`${server.url}/console#/classes/${school.classId}/lessons`);
    await expect.poll(() => h1().textContent()).toBe('Leçons de 5e B');
    await page.getByRole('button', { name: 'Nouvelle leçon' }).click();
    await expect.poll(() => page.getByLabel('Contenu (Markdown)').count()).toBe(1);
    await page.getByLabel('Titre').fill('Les fractions — leçon');
    await page.getByLabel('Contenu (Markdown)').fill('# Une fraction\n\nUne <script>alert(1)</script>**part** d’un tout.');
    const preview = page.getByRole('region', { name: 'Aperçu' });
    await expect.poll(() => preview.getByRole('heading', { name: 'Une fraction' }).count()).toBe(1);
    expect(await preview.locator('script').count()).toBe(0);
    const image = await makeJpeg(page, 'Une pizza en 4 parts');
    await page.getByLabel('Joindre une image ou un son').setInputFiles({ name: 'pizza.jpg', mimeType: 'image/jpeg', buffer: image });
    await expect.poll(() => page.getByLabel('Contenu (Markdown)').inputValue()).toMatch(/!\[pizza\.jpg\]\(\/media\/[\w-]+\)/);
    // The preview shows the image, fetched with the teacher's token (an <img src> alone would get a 401).
    await expect.poll(() => preview.getByRole('img', { name: 'pizza.jpg' }).evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(600);
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    await expect.poll(() => server.store.db.prepare(`SELECT COUNT(*) FROM lessons WHERE title = 'Les fractions — leçon' AND status = 'published'`).pluck().get()).toBe(1);
    await checkScreen('lesson-editor');
    await page.goto(`${server.url}/console#/classes/${school.classId}/lessons`);
    await expect.poll(() => page.getByRole('link', { name: 'Les fractions — leçon' }).count()).toBe(1);
    await checkScreen('lessons');
  });

  test('the console speaks English on request', async () => {
    await page.goto(`${server.url}/console#/classes`);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => h1().textContent()).toBe('Choose a class');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await checkScreen('classes-en');
    await page.getByRole('button', { name: 'Passer en français' }).click();
    await expect.poll(() => h1().textContent()).toBe('Choisir une classe');
  });

  test('no script error, no CSP violation on the teacher screens', () => {
    expect(errors.filter((e) => !/401|Failed to load resource/.test(e))).toEqual([]);
  });
});

describe('IT referent console', () => {
  test('teachers, classes and groups, students, roster import with printable secrets, tablets, backup', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect.poll(() => h1().textContent()).toBe('Connexion à la console');
    expect(await page.evaluate(() => sessionStorage.getItem('cartable.console.token'))).toBeNull();
    await signInConsole(page, server.url, school.it.login, school.it.password);

    await page.getByRole('link', { name: 'Enseignants' }).click();
    await expect.poll(() => h1().textContent()).toBe('Enseignants et référents');
    await page.getByLabel('Nom affiché').fill('M. Lefèvre');
    await page.getByLabel('Identifiant').fill('lefevre');
    await page.getByLabel('Mot de passe').fill('un-long-mot-de-passe');
    await page.getByRole('button', { name: 'Créer' }).click();
    await expect.poll(() => page.getByRole('row', { name: /M\. Lefèvre/ }).count()).toBe(1);
    await checkScreen('admin-users');

    await page.getByRole('link', { name: 'Classes et groupes' }).click();
    await expect.poll(() => h1().textContent()).toBe('Classes et groupes');
    await page.getByRole('button', { name: 'Groupes de 5e B' }).click();
    await page.getByLabel('Nom du groupe').fill('Soutien');
    await page.getByLabel(`${school.students[0]!.firstName} ${school.students[0]!.lastName}`).check();
    await page.getByRole('button', { name: 'Ajouter un groupe' }).click();
    await expect.poll(() => page.getByText(/Soutien —/).count()).toBe(1);
    await checkScreen('admin-classes');

    await page.getByRole('link', { name: 'Élèves', exact: true }).click();
    // The groups form of the screen before also has fields about a class: wait for this one.
    await expect.poll(() => h1().textContent()).toBe('Élèves');
    await page.locator('select#s-class').selectOption({ label: '5e B' });
    await expect.poll(() => page.getByRole('row').count()).toBe(1 + school.students.length);
    await checkScreen('admin-students');

    await page.getByRole('link', { name: 'Importer les élèves' }).click();
    const csv = 'classe;nom;prénom;code\n5e B;Moreau;Jules;9876\n4e A;Roux;Emma\n5e B;;Sans nom\n';
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'eleves.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: 'Vérifier sans importer' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /^Seront créés/ }).textContent()).toBe('Seront créés (2)');
    expect(await page.getByText('Vérification : rien n’a encore été modifié.', { exact: false }).count()).toBe(1);
    expect(server.store.db.prepare(`SELECT COUNT(*) FROM students WHERE last_name = 'Moreau'`).pluck().get()).toBe(0);
    await page.getByRole('button', { name: 'Confirmer l’import' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /codes secrets/i }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /^Refusés/ }).textContent()).toBe('Refusés (1)');
    expect(await page.getByText(/^Ligne 4/).count()).toBe(1);
    const secretsTable = page.locator('.cc-secrets table');
    expect(await secretsTable.getByRole('row', { name: /Roux/ }).count()).toBe(1);
    await checkScreen('admin-roster');
    await page.emulateMedia({ media: 'print' });
    const printed = await pdfPages(await page.pdf({ format: 'A4' }));
    await page.emulateMedia({ media: 'screen' });
    expect(printed.join(' ')).toContain('Roux');
    expect(printed.join(' ')).not.toContain('Vérifier sans importer');
    expect(printed.join(' ')).not.toContain('Confirmer l’import');

    await page.getByRole('link', { name: 'Tablettes' }).click();
    await expect.poll(() => h1().textContent()).toBe('Tablettes de l’établissement');
    await page.getByLabel('Pour la classe').selectOption({ label: '5e B' });
    await page.getByRole('button', { name: 'Créer un code d’inscription' }).click();
    await expect.poll(() => page.locator('.cc-code').textContent()).toMatch(/^Code\u00a0: \S+/);
    await checkScreen('admin-devices');
    await page.getByRole('button', { name: `Retirer la tablette ${school.device.name}` }).click();
    await page.getByRole('dialog', { name: `Retirer la tablette « ${school.device.name} » ?` }).getByRole('button', { name: 'Retirer la tablette' }).click();
    await expect.poll(() => server.store.db.prepare('SELECT revoked_at FROM devices WHERE id = ?').pluck().get(school.device.id)).toBeTruthy();

    // Nightly backups as main.ts configures them, with one night already run.
    const { join } = await import('node:path');
    const { runScheduledBackup } = await import('../../server/backup/scheduled-backup.ts');
    const nightly = { dir: join(server.dataDir, 'backups'), hour: 2, keep: 7 };
    server.store.backup.configureSchedule(nightly);
    expect((await runScheduledBackup(server.store.backup, nightly, server.dataDir)).ok).toBe(true);
    await page.getByRole('link', { name: 'Sauvegarde' }).click();
    await expect.poll(() => page.getByText(/^Chaque nuit à 2 h/).count()).toBe(1);
    expect(await page.getByText(/^Réussie le /).count()).toBe(1);
    await checkScreen('admin-backup');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger la sauvegarde' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^cartable-\d{8}-\d{4}\.tar$/);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    const archive = readFileSync(file);
    expect(archive.subarray(0, 13).toString('latin1')).toBe('manifest.json');
    expect(archive.subarray(257, 262).toString('latin1')).toBe('ustar');

    // A damaged file is refused in French and changes nothing.
    const students = () => server.store.db.prepare('SELECT COUNT(*) FROM students').pluck().get() as number;
    const before = students();
    await page.getByLabel('Fichier de sauvegarde (.tar)').setInputFiles({ name: 'abimee.tar', mimeType: 'application/x-tar', buffer: archive.subarray(0, archive.length - 3000) });
    await page.getByRole('button', { name: 'Restaurer…' }).click();
    await page.getByRole('button', { name: 'Oui, restaurer' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/incomplète.*Rien n’a été modifié/);
    expect(students()).toBe(before);

    // The right file, confirmed: the pupil added since is gone, the server still answers.
    const call = await apiAs(server.url, school.it.login, school.it.password);
    await call('POST', `/api/classes/${school.classId}/students`, { firstName: 'Après', lastName: 'Sauvegarde', secret: '5555' });
    expect(students()).toBe(before + 1);
    await page.getByLabel('Fichier de sauvegarde (.tar)').setInputFiles({ name: 'cartable.tar', mimeType: 'application/x-tar', buffer: archive });
    await page.getByRole('button', { name: 'Restaurer…' }).click();
    expect(await page.getByText(/sera perdu/).count()).toBe(1);
    await checkScreen('admin-restore-confirm');
    await page.getByRole('button', { name: 'Oui, restaurer' }).click();
    await expect.poll(() => page.locator('[data-restored]').filter({ hasText: /restaurée/ }).count()).toBe(1);
    // …and said once to a screen reader, by the console's one live region.
    expect(await page.getByRole('status').filter({ hasText: /restaurée/ }).count()).toBeLessThanOrEqual(1);
    expect(students()).toBe(before);
    // Sessions opened after the backup are gone with it (this one was); a new sign-in works.
    await expect(call('GET', '/api/classes')).rejects.toThrow(/401/);
    const again = await apiAs(server.url, school.it.login, school.it.password);
    expect((await again<{ name: string }[]>('GET', '/api/classes')).map((c) => c.name)).toContain(school.className);
    await checkScreen('admin-restored');
  });

  test('a teacher cannot open the IT screens', async () => {
    const { context: c2, page: p2 } = await newTablet(browser, undefined, DESKTOP);
    await signInConsole(p2, server.url, school.teacher.login, school.teacher.password);
    await p2.goto(`${server.url}/console#/admin/users`);
    await expect.poll(() => p2.getByRole('heading', { level: 1 }).textContent()).toBe('Cette page n’existe pas.');
    expect(await p2.getByRole('link', { name: 'Enseignants' }).count()).toBe(0);
    const call = await apiAs(server.url, school.teacher.login, school.teacher.password);
    await expect(call('GET', '/api/users')).rejects.toThrow(/403/);
    await c2.close();
  });
});
