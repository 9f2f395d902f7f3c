/**
 * Software updates piloted by the school server (issue 16), in real Chromium with three builds:
 * v1 and v2 (the e2e global set-up's), and v3 — v1's files served again under a new build id
 * (a rollback). The tests run in order on one server and two tablets:
 * 1. a pilot class gets v2 while another class stays on v1; the pilot tablet downloads v2 during
 *    lessons but applies it only once lessons are over (the clock is faked: Tuesday 10:00, then 18:00);
 * 2. the rollback arrives as v3: not applied while the pupil is typing, applied when they stop; v1's
 *    code opens the database v2 left at a HIGHER IndexedDB version, and the answer written under v2 is
 *    intact and reaches the server;
 * 3. a tablet below the minimum version shows « Mise à jour nécessaire » and still delivers its outbox;
 * 4. the IT referent's « Mises à jour » screen shows it all (versions per class and per tablet,
 *    progress, errors — an uncaught error and a start that failed on the pilot tablet), its halt
 *    button stops the rollout, and its lesson hours read and write on 24 hours; the tables stay
 *    readable on a narrow screen (the build lists are never cut off);
 * 5. the halt takes back an update a tablet downloaded but had not applied: it never starts, not
 *    even at the tablet's next cold start.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { controllerVersion, e2eDist, launchBrowser, newTablet, pageErrors, pageVersion, runAxe, screenshot, startServer, waitForServiceWorker, type E2EServer } from './harness.ts';
import { enrolTablet, publishAssignment, signIn, teacherToken } from './student-helpers.ts';
import { apiAs } from './console-helpers.ts';
import { SYSTEM } from '../../server/access/actor.ts';
import { registerBuildDir } from '../../server/updates/register-build.ts';
import type { UpdatesOverview } from '../../src/protocol/app-updates.ts';
import { PROTOCOL_VERSION } from '../../src/protocol/wire.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const { v1, v2, versions } = e2eDist();

/** The <select>s of build lists whose chosen option is wider than the box shows (cut off). */
const clippedSelects = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLSelectElement>('select.cc-build-select')].filter((sel) => {
  const probe = document.createElement('span');
  probe.style.cssText = `font: ${getComputedStyle(sel).font}; white-space: nowrap; position: absolute; visibility: hidden`;
  probe.textContent = sel.selectedOptions[0]?.text ?? '';
  document.body.append(probe);
  const text = probe.getBoundingClientRect().width;
  probe.remove();
  return sel.clientWidth < text + 24; // + the arrow and padding
}).map((sel) => `${sel.getAttribute('aria-label')} ${sel.clientWidth} ${getComputedStyle(sel).font} ${sel.selectedOptions[0]?.text}`));
/** Tuesday 1 December 2026 in Paris: during lessons, then after them. */
const LESSONS = new Date('2026-12-01T10:00:00+01:00');
const EVENING = new Date('2026-12-01T18:00:00+01:00');
const later = (minutes: number) => new Date(EVENING.getTime() + minutes * 60_000);

let browser: Browser;
let server: E2EServer;
let it: <T>(method: string, path: string, body?: unknown) => Promise<T>;
let builds: { v1: string; v2: string; v3?: string };
let other: { classId: string; code: string; student: { id: string; firstName: string; lastName: string; secret: string } };
let pilot: { context: BrowserContext; page: Page };
let second: { context: BrowserContext; page: Page };
const ANSWER = 'Le Rhône prend sa source dans le glacier du Rhône, en Suisse.';

