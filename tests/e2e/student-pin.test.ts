/**
 * The PIN pad knows how long the pupil's code is (the student card's secretLength): one box per
 * digit, « Valider » exactly when every box is filled, no digit past the last box — by touch
 * and by keyboard. A pupil whose code is 6 digits gets 6 boxes. Both orientations, axe clean.
 */
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newTablet, runAxe, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet, expectTouchTargets, shootBoth } from './student-helpers.ts';
import { apiAs } from './console-helpers.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

const boxes = (page: Page) => page.locator('.pin-boxes span');
const filled = (page: Page) => page.locator('.pin-boxes span.filled');
const tap = (page: Page, d: string) => page.locator('.pin-pad').getByRole('button', { name: d, exact: true }).click();

test('four boxes for a 4-digit code, « Valider » only when they are filled, then signed in', async () => {
  const ines = server.school!.students[0]!;
  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server);
  await page.getByRole('button', { name: new RegExp(`^${ines.firstName}`) }).click();
  const ok = page.getByRole('button', { name: 'Valider' });
  await expect.poll(() => boxes(page).count()).toBe(ines.secret.length);
  expect(await ok.isDisabled()).toBe(true);
  for (const [i, d] of [...ines.secret.slice(0, -1)].entries()) {
    await tap(page, d);
    await expect.poll(() => filled(page).count()).toBe(i + 1);
    expect(await ok.isDisabled(), `after ${i + 1} digit(s)`).toBe(true);
  }
  expect(await page.getByText(`Chiffres tapés : ${ines.secret.length - 1} sur ${ines.secret.length}`).count()).toBe(1);
  expect(await runAxe(page)).toEqual([]);
  await expectTouchTargets(page);
  await shootBoth(page, 'student-pin-partial');
  await tap(page, ines.secret.at(-1)!);
  await expect.poll(() => ok.isEnabled()).toBe(true);
  // A fifth digit has no box: it is not taken.
  await tap(page, '9');
  expect(await filled(page).count()).toBe(ines.secret.length);
  await ok.click();
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
  await context.close();
});

test('a 6-digit code gets six boxes; Enter signs in only when complete (keyboard)', async () => {
  const noah = server.school!.students[1]!;
  const it = await apiAs(server.url, server.school!.it.login, server.school!.it.password);
  await it('PATCH', `/api/students/${noah.id}`, { secret: '246813' });
  const { context, page } = await newTablet(browser, server.url);
  await enrolTablet(page, server, 'Tablette 13');
  await page.getByRole('button', { name: new RegExp(`^${noah.firstName}`) }).click();
  await expect.poll(() => boxes(page).count()).toBe(6);
  await page.keyboard.type('2468');
  await expect.poll(() => filled(page).count()).toBe(4);
  await page.keyboard.press('Enter'); // incomplete: nothing is sent, no wrong guess counted
  expect(await page.getByText('Ce code n’est pas le bon').count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Valider' }).isDisabled()).toBe(true);
  await page.keyboard.type('13');
  await expect.poll(() => filled(page).count()).toBe(6);
  await shootBoth(page, 'student-pin-six');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
  await context.close();
});
