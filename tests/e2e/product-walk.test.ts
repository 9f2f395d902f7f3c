/**
 * The whole product walked once as each of its users would, on the demo school of `npm start`
 * (real build, real server, real Chromium): a pupil (enrolment, sign-in, home, diary, both
 * lessons, every kind of question, the hand-in, the returned work) at 1280×800 and 800×1280, a
 * teacher (classes, authoring and preview, follow-up, marking desk, gradebook, paper homework,
 * live class, tablets, lessons) and the IT referent (teachers, classes, pupils, import, tablets and
 * codes, backup, audit log, updates) at 1366×768. Every screen is screenshotted and read for what
 * makes a product look like a prototype (`prototypeSmells`): an id or an error code on screen, an
 * unfilled {placeholder}, « undefined », English words on a French screen, a byte count shown to a
 * pupil, a breaking space inside « » or before : ; ! ? (French typography), a page wider than the
 * screen, a touch target under 44 px.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, screenshot, startServer, waitForServiceWorker, type E2EServer } from './harness.ts';
import { apiAs, smallTouchTargets } from './console-helpers.ts';
import { typePin } from './student-helpers.ts';
import { ERROR_CODES } from '../../src/protocol/error-codes.ts';
import { DEMO_IT, DEMO_TEACHER } from '../../server/seed/demo-school.ts';
import type { Assignment, Question } from '../../src/protocol/entities.ts';
import type { ClassSummary, SubmissionRow } from '../../src/protocol/console.ts';
import { afterAll, beforeAll } from 'vitest';

let server: E2EServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1, fullDemo: true });
  browser = await launchBrowser();
  // The demo has choice, text, photo and audio questions: one more assignment with the self-marking kinds.
  const teacher = await apiAs(server.url, DEMO_TEACHER.login, DEMO_TEACHER.password);
  const [cls] = await teacher<ClassSummary[]>('GET', '/api/classes');
  const extra = await teacher<Assignment>('POST', `/api/classes/${cls!.id}/assignments`, { title: 'Fractions : vrai, faux et calculs', instructionsMarkdown: 'Réponds à chaque question.', dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), questions: MORE_KINDS });
  await teacher('POST', `/api/assignments/${extra.id}/publish`, {});
});
/** The demo's titles carry French no-break spaces (« Fractions : exercices »): compared by their words. */
const sameTitle = (a: { title: string }, title: string) => a.title.replace(/\s+/g, ' ') === title;
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every self-marking kind, as a teacher would set them (the demo has choice, text, photo and audio). */
const MORE_KINDS: Question[] = [
  { id: 'k1', kind: 'truefalse', prompt: 'Un triangle a quatre côtés.', points: 1, key: { truth: false } },
  { id: 'k2', kind: 'numeric', prompt: 'Combien font 3/4 de 12 ?', points: 1, key: { value: 9, tolerance: 0 } },
  { id: 'k3', kind: 'short', prompt: 'Comment appelle-t-on le nombre du bas d’une fraction ?', points: 1, key: { accepted: ['dénominateur', 'le dénominateur'], ignoreCase: true, ignoreAccents: true } },
  { id: 'k4', kind: 'blanks', prompt: 'Dans 3/4, 3 est le [...] et 4 le [...].', points: 2, key: { blanks: [['numérateur'], ['dénominateur']] } },
  { id: 'k5', kind: 'matching', prompt: 'Relie chaque fraction à son écriture décimale.', points: 2, left: [{ id: 'l1', label: '1/2' }, { id: 'l2', label: '1/4' }], choices: [{ id: 'r1', label: '0,25' }, { id: 'r2', label: '0,5' }], key: { pairs: [{ left: 'l1', right: 'r2' }, { left: 'l2', right: 'r1' }] } },
];

