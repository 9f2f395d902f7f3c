/**
 * The student shell's initial JavaScript stays within budget (≤ 50 KB gzip), and the heavy
 * parts — the teacher console, Markdown, the screens after sign-in — stay in lazy chunks.
 * A size check on this run's build (no timing: timings live in `npm run bench:shell`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { e2eDist } from './harness.ts';
import { initialScriptSizes, SHELL_JS_BUDGET_GZIP } from './shell-size.ts';

test('initial JS of the student shell is within 50 KB gzip; console and Markdown are lazy', () => {
  const dist = e2eDist().v1;
  const initial = initialScriptSizes(dist);
  const total = initial.reduce((sum, f) => sum + f.gzip, 0);
  expect(initial.length).toBeGreaterThan(0);
  expect(total, `initial JS: ${initial.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KB`).join(', ')}`).toBeLessThanOrEqual(SHELL_JS_BUDGET_GZIP);

  // Lazy chunks exist for the console and for Markdown (marked + DOMPurify), and none is initial.
  const chunks = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const lazy = chunks.map((f) => `assets/${f}`).filter((f) => !initial.some((i) => i.file === f));
  const initialCode = initial.map((f) => readFileSync(join(dist, f.file), 'utf8')).join('\n');
  expect(lazy.length).toBeGreaterThan(0);
  // DOMPurify and marked announce themselves in their code; neither may be in the first download.
  expect(initialCode).not.toMatch(/DOMPurify|marked\(\)/);
  expect(lazy.map((f) => readFileSync(join(dist, f), 'utf8')).some((code) => code.includes('DOMPurify'))).toBe(true);
  expect(lazy.some((f) => /console/.test(f))).toBe(true);
});