/** The build id the controlling service worker was served as. */
const controllerBuild = (page: Page) => page.evaluate(() => new Promise<string | null>((done) => {
  const sw = navigator.serviceWorker.controller;
  if (!sw) return done(null);
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => done((e.data as { build?: string | null }).build ?? null);
  sw.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
}));
/** The build id the waiting service worker (downloaded, not applied) was served as, or null. */
const waitingBuildId = (page: Page) => page.evaluate(async () => {
  const sw = (await navigator.serviceWorker.getRegistration())?.waiting;
  if (!sw) return null;
  return new Promise<string | null>((done) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => done((e.data as { build?: string | null }).build ?? null);
    sw.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
  });
});
/** What the app does when the network comes back: check in, look for an update, maybe apply it. */
const networkBack = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('online')));
const waitingBuild = (page: Page) => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state ?? null);
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);
const overview = () => it<UpdatesOverview>('GET', '/api/updates');
const deviceRow = async (name: string) => (await overview()).devices.find((d) => d.name === name);

beforeAll(async () => {
  server = await startServer({ staticDir: v1, seedDemo: true });
  const s = server.store.services;
  const school = server.school!;
  // The server keeps v1 and v2; the school runs v1 (as `npm start` adopts its dist/ on a first start).
  const b1 = await registerBuildDir(s, server.dataDir, v1, { releaseNote: 'Version de la rentrée' });
  const b2 = await registerBuildDir(s, server.dataDir, v2, { releaseNote: 'Le carnet de devoirs affiche les corrections' });
  await s.updates.adoptAsDefault(b1.build.id);
  builds = { v1: b1.build.id, v2: b2.build.id };
  // A second class with its own pupil, assignment and enrolment code.
  const cls = await s.roster.createClass(SYSTEM, { name: '4e A', teacherIds: [school.teacher.id] }, school.schoolId);
  const st = await s.roster.createStudent(SYSTEM, cls.id, { firstName: 'Jules', lastName: 'Roux', secret: '5678' });
  const a = await s.content.createAssignment(SYSTEM, cls.id, { title: 'La Révolution', instructionsMarkdown: 'Une phrase.', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Que se passe-t-il en 1789 ?', points: 2 }] });
  await s.content.publishAssignment(SYSTEM, a.id, null);
  const { code } = await s.devices.issueCode(SYSTEM, { schoolId: school.schoolId, classId: cls.id, createdBy: school.teacher.id });
  other = { classId: cls.id, code, student: { id: st.id, firstName: 'Jules', lastName: 'Roux', secret: '5678' } };
  await publishAssignment(server, await teacherToken(server), {
    title: 'Le trajet du Rhône', instructionsMarkdown: 'Réponds en une phrase.', dueAt: null,
    questions: [{ id: 'q-text', kind: 'text', prompt: 'Où le Rhône prend-il sa source ?', points: 2 }],
  });
  it = await apiAs(server.url, school.it.login, school.it.password);
  browser = await launchBrowser();
});
afterAll(async () => {
  await pilot?.context.close();
  await second?.context.close();
  await browser?.close();
  await server?.stop();
});

test('a pilot class gets v2 while another stays on v1, and the pilot tablet applies v2 only after lessons', async () => {
  pilot = await newTablet(browser);
  second = await newTablet(browser);
  for (const t of [pilot, second]) {
    await t.context.clock.setFixedTime(LESSONS);
    await t.page.goto(server.url);
    await waitForServiceWorker(t.page);
  }
  await enrolTablet(pilot.page, server, 'Tablette pilote');
  await second.page.getByLabel('Code d’inscription').fill(other.code);
  await second.page.getByLabel('Nom de la tablette').fill('Tablette 4e');
  await second.page.getByRole('button', { name: 'Inscrire la tablette' }).click();
  await second.page.getByRole('heading', { name: 'Qui es-tu ?' }).waitFor();
  for (const t of [pilot, second]) expect(await controllerVersion(t.page)).toBe(versions.v1);
  // Each build says the sync protocol it speaks (the server registers only builds it can sync with).
  expect(readFileSync(join(v1, 'index.html'), 'utf8')).toContain(`<meta name="cartable-protocol" content="${PROTOCOL_VERSION}">`);

  // The pilot class (5e B) gets v2; 4e A stays on the school's v1.
  await it('PUT', '/api/updates/rollout', { scope: 'class', targetId: server.school!.classId, buildId: builds.v2 });
  for (const t of [pilot, second]) {
    await markPage(t.page);
    await networkBack(t.page);
  }
  // The pilot tablet downloads v2 (its service worker was served build 2) but, at 10:00 on a Tuesday, does not apply it.
  await expect.poll(() => waitingBuild(pilot.page), { timeout: 60_000 }).toBe('installed');
  await expect.poll(() => pilot.page.getByText('Nouvelle version disponible.').isVisible()).toBe(true);
  await expect.poll(async () => (await deviceRow('Tablette pilote'))?.servedBuildId).toBe(builds.v2);
  await pilot.page.waitForTimeout(1500); // long enough for a wrong decision to reload the page
  expect(await notReloaded(pilot.page)).toBe(true);
  expect(await pageVersion(pilot.page)).toBe(versions.v1);
  // The other class's tablet: nothing new for it.
  await second.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  expect(await waitingBuild(second.page)).toBeNull();
  expect(await controllerBuild(second.page)).toBe(builds.v1);
  expect((await deviceRow('Tablette 4e'))?.targetBuildId).toBe(builds.v1);

  // 18:00: lessons are over and nobody is using the tablet: it applies v2 on its own.
  await pilot.context.clock.setFixedTime(EVENING);
  await Promise.all([pilot.page.waitForEvent('load', { timeout: 60_000 }), networkBack(pilot.page)]);
  await expect.poll(() => pageVersion(pilot.page)).toBe(versions.v2);
  expect(await controllerBuild(pilot.page)).toBe(builds.v2);
  expect(await pageVersion(second.page)).toBe(versions.v1);
  // Its check-in says so: the IT referent sees it running v2.
  await expect.poll(async () => (await deviceRow('Tablette pilote'))?.runningBuildId, { timeout: 30_000 }).toBe(builds.v2);
});

test('the rollback to v1 arrives as v3: not while the pupil types, then v1 opens the newer database and the answer written under v2 is intact', async () => {
  const { page, context } = pilot;
  const errors = pageErrors(page);
  await signIn(page, server.school!.students[0]!);
  await page.getByRole('link', { name: /Le trajet du Rhône/ }).click({ timeout: 30_000 });
  const answer = page.getByLabel('Ta réponse');
  await answer.click();
  await page.keyboard.type(ANSWER);
  await expect.poll(() => page.locator('.save-state').textContent(), { timeout: 30_000 }).toBe('Enregistré sur la tablette');
  // A newer build's schema: v2 leaves the database one IndexedDB version higher, with a table v1 does not know.
  const bumped = await page.evaluate(() => new Promise<number>((done, fail) => {
    const probe = indexedDB.open('cartable');
    probe.onsuccess = () => {
      const next = probe.result.version + 10;
      probe.result.close();
      const req = indexedDB.open('cartable', next);
      req.onupgradeneeded = () => req.result.createObjectStore('v2Only');
      req.onsuccess = () => { req.result.close(); done(next); };
      req.onerror = () => fail(req.error);
      req.onblocked = () => undefined; // the app's connections close on versionchange (Dexie's default)
    };
  }));

  const rolledBack = await it<UpdatesOverview>('POST', `/api/updates/builds/${builds.v1}/rollback`, {});
  builds.v3 = rolledBack.builds[0]!.id;
  expect(rolledBack.builds[0]).toMatchObject({ version: versions.v1, rollbackOf: 1, number: 3 });

  // Still typing at 18:05: the update downloads, and waits.
  await context.clock.setFixedTime(later(5));
  await markPage(page);
  await networkBack(page);
  await expect.poll(() => waitingBuild(page), { timeout: 60_000 }).toBe('installed');
  await expect.poll(async () => (await deviceRow('Tablette pilote'))?.servedBuildId).toBe(builds.v3);
  await page.waitForTimeout(1500);
  expect(await notReloaded(page)).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');

  // The pupil puts the tablet down; a quarter of an hour later the rollback applies.
  await answer.blur();
  await context.clock.setFixedTime(later(20));
  await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), networkBack(page)]);
  await expect.poll(() => pageVersion(page)).toBe(versions.v1);
  expect(await controllerBuild(page)).toBe(builds.v3);
  // v1's code runs on the database v2 left: a higher version, the extra table still there, the answer intact.
  await expect.poll(() => page.getByLabel('Ta réponse').inputValue(), { timeout: 30_000 }).toBe(ANSWER);
  const db = await page.evaluate(() => new Promise<{ version: number; stores: string[] }>((done) => {
    const req = indexedDB.open('cartable');
    req.onsuccess = () => { done({ version: req.result.version, stores: [...req.result.objectStoreNames] }); req.result.close(); };
  }));
  expect(db.version).toBe(bumped);
  expect(db.stores).toContain('v2Only');
  expect(db.stores).toContain('work');
  // And it still syncs: the answer reaches the server.
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  const onServer = () => server.store.db.prepare('SELECT COUNT(*) AS n FROM submission_revisions WHERE answers_json LIKE ?').get(`%glacier du Rhône%`) as { n: number };
  await expect.poll(() => onServer().n, { timeout: 60_000 }).toBeGreaterThan(0);
  expect(errors.filter((e) => !/versionchange|VersionChange|DatabaseClosed/.test(e))).toEqual([]);
});

