/**
 * Images full screen: a lesson's picture and the pupil's own photo open full screen, whole;
 * zoom with « + » / « − » (keys and buttons) and with two fingers (real touch events through the
 * DevTools protocol) around the point between them — only the picture zooms, never the page —
 * move with one finger, keep the middle of what was shown when the tablet turns, keep the keyboard inside, close with Escape and give the focus back to
 * what opened them. Both orientations, axe clean.
 */
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { newTablet, pageErrors, runAxe, screenshot, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { afterTwoFrames, enrolTablet, publishAssignment, publishLesson, shootBoth, signIn, teacherToken } from './student-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const zoomOf = (page: Page, name: string) => page.getByRole('dialog', { name }).getByRole('img', { name }).getAttribute('data-zoom');

type Finger = { x: number; y: number };
/** Two fingers (or one) on the touch screen, moved together from `from` to `to` in `steps`, then lifted. */
async function touchGesture(page: Page, from: Finger[], to: Finger[], steps = 8) {
  const cdp = await page.context().newCDPSession(page);
  const at = (k: number) => from.map((f, i) => ({ x: f.x + ((to[i]!.x - f.x) * k) / steps, y: f.y + ((to[i]!.y - f.y) * k) / steps, id: i }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let k = 1; k <= steps; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(k) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** The picture's box on screen and the page's own zoom (1: the browser did not zoom the page). */
const pictureBox = (page: Page, name: string) =>
  page.getByRole('dialog', { name }).getByRole('img', { name }).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height, pageZoom: window.visualViewport?.scale ?? 1 };
  });

/** The picture's point in the middle of the viewer's stage, as fractions of the picture. */
const middleOfScreen = (page: Page, name: string) =>
  page.getByRole('dialog', { name }).evaluate((dialog) => {
    const stage = dialog.querySelector('.image-viewer-stage')!.getBoundingClientRect();
    const pic = dialog.querySelector('.image-viewer-stage img')!.getBoundingClientRect();
    return { x: (stage.x + stage.width / 2 - pic.x) / pic.width, y: (stage.y + stage.height / 2 - pic.y) / pic.height };
  });
const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y));

