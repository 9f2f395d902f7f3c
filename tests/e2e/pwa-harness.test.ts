/**
 * The harness itself (every area's e2e tests rely on it): the seeded school signs in through
 * the real API, the tablet is a secure context with service workers, axe and long-task
 * collection run under the server's strict CSP, and the static headers reach the browser.
 */
import { expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectLongTasks, newTablet, runAxe, screenshot, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { existsSync } from 'node:fs';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

test('the seeded school signs in through the real API: teacher, device enrolment, student on the device', async () => {
  const school = server.school!;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  const teacher = await post('/api/auth/login', { login: school.teacher.login, password: school.teacher.password });
  expect(teacher.status).toBe(200);
  const wrong = await post('/api/auth/login', { login: school.teacher.login, password: 'nope' });
  expect(wrong.status).toBe(401);

  const student = school.students[0]!;
  const signIn = await post('/api/auth/student', { studentId: student.id, secret: student.secret }, { 'x-cartable-device': school.device.token });
  expect(signIn.status).toBe(200);
  expect(((await signIn.json()) as { student: { firstName: string } }).student.firstName).toBe(student.firstName);

  const enrol = await post('/api/devices/enrol', { code: school.enrolmentCode, name: 'Tablette e2e' });
  expect(enrol.status).toBe(201);
});

test('a tablet page: secure context with SW support, axe and long tasks run under the CSP, screenshots saved', async () => {
  const { context, page } = await newTablet(browser);
  const readLongTasks = await collectLongTasks(page);
  await page.goto(server.url);
  expect(await page.evaluate(() => window.isSecureContext && 'serviceWorker' in navigator)).toBe(true);
  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
  expect(Array.isArray(await runAxe(page))).toBe(true);
  const tasks = await readLongTasks();
  expect(tasks.count).toBeGreaterThanOrEqual(0);
  expect(tasks.maxMs).toBeGreaterThanOrEqual(0);
  expect(existsSync(await screenshot(page, 'pwa-harness-first-screen'))).toBe(true);

  // A page with a violation is reported (axe really runs, through the CSP).
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = '/icons/icon-192.png';
    document.body.append(img);
  });
  expect((await runAxe(page)).map((v) => v.id)).toContain('image-alt');
  await context.close();
});

test('static headers: immutable hashed assets, revalidated shell, SPA fallback for navigations only', async () => {
  const html = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
  expect(html.headers.get('cache-control')).toBe('no-cache');
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await html.text())?.[1];
  expect(asset).toBeDefined();
  expect((await fetch(`${server.url}${asset}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  const deep = await fetch(`${server.url}/lessons/abc`, { headers: { accept: 'text/html' } });
  expect(deep.status).toBe(200);
  expect(await deep.text()).toContain('<div id="app">');
  expect((await fetch(`${server.url}/api/nope`, { headers: { accept: 'text/html' } })).status).toBe(404);
});
