/**
 * What the student shell downloads before its first screen: the module script of
 * dist/index.html, its modulepreload links and every chunk they import statically
 * (lazy `import()` chunks excluded), with gzip sizes (level 6, what the server sends).
 * Shared by bench/shell-bench.ts and the budget test.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The student shell's JS budget: initial JavaScript ≤ 50 KB gzip. */
export const SHELL_JS_BUDGET_GZIP = 50 * 1024;

export const gzipSize = (bytes: Buffer): number => gzipSync(bytes, { level: 6 }).length;

/** The initial scripts of a build (paths relative to `distDir`, e.g. "assets/index-abc.js"). */
export function initialScripts(distDir: string): string[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const found = new Set<string>();
  const queue = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
  ].map((p) => p.replace(/^\//, ''));
  while (queue.length) {
    const file = queue.shift()!;
    if (found.has(file)) continue;
    found.add(file);
    const code = readFileSync(join(distDir, file), 'utf8');
    // Static imports only: `import … from "./x.js"` / `import "./x.js"`, never `import("./x.js")`.
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'`](\.\/[^"'`]+\.js)["'`]/g)) {
      queue.push(join(dirname(file), m[1]!));
    }
  }
  return [...found];
}

/** Each initial script with its raw and gzip sizes. */
export function initialScriptSizes(distDir: string): Array<{ file: string; raw: number; gzip: number }> {
  return initialScripts(distDir).map((file) => {
    const body = readFileSync(join(distDir, file));
    return { file, raw: body.length, gzip: gzipSize(body) };
  });
}