test('a tablet below the minimum version shows « Mise à jour nécessaire » and still delivers its outbox', async () => {
  const { page, context } = second;
  await signIn(page, other.student);
  await page.getByRole('link', { name: /La Révolution/ }).click({ timeout: 30_000 });
  await context.setOffline(true);
  await page.getByLabel('Ta réponse').fill('La prise de la Bastille, le 14 juillet 1789.');
  await page.getByLabel('Ta réponse').blur();
  await expect.poll(() => page.locator('.save-state').textContent(), { timeout: 30_000 }).toBe('Enregistré sur la tablette');

  // v2 (1.0.1-e2e) becomes the minimum: this tablet runs v1 (1.0.0-e2e).
  await it('PUT', '/api/updates/settings', { minimumVersion: versions.v2, window: { lessonsFrom: '08:00', lessonsUntil: '17:00', schoolDays: [1, 2, 3, 4, 5], timeZone: 'Europe/Paris' } });
  await context.setOffline(false);
  await networkBack(page);
  const banner = page.getByRole('status').filter({ hasText: 'Mise à jour nécessaire' });
  await expect.poll(() => banner.isVisible(), { timeout: 30_000 }).toBe(true);
  expect(await banner.textContent()).toContain('Ton travail continue d’être envoyé au collège ; la nouvelle version s’installera d’elle-même en dehors des heures de cours.');
  await screenshot(page, 'pwa-rollout-update-required');
  expect(await runAxe(page)).toEqual([]);

  await page.getByRole('button', { name: 'Synchroniser' }).click();
  const onServer = () => server.store.db.prepare('SELECT COUNT(*) AS n FROM submission_revisions WHERE answers_json LIKE ?').get('%Bastille%') as { n: number };
  await expect.poll(() => onServer().n, { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await deviceRow('Tablette 4e'))?.belowMinimum).toBe(true);
  expect(await pageVersion(page)).toBe(versions.v1);
});