/** English words a French screen must not show (the language switch « English » excepted). */
const ENGLISH = ['Loading', 'Error', 'undefined', 'null', 'NaN', 'Save', 'Cancel', 'Submit', 'Delete', 'Retry', 'Upload', 'Download', 'Failed', 'Unknown', 'Invalid', 'Settings', 'Sync', 'Offline', 'Online', 'Back', 'Next', 'Previous', 'Close', 'Open', 'None', 'true', 'false'];

/**
 * What on the current screen looks like a prototype, in words (empty: nothing). `pupil`: a
 * pupil's screen (no byte counts). The text read is what is rendered (innerText), so hidden
 * screen-reader words and the console's embedded tablet preview are read too.
 */
async function prototypeSmells(page: Page, screen: string, pupil: boolean): Promise<string[]> {
  const found = await page.evaluate(({ codes, english, pupil }) => {
    const out: string[] = [];
    const text = document.body.innerText;
    const show = (m: RegExpMatchArray) => JSON.stringify(text.slice(Math.max(0, (m.index ?? 0) - 25), (m.index ?? 0) + m[0].length + 25));
    const find = (what: string, re: RegExp) => { for (const m of text.matchAll(re)) out.push(`${what}: ${show(m)}`); };
    find('an id', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi);
    find('an unfilled placeholder', /\{[a-zA-Z]+(, (plural|select)[^}]*)?\}/g);
    find('an English word', new RegExp(`\\b(${english.join('|')})\\b`, 'g'));
    find('« followed by a breaking space', /« |«(?=\S)/g);
    find('» after a breaking space', /(?<=\S) »|(?<=[^\s\u00a0])»/g);
    find('a breaking space before : ; ! ?', /(?<=\S) [:;!?](?=\s|$)/g);
    const words = new Set(text.split(/[^a-z_]+/));
    for (const c of codes) if (c.includes('_') && words.has(c)) out.push(`an error code: ${c}`);
    if (pupil) find('a byte count', /\b\d+([,.]\d+)?\s?(o|octets|Ko|Mo|Go|B|KB|MB|GB)\b/g);
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`the page is wider than the screen: ${document.documentElement.scrollWidth} px in ${window.innerWidth}`);
    return out;
  }, { codes: [...ERROR_CODES], english: ENGLISH, pupil });
  const small = pupil ? await smallPupilTargets(page) : await smallTouchTargets(page);
  return [...found, ...small.map((s) => `a touch target under 44 px: ${s}`)].map((s) => `${screen} — ${s}`);
}