test('a lesson picture opens full screen, zooms with the keys, traps the focus and gives it back', async () => {
  const token = await teacherToken(server);
  const png = readFileSync('public/icons/icon-192.png');
  await publishLesson(server, token, 'Le cycle de l’eau', 'Regarde le schéma.', png);
  const { context, page } = await newTablet(browser, server.url);
  const errors = pageErrors(page);
  await enrolTablet(page, server);
  await signIn(page, server.school!.students[0]!);
  await page.getByRole('link', { name: /Le cycle de l’eau/ }).first().click({ timeout: 30_000 }); // .first(): a retry publishes it again
  const picture = page.locator('.markdown').getByRole('img', { name: 'Schéma de la leçon' });
  await picture.waitFor();
  // Not described by the teacher: the lesson's documents call it « Image 1 », never « schema.png ».
  await page.getByRole('button', { name: 'Voir en grand : Image 1' }).waitFor();
  expect(await page.locator('main').getByText(/schema\.png/).count()).toBe(0);
  await picture.focus();
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog', { name: 'Schéma de la leçon' });
  await viewer.waitFor();
  expect(await viewer.boundingBox()).toEqual({ x: 0, y: 0, ...page.viewportSize()! });
  expect(await zoomOf(page, 'Schéma de la leçon')).toBe('1');
  // Whole and centred at first: the square picture fills the height under the bar.
  const whole = await pictureBox(page, 'Schéma de la leçon');
  const stage = (await viewer.locator('.image-viewer-stage').boundingBox())!;
  expect(Math.round(whole.height)).toBe(Math.round(stage.height));
  expect(Math.abs(whole.x + whole.width / 2 - (stage.x + stage.width / 2))).toBeLessThan(2);

  // Two fingers apart, left of the middle: the picture grows around them, the page does not zoom.
  const mid = { x: stage.x + stage.width / 2 - 100, y: stage.y + stage.height / 2 };
  const under = { x: (mid.x - whole.x) / whole.width, y: (mid.y - whole.y) / whole.height };
  await touchGesture(page, [{ x: mid.x - 40, y: mid.y }, { x: mid.x + 40, y: mid.y }], [{ x: mid.x - 120, y: mid.y }, { x: mid.x + 120, y: mid.y }]);
  // 80 px apart → 240 px apart: three times bigger (the last move's render, not one on the way).
  await expect.poll(() => zoomOf(page, 'Schéma de la leçon')).toBe('3');
  const pinched = await pictureBox(page, 'Schéma de la leçon');
  expect(pinched.pageZoom).toBe(1);
  expect(pinched.width / whole.width).toBeCloseTo(Number(await zoomOf(page, 'Schéma de la leçon')), 1);
  // The point that was between the fingers is still between them (within a few pixels).
  expect(Math.abs(pinched.x + under.x * pinched.width - mid.x)).toBeLessThan(6);
  expect(Math.abs(pinched.y + under.y * pinched.height - mid.y)).toBeLessThan(6);
  // The tablet turned, and turned back: what was in the middle of the screen is in the middle again.
  const seen = await middleOfScreen(page, 'Schéma de la leçon');
  await screenshot(page, 'student-image-pinched-1280x800');
  await page.setViewportSize({ width: 800, height: 1280 });
  await expect.poll(async () => distance(await middleOfScreen(page, 'Schéma de la leçon'), seen)).toBeLessThan(0.01);
  expect(Number(await zoomOf(page, 'Schéma de la leçon'))).toBe(3);
  await screenshot(page, 'student-image-pinched-800x1280');
  await page.setViewportSize({ width: 1280, height: 800 });
  const offBy = async () => { const back = await pictureBox(page, 'Schéma de la leçon'); return Math.max(Math.abs(back.x - pinched.x), Math.abs(back.y - pinched.y), Math.abs(back.width - pinched.width)); };
  await expect.poll(offBy).toBeLessThan(2);
  // A passing layout with no room for the picture (the screen squeezed for a moment): nothing is lost.
  await page.setViewportSize({ width: 1280, height: 40 });
  await expect.poll(() => viewer.locator('.image-viewer-stage').evaluate((el) => el.clientHeight)).toBe(0);
  await afterTwoFrames(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(offBy).toBeLessThan(2);
  // One finger moves it.
  const before = await pictureBox(page, 'Schéma de la leçon');
  await touchGesture(page, [{ x: mid.x, y: mid.y }], [{ x: mid.x + 150, y: mid.y + 60 }]);
  await expect.poll(async () => { const moved = await pictureBox(page, 'Schéma de la leçon'); return [Math.round(moved.x - before.x), Math.round(moved.y - before.y)]; }).toEqual([150, 60]);
  expect(await zoomOf(page, 'Schéma de la leçon')).toBe('3');
  // Fingers together: back to the whole picture, never smaller.
  await touchGesture(page, [{ x: mid.x - 200, y: mid.y }, { x: mid.x + 200, y: mid.y }], [{ x: mid.x - 10, y: mid.y }, { x: mid.x + 10, y: mid.y }]);
  await expect.poll(() => zoomOf(page, 'Schéma de la leçon')).toBe('1');
  expect(Math.round((await pictureBox(page, 'Schéma de la leçon')).width)).toBe(Math.round(whole.width));

  await page.keyboard.press('+');
  await expect.poll(() => zoomOf(page, 'Schéma de la leçon')).toBe('1.5');
  await page.keyboard.press('+');
  await expect.poll(() => zoomOf(page, 'Schéma de la leçon')).toBe('2');
  await page.keyboard.press('-');
  await expect.poll(() => zoomOf(page, 'Schéma de la leçon')).toBe('1.5');
  await viewer.getByRole('button', { name: 'Agrandir' }).click();
  await expect.poll(() => zoomOf(page, 'Schéma de la leçon')).toBe('2');
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(await viewer.evaluate((el) => el.contains(document.activeElement)), `Tab ${i + 1}`).toBe(true);
  }
  expect(await runAxe(page)).toEqual([]);
  await shootBoth(page, 'student-image-viewer');
  await page.keyboard.press('Escape');
  await expect.poll(() => viewer.count()).toBe(0);
  expect(await picture.evaluate((el) => el === document.activeElement)).toBe(true);
  // A tap opens it too.
  await picture.click();
  await viewer.getByRole('button', { name: 'Fermer' }).click();
  await expect.poll(() => viewer.count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
});

test('the pupil’s own photo opens full screen from « Voir en grand » and closes with Escape', async () => {
  const token = await teacherToken(server);
  await publishAssignment(server, token, {
    title: 'Photo du cahier',
    instructionsMarkdown: 'Photographie ta page.',
    dueAt: null,
    questions: [{ id: 'q-photo', kind: 'photo', prompt: 'Ta page.', points: 2 }],
  });
  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server, 'Tablette 14');
  await signIn(page, server.school!.students[1]!);
  await page.getByRole('link', { name: /Photo du cahier/ }).click({ timeout: 30_000 });
  await page.locator('input[type=file]').setInputFiles({ name: 'page.png', mimeType: 'image/png', buffer: readFileSync('public/icons/icon-512.png') });
  await page.getByRole('img', { name: 'Ta photo 1' }).waitFor({ timeout: 30_000 });
  const open = page.getByRole('button', { name: 'Voir en grand : Ta photo 1' });
  await open.click();
  const viewer = page.getByRole('dialog', { name: 'Ta photo 1' });
  await viewer.waitFor();
  // The keys act once the viewer holds the focus (it takes it as it opens).
  await expect.poll(() => viewer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('+');
  await expect.poll(() => zoomOf(page, 'Ta photo 1')).toBe('1.5');
  expect(await runAxe(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect.poll(() => viewer.count()).toBe(0);
  expect(await open.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await page.getByRole('img', { name: 'Ta photo 1' }).count()).toBe(1);
  await context.close();
});
