/**
 * The whole loop in real Chromium against the real server, two browser contexts:
 * a teacher authors an assignment in the console, previews it, publishes it; a student
 * tablet (STUDENT-UI screens + SYNC engine) syncs, answers and hands in; the teacher sees
 * it, returns feedback; the student sees the feedback after the next sync. Also: the
 * preview's question area and the tablet's are the same DOM (normalised), and the class
 * tablets screen says « Tout est synchronisé » once the class's tablet has synced.
 */
import { expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { newTablet, runAxe, screenshot, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { apiAs, signInConsole } from './console-helpers.ts';
import { enrolTablet, signIn } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

/**
 * The question sections of an assignment view as comparable HTML: whitespace between tags
 * dropped, attributes sorted, the save-state and inline styles left out.
 */
async function questionArea(scope: Locator): Promise<string[]> {
  return scope.locator('section.question').evaluateAll((sections) =>
    sections.map((s) => {
      const clone = s.cloneNode(true) as HTMLElement;
      const walk = (el: Element): string => {
        const attrs = [...el.attributes].filter((a) => a.name !== 'style').map((a) => `${a.name}="${a.value}"`).sort().join(' ');
        const kids = [...el.childNodes].map((n) => (n.nodeType === 3 ? (n.textContent ?? '').replace(/\s+/g, ' ').trim() : n.nodeType === 1 ? walk(n as Element) : '')).filter(Boolean).join('');
        return `<${el.tagName.toLowerCase()}${attrs ? ' ' + attrs : ''}>${kids}</${el.tagName.toLowerCase()}>`;
      };
      return walk(clone);
    }),
  );
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

test('author → preview → publish → tablet syncs, answers, hands in → teacher returns feedback → tablet shows it', async () => {
  const school = server.school!;
  const ines = school.students[0]!;
  const { context: teacherCtx, page: teacher } = await newTablet(browser, undefined, { viewport: { width: 1280, height: 900 }, hasTouch: false });
  const { context: tabletCtx, page: tablet } = await newTablet(browser, server.url);
  try {
    // ---- the teacher writes the assignment in the console ----
    await signInConsole(teacher, server.url, school.teacher.login, school.teacher.password);
    await teacher.goto(`${server.url}/console#/classes/${school.classId}/assignments/new`);
    await expect.poll(() => h1(teacher).textContent()).toBe('Nouveau devoir');
    await teacher.getByLabel('Titre').fill('Géographie : les fleuves');
    await teacher.getByLabel('Consignes (Markdown)').fill('Réponds **sans** l’atlas.');
    await teacher.getByLabel('Énoncé de la question 1').fill('Quel fleuve traverse Paris ?');
    await teacher.getByRole('button', { name: 'Ajouter une question' }).click();
    const q2 = teacher.getByRole('group', { name: 'Question 2' });
    await q2.getByLabel('Type de question').selectOption('choice');
    await q2.getByLabel('Énoncé de la question 2').fill('Le plus long fleuve de France ?');
    await q2.getByLabel('Choix 1', { exact: true }).fill('La Loire');
    await q2.getByLabel('Choix 2', { exact: true }).fill('La Seine');
    await q2.getByLabel('Points').fill('2');
    await teacher.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expect.poll(() => teacher.evaluate(() => location.hash)).toMatch(/\/edit$/);
    const assignmentId = (await teacher.evaluate(() => location.hash)).split('/')[4]!;

    await teacher.getByRole('button', { name: 'Aperçu élève' }).click();
    // The tablet's screen is a frame inside the device region (tablet-frame.tsx).
    const frame = teacher.getByRole('region', { name: 'Tablette (aperçu)' }).frameLocator('iframe').locator('body');
    await expect.poll(() => frame.locator('section.question').count()).toBe(2);
    await teacher.getByRole('button', { name: 'Publier', exact: true }).click();
    await teacher.getByRole('button', { name: 'Publier sans date limite' }).click(); // no due date: the console asks first
    await expect.poll(() => server.store.db.prepare('SELECT status FROM assignments WHERE id = ?').pluck().get(assignmentId)).toBe('published');
    const previewDom = await questionArea(frame);
    await screenshot(teacher, 'console-journey-preview');

    // ---- the student's tablet: enrol, sign in, sync, open the assignment ----
    await enrolTablet(tablet, server);
    await signIn(tablet, ines);
    const link = tablet.getByRole('link', { name: /Géographie : les fleuves/ });
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await tablet.getByRole('heading', { name: 'Géographie : les fleuves', level: 1 }).waitFor();
    const tabletDom = await questionArea(tablet.locator('main'));
    // The preview is the tablet's rendering: same question area, element for element.
    expect(tabletDom).toHaveLength(2);
    expect(tabletDom[0]).toContain('Quel fleuve traverse Paris ?');
    expect(tabletDom[0]).toContain('<textarea');
    expect(tabletDom[1]).toMatch(/<input[^>]*type="radio"[^>]*>.*La Loire/);
    expect(previewDom).toEqual(tabletDom);

    await tablet.getByRole('textbox', { name: 'Ta réponse' }).fill('La Seine');
    await tablet.getByLabel('La Loire').check();
    await expect.poll(() => tablet.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');
    await tablet.getByRole('button', { name: 'Rendre', exact: true }).click();
    await tablet.getByRole('button', { name: 'Oui, rendre' }).click();
    await tablet.getByRole('button', { name: 'Synchroniser' }).click();
    await tablet.getByText(/^Reçu le /).waitFor({ timeout: 30_000 });

    // ---- the teacher follows, opens the work, returns feedback ----
    await teacher.goto(`${server.url}/console#/classes/${school.classId}/assignments/${assignmentId}/follow`);
    await expect.poll(() => teacher.locator('tr[data-status="on-time"]').count(), { timeout: 15_000 }).toBe(1);
    expect(await teacher.getByRole('img', { name: '1 copie rendue sur 3 élèves.' }).count()).toBe(1);
    await teacher.getByRole('link', { name: `Ouvrir la copie d’${ines.firstName} ${ines.lastName}` }).click();
    await expect.poll(() => h1(teacher).textContent()).toBe(`Copie d’${ines.firstName} ${ines.lastName}`);
    expect(await teacher.locator('.cc-answer-text').textContent()).toBe('La Seine');
    expect(await teacher.locator('.cc-chosen').textContent()).toContain('La Loire');
    await teacher.getByLabel('Commentaire sur la question 2').fill('Non : la Loire est plus longue… c’est juste !');
    await teacher.getByLabel('Points pour la question 2 (sur 2)').fill('2');
    await teacher.getByLabel('Commentaire général').fill('Très bien, Inès.');
    await teacher.getByLabel('Note', { exact: true }).fill('3');
    await teacher.getByRole('button', { name: 'Rendre la copie à l’élève' }).click();
    await expect.poll(() => teacher.getByText(/Copie rendue le/).count()).toBeGreaterThan(0);
    expect(await runAxe(teacher)).toEqual([]);
    await screenshot(teacher, 'console-journey-returned');

    // ---- the tablet gets the feedback at its next sync ----
    await tablet.getByRole('button', { name: 'Synchroniser' }).click();
    const summary = tablet.getByRole('region', { name: 'Correction' });
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toContain('Très bien, Inès.');
    expect(await summary.textContent()).toContain('Note : 3 / 3');
    expect(await tablet.getByText('Non : la Loire est plus longue… c’est juste !').count()).toBe(1);
    await screenshot(tablet, 'console-journey-tablet-feedback');

    // ---- class tablets: the enrolled tablet synced with nothing waiting ----
    const it = await apiAs(server.url, school.it.login, school.it.password);
    await it('POST', `/api/devices/${school.device.id}/revoke`); // the seeded tablet never synced: out of the class
    await teacher.goto(`${server.url}/console#/classes/${school.classId}/tablets`);
    await expect.poll(() => teacher.locator('[data-all-synced]').getAttribute('data-all-synced'), { timeout: 15_000 }).toBe('true');
    expect(await teacher.getByRole('row', { name: /Tablette 12/ }).textContent()).toMatch(/Synchronisée/);
    await screenshot(teacher, 'console-journey-tablets');
  } finally {
    await teacherCtx.close();
    await tabletCtx.close();
  }
});
