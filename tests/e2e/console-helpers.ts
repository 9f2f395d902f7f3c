/**
 * Helpers for the console's e2e tests: sign in through the console's own form, call the
 * API as a teacher from Node, make a real JPEG in the browser, and read a PDF's pages
 * (pdfjs-dist: page count and the text of each page).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './harness.ts';

/**
 * Opens the console and signs in with the form (French labels). `settled`: waits for the page
 * to be idle before typing (under load a click before the script runs is lost), and a page
 * still signed in (a retry of the test) is left as it is.
 */
export async function signInConsole(page: Page, baseUrl: string, login: string, password: string, opts: { settled?: boolean } = {}): Promise<void> {
  await page.goto(`${baseUrl}/console`, opts.settled ? { waitUntil: 'networkidle' } : {});
  if (opts.settled && !(await page.getByLabel('Identifiant').count())) return;
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  // The password hash (scrypt) may take seconds on a busy machine: more than the poll's default second.
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toBe('Choisir une classe');
}

/** The console on a teacher's desktop browser (the kit's mini-PC). */
export const CONSOLE_DESKTOP = { viewport: { width: 1280, height: 900 }, hasTouch: false, isMobile: false };

/** The class screen's « Tout est synchronisé » flag: 'true', 'false' (or null before it is shown). */
export const allSyncedFlag = (page: Page) => page.locator('[data-all-synced]').getAttribute('data-all-synced');

/** A small API client for setting the scene from Node (as a teacher or the IT referent). */
export async function apiAs(baseUrl: string, login: string, password: string) {
  const r = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (!r.ok) throw new Error(`login ${login}: ${r.status}`);
  const { token } = (await r.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}

/** A real JPEG (a drawn "sheet of paper"), made by the browser's canvas. */
export async function makeJpeg(page: Page, label: string): Promise<Buffer> {
  const b64 = await page.evaluate(async (text) => {
    const c = document.createElement('canvas');
    c.width = 600;
    c.height = 800;
    const g = c.getContext('2d')!;
    g.fillStyle = '#fdfdf8';
    g.fillRect(0, 0, 600, 800);
    g.fillStyle = '#1a237e';
    g.font = '32px sans-serif';
    g.fillText(text, 40, 80);
    for (let y = 140; y < 780; y += 40) g.fillRect(40, y, 520, 1);
    const blob = await new Promise<Blob>((done) => c.toBlob((b) => done(b!), 'image/jpeg', 0.8));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const byte of bytes) s += String.fromCharCode(byte);
    return btoa(s);
  }, label);
  return Buffer.from(b64, 'base64');
}

/** Node 20 lacks Promise.withResolvers, which pdfjs-dist uses. */
function polyfillWithResolvers() {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
}

/** The text of each page of a PDF (one string per page). */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  polyfillWithResolvers();
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await doc.cleanup();
  return pages;
}

/** Counts `/Type /Page` objects in the raw PDF (independent of pdfjs). */
export const rawPageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

/** Interactive elements visible on screen smaller than 44×44 px (touch targets), as readable strings. */
export function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('button, a, select, input:not([type=file]):not([type=radio]):not([type=checkbox]), textarea'))
      .filter((el) => el.offsetParent !== null && !el.classList.contains('cc-skip') && !el.closest('.cc-markdown, .cc-tablet-frame, .cc-paper-pages'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(({ el, r }) => `${el.tagName.toLowerCase()}「${(el.textContent ?? '').trim().slice(0, 30)}」 ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

/** The two screens a console is reviewed on: a school laptop and a staff-room monitor. */
export const CONSOLE_SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/**
 * Full-page screenshots of the current console screen at 1366×768 and at 1920×1080
 * (tests/e2e/screenshots/<name>-1366x768.png, …-1920x1080.png), then the window as it was.
 */
export async function shootConsole(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of CONSOLE_SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150); // the layout settles (the preview's scale follows the width)
    await screenshot(page, `${name}-${size.width}x${size.height}`);
  }
  if (before) await page.setViewportSize(before);
}