/** The tablet's own rule (student-helpers' expectTouchTargets), as a list. */
function smallPupilTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('button, a, select, input:not([type=file]):not([type=radio]):not([type=checkbox]), textarea, label.choice, label.file-label span'))
      .filter((el) => el.offsetParent !== null && !el.classList.contains('skip-link'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(({ el, r }) => `${el.tagName.toLowerCase()}「${(el.textContent ?? '').trim().slice(0, 30)}」 ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

/** A pupil's screen: read and shot in landscape and portrait. */
async function pupilScreen(page: Page, name: string, smells: string[]): Promise<void> {
  await page.waitForTimeout(150);
  smells.push(...(await prototypeSmells(page, `${name} 1280×800`, true)));
  await screenshot(page, `walk-tablet-${name}-1280x800`);
  await page.setViewportSize({ width: 800, height: 1280 });
  await page.waitForTimeout(150);
  smells.push(...(await prototypeSmells(page, `${name} 800×1280`, true)));
  await screenshot(page, `walk-tablet-${name}-800x1280`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A console screen: read and shot at 1366×768. */
async function consoleScreen(page: Page, name: string, smells: string[]): Promise<void> {
  await page.waitForTimeout(150);
  smells.push(...(await prototypeSmells(page, name, false)));
  await screenshot(page, `walk-console-${name}-1366x768`);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

test('the pupil: enrolment, sign-in, home, diary, lessons, every kind of question, hand-in, returned work', async () => {
  const demo = server.demo!;
  const teacher = await apiAs(server.url, DEMO_TEACHER.login, DEMO_TEACHER.password);
  const [cls] = await teacher<ClassSummary[]>('GET', '/api/classes');
  const smells: string[] = [];

  const { context, page } = await newTablet(browser, server.url);
  await h1(page).waitFor();
  await pupilScreen(page, 'enrol', smells);
  await page.getByLabel('Code d’inscription').fill(demo.enrolmentCode);
  await page.getByLabel('Nom de la tablette').fill('Tablette 3');
  await page.getByRole('button', { name: 'Inscrire la tablette' }).click();
  await page.getByRole('heading', { name: 'Qui es-tu ?' }).waitFor({ timeout: 30_000 });
  await pupilScreen(page, 'who', smells);
  await page.getByRole('button', { name: /^Léa/ }).click();
  await page.locator('.pin-pad').waitFor();
  await pupilScreen(page, 'secret', smells);
  await typePin(page, demo.studentSecret);
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor({ timeout: 30_000 });
  await waitForServiceWorker(page);
  await page.getByRole('link', { name: /Fractions : vrai, faux/ }).waitFor({ timeout: 30_000 });
  await pupilScreen(page, 'home', smells);

  await page.getByRole('link', { name: 'Mon cahier de textes' }).click();
  await page.getByRole('heading', { name: 'Cahier de textes', level: 1 }).waitFor();
  await pupilScreen(page, 'diary', smells);
  await page.goBack();

  await page.getByRole('link', { name: /Les fractions : trois quarts/ }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Les fractions' }).waitFor();
  await pupilScreen(page, 'lesson-image', smells);
  await page.goBack();
  await page.getByRole('link', { name: /Écouter un accord/ }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Écouter un accord' }).waitFor();
  // The player says how long the sound is before it is played (it read « 0:00 / 0:00 » with preload="none").
  await expect.poll(() => page.locator('main audio').first().evaluate((a: HTMLAudioElement) => a.duration), { timeout: 15_000 }).toBeGreaterThan(0);
  await pupilScreen(page, 'lesson-sound', smells);
  await page.goBack();

  // Choice (one and several) and text.
  await page.getByRole('link', { name: /Fractions : exercices/ }).click();
  await page.getByRole('heading', { name: 'Fractions : exercices', level: 1 }).waitFor();
  await pupilScreen(page, 'assignment-choice-text', smells);
  await page.getByLabel('3/4', { exact: true }).check();
  await page.getByLabel('2/4', { exact: true }).check();
  await page.getByLabel('3/6', { exact: true }).check();
  await page.getByRole('textbox').first().fill('Le dénominateur dit en combien de parts égales on partage l’unité.');
  await page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await page.getByRole('dialog', { name: 'Rendre ce devoir ?' }).waitFor();
  await pupilScreen(page, 'hand-in-confirm', smells);
  await page.getByRole('button', { name: 'Oui, rendre' }).click();
  await page.locator('.handed-in').waitFor();
  await pupilScreen(page, 'handed-in', smells);
  await page.goBack();

  // Photo, audio, and the self-marking kinds.
  await page.getByRole('link', { name: /Construction géométrique/ }).click();
  await page.getByRole('heading', { name: 'Construction géométrique sur papier', level: 1 }).waitFor();
  await pupilScreen(page, 'assignment-photo', smells);
  await page.goBack();
  await page.getByRole('link', { name: /Lecture à voix haute/ }).click();
  await page.getByRole('heading', { name: 'Lecture à voix haute', level: 1 }).waitFor();
  await pupilScreen(page, 'assignment-audio', smells);
  await page.goBack();
  await page.getByRole('link', { name: /Fractions : vrai, faux/ }).click();
  await page.getByRole('heading', { name: /Fractions : vrai, faux/, level: 1 }).waitFor();
  await page.getByLabel('Faux', { exact: true }).check();
  await page.getByLabel('Ta réponse (un nombre)').fill('9');
  await page.getByLabel('Ta réponse', { exact: true }).fill('denominateur');
  await page.getByLabel('Trou 1').fill('numérateur');
  await page.getByLabel('Trou 2').fill('dénominateur');
  await page.getByLabel('1/2').selectOption({ label: '0,5' });
  await page.getByLabel('1/4').selectOption({ label: '0,25' });
  await pupilScreen(page, 'assignment-auto', smells);
  await page.goBack();

  // The teacher marks and returns the hand-in; the pupil reads the correction.
  const fractions = (await teacher<Assignment[]>('GET', `/api/classes/${cls!.id}/assignments`)).find((a) => sameTitle(a, 'Fractions : exercices'))!;
  await expect.poll(async () => (await teacher<SubmissionRow[]>('GET', `/api/assignments/${fractions.id}/submissions`)).find((r) => r.student.firstName === 'Léa')?.submission?.state, { timeout: 30_000 }).toBe('submitted');
  const row = (await teacher<SubmissionRow[]>('GET', `/api/assignments/${fractions.id}/submissions`)).find((r) => r.student.firstName === 'Léa')!;
  await teacher('PUT', `/api/submissions/${row.submission!.id}/feedback`, { perQuestion: [{ questionId: 'q3', comment: 'Très bien expliqué.', points: 3 }], comment: 'Bon travail, Léa !', mark: 16, maxMark: 20 });
  await teacher('POST', `/api/submissions/${row.submission!.id}/return`);
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await page.getByRole('link', { name: /Fractions : exercices/ }).click();
  await page.getByText('Bon travail, Léa !').waitFor({ timeout: 30_000 });
  await pupilScreen(page, 'returned', smells);
  await context.close();
  expect(smells).toEqual([]);
});

test('the teacher and the IT referent: every console screen', async () => {
  const teacher = await apiAs(server.url, DEMO_TEACHER.login, DEMO_TEACHER.password);
  const [cls] = await teacher<ClassSummary[]>('GET', '/api/classes');
  const assignments = await teacher<Assignment[]>('GET', `/api/classes/${cls!.id}/assignments`);
  const fractions = assignments.find((a) => sameTitle(a, 'Fractions : exercices'))!;
  const smells: string[] = [];
  const { context, page } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  const c = `${server.url}/console#/classes/${cls!.id}`;

  await page.goto(`${server.url}/console`);
  await h1(page).filter({ hasText: 'Connexion' }).waitFor();
  await consoleScreen(page, 'sign-in', smells);
  await page.getByLabel('Identifiant').fill(DEMO_TEACHER.login);
  await page.getByLabel('Mot de passe').fill(DEMO_TEACHER.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => h1(page).textContent(), { timeout: 15_000 }).toBe('Choisir une classe');
  await consoleScreen(page, 'classes', smells);

  const visit = async (hash: string, name: string, ready: () => Promise<unknown>) => {
    await page.goto(`${c}${hash}`);
    await ready();
    await page.waitForTimeout(300); // late data (lists, pictures) settles
    await consoleScreen(page, name, smells);
  };
  await visit('/assignments', 'assignments', () => page.getByRole('link', { name: /Modifier — Fractions : exercices/ }).waitFor());
  await visit('/assignments/new', 'assignment-new', () => page.getByLabel('Titre').waitFor());
  await visit(`/assignments/${fractions.id}/edit`, 'assignment-edit', () => page.getByLabel('Titre').waitFor());
  await page.getByRole('button', { name: 'Aperçu élève' }).click();
  await page.frameLocator('iframe.cc-tablet-screen-frame').getByRole('heading', { name: 'Fractions : exercices' }).waitFor({ timeout: 15_000 });
  await consoleScreen(page, 'assignment-preview', smells);
  await visit(`/assignments/${fractions.id}/follow`, 'follow', () => page.locator('.cc-chart').waitFor());
  await visit(`/assignments/${fractions.id}/paper`, 'paper', () => h1(page).filter({ hasText: 'Version papier' }).waitFor());
  await visit('/gradebook', 'gradebook', () => h1(page).filter({ hasText: 'Carnet de notes' }).waitFor());
  await visit('/lessons', 'lessons', () => page.getByText('Les fractions : trois quarts').first().waitFor());
  await visit('/tablets', 'tablets', () => h1(page).waitFor());
  await visit('/live', 'live', () => h1(page).waitFor());
  // The marking desk: a pupil's hand-in (set here through the API as if a tablet had sent it).
  const rows = await teacher<SubmissionRow[]>('GET', `/api/assignments/${fractions.id}/submissions`);
  const handedIn = rows.find((r) => r.submission);
  if (handedIn) await visit(`/assignments/${fractions.id}/submissions/${handedIn.submission!.id}`, 'marking-desk', () => page.getByLabel('Commentaire général').waitFor());

  // « Supprimer » on a draft asks in the console's dialog (not the browser's confirm()), focus on « Annuler ».
  const draft = await teacher<Assignment>('POST', `/api/classes/${cls!.id}/assignments`, { title: 'Brouillon à jeter', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'x1', kind: 'text', prompt: 'Une question.', points: 1 }] });
  const deleted = () => server.store.db.prepare('SELECT deleted_at FROM assignments WHERE id = ?').pluck().get(draft.id);
  await page.goto(`${c}/assignments/${draft.id}/edit`);
  await page.getByRole('button', { name: 'Supprimer', exact: true }).first().click();
  const confirmDelete = page.getByRole('dialog', { name: 'Supprimer ce brouillon ?' });
  await confirmDelete.waitFor();
  expect(await confirmDelete.getByRole('button', { name: 'Annuler' }).evaluate((el) => el === document.activeElement)).toBe(true);
  await consoleScreen(page, 'delete-draft', smells);
  await confirmDelete.getByRole('button', { name: 'Annuler' }).click();
  await expect.poll(() => confirmDelete.count()).toBe(0);
  expect(deleted()).toBeNull();
  await page.getByRole('button', { name: 'Supprimer', exact: true }).first().click();
  await confirmDelete.getByRole('button', { name: 'Supprimer', exact: true }).click();
  await expect.poll(() => h1(page).textContent()).toBe('Devoirs de 5e B');
  expect(deleted()).not.toBeNull();

  // The IT referent's screens.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByLabel('Identifiant').fill(DEMO_IT.login);
  await page.getByLabel('Mot de passe').fill(DEMO_IT.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => h1(page).textContent(), { timeout: 15_000 }).toBe('Choisir une classe');
  for (const [hash, name] of [['users', 'it-users'], ['classes', 'it-classes'], ['students', 'it-students'], ['roster', 'it-roster'], ['devices', 'it-devices'], ['backup', 'it-backup'], ['audit', 'it-audit'], ['updates', 'it-updates']] as const) {
    await page.goto(`${server.url}/console#/admin/${hash}`);
    await h1(page).waitFor();
    await page.waitForTimeout(500);
    await consoleScreen(page, name, smells);
  }
  // « Nouveau code » for a pupil: the console's dialog with the rule, not the browser's prompt().
  const secretHash = () => server.store.db.prepare("SELECT secret_hash FROM students WHERE first_name = 'Hugo'").pluck().get();
  const before = secretHash();
  await page.goto(`${server.url}/console#/admin/students`);
  await page.getByLabel('Classe', { exact: true }).selectOption({ label: '5e B' });
  await page.getByRole('button', { name: 'Nouveau code — Hugo Dubois' }).click();
  const secretDialog = page.getByRole('dialog', { name: 'Nouveau code secret pour Hugo Dubois' });
  await secretDialog.getByLabel('Code secret').fill('8642');
  await consoleScreen(page, 'it-new-secret', smells);
  await secretDialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect.poll(secretHash).not.toBe(before);
  await context.close();
  expect(smells).toEqual([]);
});