test('the IT referent sees versions per class and per tablet, progress and errors, and halts the rollout', async () => {
  // The pilot tablet reports an uncaught error after its update.
  // (An unhandled rejection: the faked clock's timers would catch an error thrown from a setTimeout.)
  await pilot.page.evaluate(() => { void Promise.reject(new Error('panne simulée après la mise à jour')); });
  await expect.poll(() => pilot.page.evaluate(() => localStorage.getItem('cartable.appHealth') ?? '')).toContain('panne simulée');
  await networkBack(pilot.page); // the next check-in carries the count
  await expect.poll(async () => (await deviceRow('Tablette pilote'))?.uncaughtErrors, { timeout: 30_000 }).toBe(1);
  // And a start that fails: the app's script throws before its first screen (the fault injected
  // here), the page is left; the next start shows its screen and its check-in carries the count.
  const broken = await pilot.context.newPage();
  await broken.addInitScript(() => {
    const byId = document.getElementById.bind(document);
    document.getElementById = (id: string) => (id === 'app' ? null : byId(id));
  });
  await broken.goto(server.url);
  await expect.poll(() => broken.evaluate(() => localStorage.getItem('cartable.boots'))).toBe('1');
  expect(await broken.locator('#app').innerHTML()).toBe(''); // nothing on the screen
  await broken.close();
  await pilot.page.reload();
  await expect.poll(async () => (await deviceRow('Tablette pilote'))?.failedStarts, { timeout: 30_000 }).toBe(1);
  expect((await deviceRow('Tablette pilote'))?.uncaughtErrors).toBe(1); // counted per version, across starts

  const { context, page } = await newTablet(browser, undefined, { viewport: { width: 1280, height: 900 } });
  // As signInConsole, with more patience: the password hash is slow on a machine this busy.
  await page.goto(`${server.url}/console`);
  await page.getByLabel('Identifiant').fill(server.school!.it.login);
  await page.getByLabel('Mot de passe').fill(server.school!.it.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Choisir une classe', level: 1 }).waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Mises à jour' }).click();
  await page.getByRole('heading', { name: 'Mises à jour des tablettes', level: 1 }).waitFor();
  const builds3 = page.locator('tr[data-build]');
  await expect.poll(() => builds3.count()).toBe(3);
  await expect.poll(() => page.locator('tr[data-build="3"]').textContent()).toContain('retour à la n° 1');
  expect(await page.locator('tr[data-build="3"]').textContent()).toContain('tout le collège');
  expect(await page.locator('tr[data-device="Tablette pilote"]').textContent()).toMatch(/n° 3 · 1\.0\.0-e2e.*à jour/);
  expect(await page.locator('tr[data-device="Tablette pilote"]').textContent()).toContain('panne simulée après la mise à jour');
  expect(await page.locator('tr[data-device="Tablette pilote"]').textContent()).toContain('1 démarrage raté, 1 erreur');
  expect(await page.locator('tr[data-build="3"]').textContent()).toContain('1 démarrage raté, 1 erreur');
  expect(await clippedSelects(page)).toEqual([]);
  expect(await page.locator('tr[data-device="Tablette 4e"]').textContent()).toContain('sous la version minimale');
  // Per class: what its tablets run (the pilot class: one on the rollback n° 3, one never started).
  expect(await page.locator('tr[data-class="5e B"]').textContent()).toMatch(/en service\u00a0: (n° 3 · 1\.0\.0-e2e \(1\), version inconnue \(1\)|version inconnue \(1\), n° 3 · 1\.0\.0-e2e \(1\))/);
  expect(await page.locator('tr[data-class="4e A"]').textContent()).toContain('en service : n° 1 · 1.0.0-e2e (1)');
  expect(await page.locator('[data-progress]').textContent()).toMatch(/^À jour\u00a0: \d sur \d tablettes\.$/);
  await screenshot(page, 'console-updates');
  expect(await runAxe(page)).toEqual([]);

  // Halt: the rollout stops, and says so.
  await page.getByRole('button', { name: 'Suspendre le déploiement' }).click();
  await page.locator('[data-halted]').waitFor();
  expect((await overview()).haltedAt).not.toBeNull();
  await screenshot(page, 'console-updates-halted');
  await page.getByRole('button', { name: 'Reprendre le déploiement' }).click();
  await expect.poll(async () => (await overview()).haltedAt).toBeNull();

  // The lesson hours, on 24 hours whatever the browser's own format; typed as people write them.
  const from = page.getByLabel('Début des cours');
  const until = page.getByLabel('Fin des cours');
  expect([await from.inputValue(), await until.inputValue()]).toEqual(['08:00', '17:00']);
  await from.fill('8h30');
  await from.blur();
  expect(await from.inputValue()).toBe('08:30');
  await until.fill('5 PM');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect.poll(() => page.locator('#u-until-help').textContent()).toBe('Cette heure ne se lit pas : écrivez-la sur 24 heures, par exemple 08:00 ou 17:30.');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('u-until');
  expect((await overview()).settings.window.lessonsFrom).toBe('08:00'); // nothing saved
  await screenshot(page, 'console-updates-time-invalid');
  await until.fill('16h30');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect.poll(async () => (await overview()).settings.window).toMatchObject({ lessonsFrom: '08:30', lessonsUntil: '16:30' });
  expect(await runAxe(page)).toEqual([]);

  // The school holidays (any hour is fine then): a period that ends before it starts is told and
  // focused, nothing is saved; corrected, both are saved in date order.
  const holidays = (n: number) => page.getByRole('group', { name: `Vacances ${n}` });
  await page.getByRole('button', { name: 'Ajouter des vacances' }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('u-hol-0-from');
  await holidays(1).getByLabel('Du').fill('2026-12-19');
  await holidays(1).getByLabel('Au').fill('2027-01-03');
  await page.getByRole('button', { name: 'Ajouter des vacances' }).click();
  await holidays(2).getByLabel('Du').fill('2026-10-17');
  await holidays(2).getByLabel('Au').fill('2026-10-10');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect.poll(() => page.locator('#u-hol-problem').textContent()).toBe('Les vacances 2 ne se lisent pas\u00a0: donnez le premier et le dernier jour, le dernier le même jour ou après le premier.');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('u-hol-1-from');
  expect((await overview()).settings.window.holidays).toBeUndefined();
  expect(await runAxe(page)).toEqual([]);
  await page.locator('form[aria-labelledby="u-window"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'console-updates-holidays-invalid');
  await holidays(2).getByLabel('Au').fill('2026-11-01');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect.poll(async () => (await overview()).settings.window.holidays).toEqual([{ from: '2026-10-17', until: '2026-11-01' }, { from: '2026-12-19', until: '2027-01-03' }]);
  expect(await page.locator('#u-hol-problem').count()).toBe(0);

  // A narrow screen (a tablet in portrait): the tables scroll sideways, no build list is cut off.
  await page.setViewportSize({ width: 800, height: 1100 });
  await page.locator('tr[data-device="Tablette pilote"]').scrollIntoViewIfNeeded();
  expect(await clippedSelects(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await screenshot(page, 'console-updates-narrow');
  await context.close();
});

test('the halt takes back a downloaded update: the tablet never starts it, not even at its next cold start', async () => {
  const { context } = second;
  // 4e A (Tablette 4e, on v1, lessons under way on its clock) gets v2, which it downloads and keeps waiting.
  await it('PUT', '/api/updates/rollout', { scope: 'class', targetId: other.classId, buildId: builds.v2 });
  await networkBack(second.page);
  await expect.poll(() => waitingBuildId(second.page), { timeout: 60_000 }).toBe(builds.v2);
  expect(await controllerBuild(second.page)).toBe(builds.v1);

  // The IT referent halts: at its next check the tablet is served the build it runs, which replaces the waiting v2.
  await it('POST', '/api/updates/halt', {});
  await networkBack(second.page);
  await expect.poll(() => waitingBuildId(second.page), { timeout: 60_000 }).toBe(builds.v1);

  // Cold start (every page closed, then the app opened again): still v1.
  await second.page.close();
  const next = await context.newPage();
  await next.goto(server.url);
  await expect.poll(() => controllerBuild(next), { timeout: 30_000 }).toBe(builds.v1);
  expect(await pageVersion(next)).toBe(versions.v1);
  second.page = next;
  await it('POST', '/api/updates/resume', {});
});
