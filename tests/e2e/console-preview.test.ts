/**
 * « Aperçu élève » is the tablet: the console's preview of an assignment and a real tablet
 * showing the same assignment, both at 1280×800 and at 800×1280, are screenshotted over the
 * question area and compared pixel by pixel (≤ 1 % may differ); the preview's text box is the
 * tablet's 180 px one, its buttons the tablet's. A camera or a microphone opened in the
 * preview stops when the preview closes or the teacher leaves the editor: every
 * MediaStreamTrack getUserMedia handed out (kept by an init script) is `ended` by then.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, pageErrors, runAxe, screenshot, useDemoServerAndBrowser, type E2EServer } from './harness.ts';
import { ALL_KINDS, enrolTablet, publishAssignment, signIn, teacherToken } from './student-helpers.ts';
import { signInConsole, smallTouchTargets } from './console-helpers.ts';
import { pixelDiff } from './pixel-diff.ts';
import type { Question } from '../../src/protocol/entities.ts';
import { readFileSync } from 'node:fs';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started), { fakeMedia: true });

/** A console window large enough for the tablet at its real size (no scaling) in both orientations. */
const BIG_DESKTOP = { viewport: { width: 1920, height: 1500 }, hasTouch: false };
const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
];
const QUESTIONS: Question[] = [
  ...ALL_KINDS,
  { id: 'q-tf', kind: 'truefalse', prompt: 'La Loire est le plus long fleuve de France.', points: 1, key: { truth: true } },
  { id: 'q-num', kind: 'numeric', prompt: 'Combien font 2,5 × 4 ?', points: 1, key: { value: 10 } },
];

type Rect = { x: number; y: number; width: number; height: number };

/**
 * Scrolls `win` (the tablet's window: the page's, or the preview frame's) so the question area
 * starts at the top of the screen, and returns the part of it on screen above the bottom bar,
 * in the screen's coordinates.
 */
const QUESTION_AREA_ON_SCREEN = (win: Window): Rect => {
  const area = win.document.querySelector('[data-question-area]')!;
  win.scrollTo(0, area.getBoundingClientRect().top + win.scrollY);
  const r = area.getBoundingClientRect();
  const bar = win.document.querySelector('.sync-bar')?.getBoundingClientRect().top ?? win.innerHeight;
  const top = Math.max(0, r.top);
  return { x: r.left, y: top, width: r.width, height: Math.min(r.bottom, bar, win.innerHeight) - top };
};

async function tabletQuestionArea(page: Page): Promise<Rect> {
  return page.evaluate(`(${QUESTION_AREA_ON_SCREEN.toString()})(window)`) as Promise<Rect>;
}

async function previewQuestionArea(page: Page): Promise<Rect> {
  const frame = page.locator('iframe.cc-tablet-screen-frame');
  await frame.scrollIntoViewIfNeeded();
  const inFrame = (await page.evaluate(`(${QUESTION_AREA_ON_SCREEN.toString()})(document.querySelector('iframe.cc-tablet-screen-frame').contentWindow)`)) as Rect;
  const box = (await frame.boundingBox())!;
  // The frame's content is painted at a whole-pixel origin (its box snapped), the area inside it likewise.
  return { ...inFrame, x: Math.round(box.x) + Math.round(inFrame.x), y: Math.round(box.y) + Math.round(inFrame.y) };
}

const round = (r: Rect): Rect => ({ x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) });

/** Every track getUserMedia handed out on this page, kept so the test can ask whether it ended. */
const KEEP_TRACKS = `(() => {
  const md = navigator.mediaDevices;
  if (!md) return;
  const original = md.getUserMedia.bind(md);
  window.__tracks = [];
  md.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    window.__tracks.push(...stream.getTracks());
    return stream;
  };
})()`;
const trackStates = (page: Page) =>
  page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.map((t) => `${t.kind}:${t.readyState}`));

