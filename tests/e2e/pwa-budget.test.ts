/**
 * The student's first screen stays within budget: every script the page fetches to show it
 * (the entry, its static imports AND the lazy chunk of that screen — enrolment on a new
 * tablet, sign-in on an enrolled one) ≤ 50 KB gzip, measured in real Chromium on this run's
 * build. The heavy parts — the teacher console, Markdown, the screens after sign-in — stay
 * in lazy chunks. A size check (no timing: timings live in `npm run bench:shell`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eDist, newTablet, type E2EServer, useDemoServerAndBrowser } from './harness.ts';
import { enrolTablet } from './student-helpers.ts';
import { gzipSize, initialScripts, SHELL_JS_BUDGET_GZIP } from './shell-size.ts';

let server: E2EServer;
let browser: Browser;
useDemoServerAndBrowser((started) => ({ server, browser } = started));

/** Runs before the app: notes when the first screen's heading enters the page. */
const NOTE_FIRST_HEADING = `new MutationObserver((_, obs) => {
  if (document.querySelector('main h1')) { window.__shownAt = performance.now(); obs.disconnect(); }
}).observe(document, { childList: true, subtree: true });`;

/** The page's scripts (not the workers') requested before its first screen showed, as build files. */
async function scriptsBeforeFirstScreen(page: Page): Promise<string[]> {
  const urls = await page.evaluate(() => {
    const shownAt = (window as unknown as { __shownAt: number }).__shownAt;
    return performance.getEntriesByType('resource').filter((e) => e.startTime <= shownAt && /\.js$/.test(new URL(e.name).pathname)).map((e) => e.name);
  });
  return [...new Set(urls.map((u) => new URL(u).pathname.replace(/^\//, '')))];
}

const gzipOf = (files: string[]) => files.reduce((n, f) => n + gzipSize(readFileSync(join(e2eDist().v1, f))), 0);
const describeFiles = (files: string[]) => files.map((f) => `${f} ${(gzipSize(readFileSync(join(e2eDist().v1, f))) / 1024).toFixed(1)} KB`).join(', ');

test('every script fetched to show the first screen (enrolment, then sign-in) is within 50 KB gzip', async () => {
  const { context, page } = await newTablet(browser);
  await context.addInitScript(NOTE_FIRST_HEADING);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Installer cette tablette' }).waitFor();
  const enrol = await scriptsBeforeFirstScreen(page);
  console.log(`first screen (enrolment): ${(gzipOf(enrol) / 1024).toFixed(1)} KB gzip — ${describeFiles(enrol)}`);
  expect(enrol.some((f) => /enrol-screen/.test(f)), 'the enrolment chunk is counted').toBe(true);
  expect(gzipOf(enrol), describeFiles(enrol)).toBeLessThanOrEqual(SHELL_JS_BUDGET_GZIP);
  await enrolTablet(page, server);
  await page.waitForLoadState('networkidle');

  // An enrolled tablet opened again: the sign-in screen (served by the service worker or the network alike).
  const again = await context.newPage();
  await again.goto(server.url);
  await again.getByRole('heading', { name: 'Qui es-tu ?' }).waitFor();
  const signIn = await scriptsBeforeFirstScreen(again);
  console.log(`first screen (sign-in): ${(gzipOf(signIn) / 1024).toFixed(1)} KB gzip — ${describeFiles(signIn)}`);
  expect(signIn.some((f) => /sign-in/.test(f)), 'the sign-in chunk is counted').toBe(true);
  expect(gzipOf(signIn), describeFiles(signIn)).toBeLessThanOrEqual(SHELL_JS_BUDGET_GZIP);
  await context.close();
});

test('console and Markdown are lazy chunks, never in the first download', () => {
  const dist = e2eDist().v1;
  const initial = initialScripts(dist);
  const chunks = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const lazy = chunks.map((f) => `assets/${f}`).filter((f) => !initial.includes(f));
  const initialCode = initial.map((f) => readFileSync(join(dist, f), 'utf8')).join('\n');
  expect(lazy.length).toBeGreaterThan(0);
  // DOMPurify and marked announce themselves in their code; neither may be in the first download.
  expect(initialCode).not.toMatch(/DOMPurify|marked\(\)/);
  expect(lazy.map((f) => readFileSync(join(dist, f), 'utf8')).some((code) => code.includes('DOMPurify'))).toBe(true);
  expect(lazy.some((f) => /console/.test(f))).toBe(true);
});
