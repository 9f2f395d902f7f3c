/**
 * Capturing work on the tablet with the fake camera and microphone, in both orientations:
 * the camera fills the screen and « Déclencher » is inside the viewport (at 1280×800 it used
 * to sit below the fold) and takes the photo; a recording plays with its real length on the
 * tablet (MediaRecorder's WebM has none: players showed 0:00) and, once handed in, in the
 * teacher's console.
 */
import { expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { newTablet, pageErrors, runAxe, screenshot, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, publishAssignment, signIn, teacherGet, teacherToken } from './student-helpers.ts';
import { signInConsole } from './console-helpers.ts';
import type { SubmissionRow } from '../../src/protocol/console.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started), { fakeMedia: true });

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
];

/** Asserts `target`'s whole box is on screen (and a real touch target). */
async function expectInsideViewport(page: Page, target: Locator): Promise<void> {
  const box = await target.boundingBox();
  const vp = page.viewportSize()!;
  const inside = !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width && box.y + box.height <= vp.height && box.height >= 44 && box.width >= 44;
  expect(inside, `box ${JSON.stringify(box)} in viewport ${JSON.stringify(vp)}`).toBe(true);
}

/** The length the page's player knows for the recording (Infinity or NaN when the file has none). */
const playerDuration = (audio: Locator) => audio.evaluate((el: HTMLAudioElement) => el.duration);

test('the camera is full screen with « Déclencher » in view, in both orientations, and takes the photo', async () => {
  const token = await teacherToken(server);
  await publishAssignment(server, token, {
    title: 'Géométrie : ta figure',
    instructionsMarkdown: 'Trace un triangle, puis photographie-le.',
    dueAt: null,
    questions: [{ id: 'q-photo', kind: 'photo', prompt: 'Photographie ta figure.', points: 2 }],
  });
  for (const [i, viewport] of VIEWPORTS.entries()) {
    const student = server.school!.students[i]!;
    const { context, page } = await newTablet(browser, server.url, { viewport });
    const errors = pageErrors(page);
    await enrolTablet(page, server, `Tablette ${20 + i}`);
    await signIn(page, student);
    await page.getByRole('link', { name: /Géométrie : ta figure/ }).click({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Prendre une photo' }).click();

    const camera = page.getByRole('dialog', { name: 'Aperçu de la caméra' });
    await camera.waitFor();
    const shutter = camera.getByRole('button', { name: 'Déclencher' });
    await expect.poll(() => shutter.isEnabled(), { timeout: 15_000 }).toBe(true);
    // The camera's picture is showing, the layer covers the screen, and the button is in view.
    await expect.poll(() => page.locator('.camera video').evaluate((v: HTMLVideoElement) => v.videoWidth > 0)).toBe(true);
    const layer = await camera.boundingBox();
    expect(layer).toEqual({ x: 0, y: 0, width: viewport.width, height: viewport.height });
    await expectInsideViewport(page, shutter);
    await expectInsideViewport(page, camera.getByRole('button', { name: 'Annuler' }));
    // The keyboard is on the shutter and stays in the layer.
    await expect.poll(() => shutter.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await camera.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Tab');
    expect(await shutter.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await runAxe(page)).toEqual([]);
    await screenshot(page, `student-camera-${viewport.width}x${viewport.height}`);

    await shutter.click();
    await page.getByRole('img', { name: 'Ta photo 1' }).waitFor({ timeout: 30_000 });
    expect(await camera.count()).toBe(0);
    await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');

    // Escape closes the camera and keeps the photo.
    await page.getByRole('button', { name: 'Prendre une photo' }).click();
    await camera.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => camera.count()).toBe(0);
    expect(await page.getByRole('img', { name: 'Ta photo 1' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }
});

test('a recording plays with its real length on the tablet and in the teacher’s console', async () => {
  const token = await teacherToken(server);
  const assignment = await publishAssignment(server, token, {
    title: 'Oral : le poème',
    instructionsMarkdown: 'Lis le poème à voix haute.',
    dueAt: null,
    questions: [{ id: 'q-audio', kind: 'audio', prompt: 'Lis la première strophe.', points: 4, maxDurationSec: 60 }],
  });
  const ines = server.school!.students[2]!;
  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server, 'Tablette 30');
  await signIn(page, ines);
  await page.getByRole('link', { name: /Oral : le poème/ }).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  // Waits on the recorder's own clock, not on a fixed sleep: at least 3 s recorded.
  await page.getByText(/Enregistrement… [3-9] s sur 60 s/).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Arrêter' }).click();
  const audio = page.locator('audio');
  await audio.waitFor();
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Enregistré sur la tablette');
  // The file itself says how long it is: the player knows it before playing (not Infinity, not 0).
  // (The element is drawn again when the saved recording comes back from IndexedDB: one reading per poll.)
  let onTablet = Number.NaN;
  await expect.poll(async () => {
    onTablet = await playerDuration(audio);
    return Number.isFinite(onTablet) && onTablet >= 2.5 && onTablet < 60;
  }, { timeout: 15_000 }).toBe(true);
  await screenshot(page, 'student-recording-1280x800');

  await page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await page.getByRole('button', { name: 'Oui, rendre' }).click();
  await page.getByText(/^Reçu le /).waitFor({ timeout: 60_000 });
  await context.close();

  // The teacher's console plays the file the server holds, with the same length.
  const rows = await teacherGet<SubmissionRow[]>(server, token, `/api/assignments/${assignment.id}/submissions`);
  const sub = rows.find((r) => r.student.id === ines.id)!.submission!;
  const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  const consolePage = await consoleContext.newPage();
  await signInConsole(consolePage, server.url, server.school!.teacher.login, server.school!.teacher.password);
  await consolePage.goto(`${server.url}/console#/classes/${server.school!.classId}/assignments/${assignment.id}/submissions/${sub.id}`);
  const player = consolePage.getByRole('figure').locator('audio');
  await player.waitFor({ timeout: 30_000 });
  await expect.poll(() => playerDuration(player), { timeout: 15_000 }).toBeCloseTo(onTablet, 1); // finite: Infinity is not close
  await screenshot(consolePage, 'console-recording-1280x800');
  await consoleContext.close();
});