test('the preview and a real tablet show the same question area, pixel for pixel, at 1280×800 and 800×1280', async () => {
  const token = await teacherToken(server);
  const assignment = await publishAssignment(server, token, {
    title: 'Révisions de la semaine',
    instructionsMarkdown: 'Réponds à **toutes** les questions, puis rends ton devoir.\n\n- Relis la leçon\n- Prends ton temps',
    dueAt: '2030-06-12T15:00:00.000Z',
    questions: QUESTIONS,
  });
  const ines = server.school!.students[0]!;

  // The real tablet, with Inès signed in, on the assignment.
  const tablet = await newTablet(browser, server.url);
  await enrolTablet(tablet.page, server, 'Tablette 07');
  await signIn(tablet.page, ines);
  await tablet.page.locator(`a[href="/assignments/${assignment.id}"]`).click({ timeout: 30_000 });
  await expect.poll(() => tablet.page.locator('[data-question-area] textarea').count()).toBe(1);

  // The console, the teacher in the editor of the same assignment, the preview open.
  const { context, page } = await newTablet(browser, undefined, BIG_DESKTOP);
  const errors = pageErrors(page);
  await signInConsole(page, server.url, server.school!.teacher.login, server.school!.teacher.password);
  await page.goto(`${server.url}/console#/classes/${server.school!.classId}/assignments/${assignment.id}/edit`);
  await expect.poll(() => page.getByLabel('Titre').inputValue()).toBe('Révisions de la semaine');
  await page.getByRole('button', { name: 'Aperçu élève' }).click();
  const screen = page.frameLocator('iframe.cc-tablet-screen-frame');
  await expect.poll(() => screen.getByRole('heading', { level: 1, name: 'Révisions de la semaine' }).count()).toBe(1);

  // The tablet's look, not the console's: a 180 px text box, the tablet's 48 px blue-bordered buttons.
  expect(await screen.getByRole('textbox', { name: 'Ta réponse', exact: true }).evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThanOrEqual(180);
  expect(await screen.getByRole('button', { name: 'Prendre une photo' }).evaluate((el) => [getComputedStyle(el).minHeight, getComputedStyle(el).borderTopWidth])).toEqual(['48px', '2px']);

  for (const size of SIZES) {
    await tablet.page.setViewportSize(size);
    if (size.width < size.height) await page.getByRole('button', { name: 'Portrait 800 × 1280' }).click();
    const frameSize = await page.locator('iframe.cc-tablet-screen-frame').evaluate((el: HTMLIFrameElement) => [el.contentWindow!.innerWidth, el.contentWindow!.innerHeight]);
    expect(frameSize).toEqual([size.width, size.height]);
    // Shown at its real size (the console window is wide enough): no scaling blurs the comparison.
    expect(await page.locator('.cc-tablet-frame').evaluate((el: HTMLElement) => el.style.transform)).toBe('scale(1)');
    await page.waitForTimeout(200);

    const onTablet = round(await tabletQuestionArea(tablet.page));
    const inPreview = round(await previewQuestionArea(page));
    expect(inPreview.width).toBe(onTablet.width);
    const height = Math.min(onTablet.height, inPreview.height);
    expect(height).toBeGreaterThan(size.height / 2);
    const name = `${size.width}x${size.height}`;
    const a = readFileSync(await screenshot(tablet.page, `preview-compare-tablet-${name}`, { clip: { ...onTablet, height } }));
    // Where a fractional frame origin lands (rounded or floored) is Chromium's choice: the best of ±1 px.
    let diff = { width: 0, height: 0, differing: Infinity, ratio: Infinity };
    for (const dy of [0, -1, 1]) {
      const b = readFileSync(await screenshot(page, `preview-compare-console-${name}`, { clip: { ...inPreview, y: inPreview.y + dy, height } }));
      const d = await pixelDiff(browser, a, b);
      if (d.ratio < diff.ratio) diff = d;
      if (d.ratio === 0) break;
    }
    expect(diff.width * diff.height).toBe(onTablet.width * height);
    expect(diff.ratio, `${name}: ${diff.differing} pixels differ`).toBeLessThanOrEqual(0.01);
  }

  // Interactive, and still the tablet's: a choice ticked shows the tablet's « checked » look.
  await screen.getByLabel('Paris').check();
  await expect.poll(() => screen.locator('.choice.checked').count()).toBe(1);
  await screen.getByRole('button', { name: 'Rendre', exact: true }).click();
  await expect.poll(() => screen.getByRole('status').filter({ hasText: 'rien n’est rendu' }).count()).toBe(1);
  expect(await runAxe(page)).toEqual([]);
  expect(await smallTouchTargets(page)).toEqual([]);
  await screenshot(page, 'console-preview-portrait-1920x1500');
  expect(server.store.db.prepare('SELECT COUNT(*) FROM submissions WHERE assignment_id = ?').pluck().get(assignment.id)).toBe(0);
  // The tablet's « ← Retour » is « ← Fermer l’aperçu » here: the preview closes, focus back on its button.
  await screen.getByRole('button', { name: '← Fermer l’aperçu' }).click();
  await expect.poll(() => page.locator('iframe.cc-tablet-screen-frame').count()).toBe(0);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('cc-preview-toggle');
  expect(errors.filter((e) => !/401|Failed to load resource/.test(e))).toEqual([]);
  await context.close();
  await tablet.context.close();
});

test('a camera or a microphone opened in the preview stops when the preview closes or the teacher leaves', async () => {
  const token = await teacherToken(server);
  const assignment = await publishAssignment(server, token, { title: 'Oral et photo', instructionsMarkdown: '', dueAt: null, questions: ALL_KINDS });
  const { context, page } = await newTablet(browser, undefined, { viewport: { width: 1366, height: 768 }, hasTouch: false });
  await context.addInitScript(KEEP_TRACKS);
  await signInConsole(page, server.url, server.school!.teacher.login, server.school!.teacher.password);
  await page.goto(`${server.url}/console#/classes/${server.school!.classId}/assignments/${assignment.id}/edit`);
  const previewButton = page.getByRole('button', { name: 'Aperçu élève' });
  await previewButton.click();
  const screen = page.frameLocator('iframe.cc-tablet-screen-frame');

  // The camera, full screen inside the tablet's screen (not the console's window).
  await screen.getByRole('button', { name: 'Prendre une photo' }).click();
  const camera = screen.getByRole('dialog', { name: 'Aperçu de la caméra' });
  await expect.poll(() => camera.getByRole('button', { name: 'Déclencher' }).isEnabled(), { timeout: 15_000 }).toBe(true);
  expect(await trackStates(page)).toEqual(['video:live']);
  const frameBox = (await page.locator('iframe.cc-tablet-screen-frame').boundingBox())!;
  const cameraBox = (await camera.boundingBox())!;
  expect(Math.round(cameraBox.width)).toBe(Math.round(frameBox.width));
  await screenshot(page, 'console-preview-camera-1366x768');
  await previewButton.click(); // closes the preview
  await expect.poll(() => page.locator('iframe.cc-tablet-screen-frame').count()).toBe(0);
  await expect.poll(() => trackStates(page)).toEqual(['video:ended']);

  // The microphone, recording; then the teacher goes back to the list of assignments.
  await previewButton.click();
  await screen.getByRole('button', { name: 'Enregistrer' }).click();
  await expect.poll(() => screen.getByRole('button', { name: 'Arrêter' }).count(), { timeout: 15_000 }).toBe(1);
  expect(await trackStates(page)).toEqual(['video:ended', 'audio:live']);
  await page.goto(`${server.url}/console#/classes/${server.school!.classId}/assignments`);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Devoirs de 5e B');
  await expect.poll(() => trackStates(page)).toEqual(['video:ended', 'audio:ended']);
  expect(server.store.db.prepare('SELECT COUNT(*) FROM submissions WHERE assignment_id = ?').pluck().get(assignment.id)).toBe(0);
  await context.close();
});
