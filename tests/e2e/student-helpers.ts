/**
 * Helpers for the student-app e2e tests: teacher content through the real REST API,
 * enrolment and sign-in through the real UI, screenshots in both tablet orientations.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { runAxe, screenshot, type E2EServer, type SeededSchool } from './harness.ts';
import type { Assignment, Lesson, Question } from '../../src/protocol/entities.ts';

type Student = SeededSchool['students'][number];

async function api<T>(server: E2EServer, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Signs the seeded teacher in; returns a bearer token. */
export async function teacherToken(server: E2EServer): Promise<string> {
  const school = server.school!;
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: school.teacher.login, password: school.teacher.password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** Creates and publishes a lesson for the seeded class; `image` (PNG bytes) is uploaded and shown in the body. */
export async function publishLesson(server: E2EServer, token: string, title: string, bodyMarkdown: string, image?: Buffer): Promise<Lesson> {
  const l = await api<Lesson>(server, token, 'POST', `/api/classes/${server.school!.classId}/lessons`, { title, bodyMarkdown });
  if (image) {
    const res = await fetch(`${server.url}/api/lessons/${l.id}/media?name=schema.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Uint8Array(image),
    });
    if (!res.ok) throw new Error(`media upload → ${res.status} ${await res.text()}`);
    const ref = (await res.json()) as { url: string };
    await api<Lesson>(server, token, 'PATCH', `/api/lessons/${l.id}`, { bodyMarkdown: `${bodyMarkdown}\n\n![Schéma de la leçon](${ref.url})` });
  }
  return api<Lesson>(server, token, 'POST', `/api/lessons/${l.id}/publish`, {});
}

/** GET as the teacher (JSON). */
export function teacherGet<T>(server: E2EServer, token: string, path: string): Promise<T> {
  return api<T>(server, token, 'GET', path);
}

/** Creates and publishes an assignment for the seeded class (or one group of it). */
export async function publishAssignment(
  server: E2EServer,
  token: string,
  input: { title: string; instructionsMarkdown: string; dueAt: string | null; questions: Question[]; subject?: string | null; resultPolicy?: 'immediate' | 'on_return' },
  groupId?: string,
): Promise<Assignment> {
  const a = await api<Assignment>(server, token, 'POST', `/api/classes/${server.school!.classId}/assignments`, input);
  return api<Assignment>(server, token, 'POST', `/api/assignments/${a.id}/publish`, groupId ? { groupId } : {});
}

/** Creates a group of the seeded class. */
export async function createGroup(server: E2EServer, token: string, name: string, studentIds: string[]): Promise<{ id: string }> {
  return api<{ id: string }>(server, token, 'POST', `/api/classes/${server.school!.classId}/groups`, { name, studentIds });
}

/** Any teacher call (JSON in, JSON out). */
export function teacherCall<T>(server: E2EServer, token: string, method: string, path: string, body?: unknown): Promise<T> {
  return api<T>(server, token, method, path, body);
}

/** The four question kinds, one of each. */
export const ALL_KINDS: Question[] = [
  { id: 'q-text', kind: 'text', prompt: 'Raconte ta journée en trois phrases.', points: 4 },
  {
    id: 'q-choice',
    kind: 'choice',
    prompt: 'Quelle est la capitale de la France ?',
    points: 2,
    choices: [
      { id: 'c-lyon', label: 'Lyon' },
      { id: 'c-paris', label: 'Paris' },
      { id: 'c-lille', label: 'Lille' },
    ],
  },
  { id: 'q-photo', kind: 'photo', prompt: 'Photographie ta figure de géométrie.', points: 4 },
  { id: 'q-audio', kind: 'audio', prompt: 'Lis le poème à voix haute.', points: 4, maxDurationSec: 60 },
];

/** First run on a fresh tablet: types the enrolment code and the tablet's name. */
export async function enrolTablet(page: Page, server: E2EServer, name = 'Tablette 12'): Promise<void> {
  await page.getByLabel('Code d’inscription').fill(server.school!.enrolmentCode);
  await page.getByLabel('Nom de la tablette').fill(name);
  await page.getByRole('button', { name: 'Inscrire la tablette' }).click();
  await page.getByRole('heading', { name: 'Qui es-tu ?' }).waitFor();
}

/** Types a secret on the PIN pad (touch). */
export async function typePin(page: Page, secret: string): Promise<void> {
  for (const d of secret) await page.locator('.pin-pad').getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Valider' }).click();
}

/** Taps the student's name, then types their secret; waits for the home screen. */
export async function signIn(page: Page, student: Student, secret = student.secret): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${student.firstName}`) }).click();
  await typePin(page, secret);
  await page.getByRole('heading', { name: 'Mon cartable', level: 1 }).waitFor();
}

/** Screenshots in landscape (1280×800) and portrait (800×1280), then back to landscape. */
export async function shootBoth(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1280x800`);
  await page.setViewportSize({ width: 800, height: 1280 });
  await page.waitForTimeout(100);
  await screenshot(page, `${name}-800x1280`);
  await page.setViewportSize({ width: 1280, height: 800 });
  // Back in landscape once the page has laid itself out again (its resize observers have run):
  // what the test measures next is the landscape screen, not one half-way through the turn.
  await afterTwoFrames(page);
}

/** Resolves once the page has drawn two frames: its layout, resize observers and re-renders are done. */
export const afterTwoFrames = (page: Page): Promise<unknown> => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** No serious or critical axe violation on the current screen. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await runAxe(page)).toEqual([]);
}

/** Every interactive element visible on screen is at least 44×44 px. */
export async function expectTouchTargets(page: Page): Promise<void> {
  const small = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('button, a, select, input:not([type=file]):not([type=radio]):not([type=checkbox]), textarea, label.choice, label.file-label span'))
      .filter((el) => el.offsetParent !== null && !el.classList.contains('skip-link'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(({ el, r }) => `${el.tagName.toLowerCase()}「${(el.textContent ?? '').trim().slice(0, 30)}」 ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
  expect(small).toEqual([]);
}

/** The tablet's own copies of its attachments, read from IndexedDB in the page: id → sha256 of the bytes, size, kind, upload state. */
export function localAttachments(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('cartable');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const rows = await new Promise<Array<{ id: string; kind: string; blob: Blob; deleted: boolean; upload: string; uploadedBytes: number }>>((ok, ko) => {
      const r = db.transaction('attachments').objectStore('attachments').getAll();
      r.onsuccess = () => ok(r.result as never);
      r.onerror = () => ko(r.error);
    });
    db.close();
    const out: Record<string, { sha256: string; size: number; kind: string; upload: string; uploadedBytes: number }> = {};
    for (const row of rows.filter((x) => !x.deleted)) {
      const digest = await crypto.subtle.digest('SHA-256', await row.blob.arrayBuffer());
      const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
      out[row.id] = { sha256, size: row.blob.size, kind: row.kind, upload: row.upload, uploadedBytes: row.uploadedBytes };
    }
    return out;
  });
}
