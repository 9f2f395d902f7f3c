/**
 * `npm run bench:shell` — is the student shell small and fast on a weak tablet?
 *
 * 1. Builds the app (production) and measures the student shell's INITIAL JavaScript: the
 *    entry module script of dist/index.html, its modulepreload links and every chunk they
 *    import statically (lazy `import()` chunks — console, lesson, markdown, media — excluded),
 *    gzip (level 6, what the server sends) and brotli. Budget: ≤ 50 KB gzip. Also lists the
 *    heaviest sources in the initial chunks, so a regression says where it comes from.
 * 2. The service worker's precache: the files and bytes a tablet downloads at install.
 * 3. Offline cold start: the app is opened once online (the tablet is enrolled through the
 *    enrolment screen when the UI has one), then with the network off, the server stopped and
 *    the service worker stopped, each run opens a new page with the CPU throttled 4× and times
 *    navigation start → first enabled control of the first screen rendered and the main thread
 *    free again. Median of RUNS runs. Target ≤ 1 s.
 * Results also go to bench/results/shell.json.
 */
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { startServer } from '../tests/e2e/e2e-server.ts';
import { launchBrowser, TABLET } from '../tests/e2e/e2e-browser.ts';
import { gzipSize as gz, initialScripts, SHELL_JS_BUDGET_GZIP as BUDGET_GZIP } from '../tests/e2e/shell-size.ts';

process.env.NODE_ENV = 'production';
const RUNS = Number(process.env.RUNS ?? 7);
const CPU_SLOWDOWN = 4;
const TARGET_COLD_START_MS = 1000;
/** SHELL_DIST=<dir>: measure an existing build instead of building (A/B comparisons). */
const prebuilt = process.env.SHELL_DIST ? resolve(process.env.SHELL_DIST) : null;
const outDir = prebuilt ?? resolve('.tmp/bench-shell/dist');

const br = (b: Buffer) => brotliCompressSync(b, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

interface ChunkInfo { fileName: string; modules?: Record<string, { renderedLength: number }> }

/** Production build through Vite's API (keeps per-module sizes for the breakdown). */
async function buildApp(): Promise<ChunkInfo[]> {
  if (prebuilt) return [];
  const { build } = await import('vite');
  const result = await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const outputs = (Array.isArray(result) ? result : [result]) as Array<{ output?: Array<ChunkInfo & { type: string }> }>;
  return outputs.flatMap((o) => o.output ?? []).filter((c) => c.type === 'chunk');
}

/** Sources grouped by package (node_modules) or by src/ folder, with their minified bytes. */
function heaviestSources(chunks: ChunkInfo[], files: string[]): Array<[string, number]> {
  const sizes = new Map<string, number>();
  for (const chunk of chunks.filter((c) => files.includes(c.fileName))) {
    for (const [id, m] of Object.entries(chunk.modules ?? {})) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1];
      const src = /\/(src\/[^/]+(?:\/[^/]+)?)\//.exec(id)?.[1] ?? /\/(src\/[^/]+)$/.exec(id)?.[1];
      const key = pkg ?? src ?? id.split('/').slice(-2).join('/');
      sizes.set(key, (sizes.get(key) ?? 0) + m.renderedLength);
    }
  }
  return [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 10);
}

function precache(): { entries: number; bytes: number; gzip: number } {
  const sw = readFileSync(join(outDir, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
  let bytes = 0;
  let gzip = 0;
  for (const url of urls) {
    const body = readFileSync(join(outDir, url));
    bytes += body.length;
    gzip += /\.(png|woff2|jpg|webp)$/.test(url) ? body.length : gz(body);
  }
  return { entries: urls.length, bytes, gzip };
}

/**
 * Runs in the page before its scripts: records when the first screen has an enabled control
 * and the main thread got back to the event loop. A string, not a function: tsx would wrap a
 * serialized function's inner functions in helpers that do not exist in the page.
 */
const WATCH_FIRST_SCREEN = `(() => {
  let busy = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) busy += e.duration; }).observe({ type: 'longtask', buffered: true });
  const selector = 'main :is(button:not([disabled]), a[href], input:not([disabled]), select, textarea)';
  let seen = false;
  const observer = new MutationObserver(() => {
    if (seen || !document.querySelector(selector)) return;
    seen = true;
    observer.disconnect();
    setTimeout(() => {
      const h1 = document.querySelector('main h1, h1');
      const nav = performance.getEntriesByType('navigation')[0] || {};
      window.__shellReady = { at: performance.now(), screen: h1 ? h1.textContent.trim() : '?',
        html: nav.responseEnd || 0, dcl: nav.domContentLoadedEventEnd || 0, busy };
    }, 0);
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

async function enrolIfAsked(page: Page, code: string) {
  const codeField = page.getByLabel('Code d’inscription');
  if (!(await codeField.isVisible().catch(() => false))) return;
  await codeField.fill(code);
  await page.getByRole('button', { name: /Inscrire/ }).click();
  await page.waitForFunction(() => !document.querySelector('#enrol-code'), undefined, { timeout: 20_000 });
}

interface Run { at: number; html: number; dcl: number; busy: number }

async function coldStarts(): Promise<{ runs: Run[]; screen: string }> {
  const server = await startServer({ staticDir: outDir, seedDemo: true });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext(TABLET);
    const first = await context.newPage();
    await first.goto(server.url);
    await first.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', undefined, { timeout: 30_000 });
    await first.waitForSelector('main h1', { timeout: 20_000 });
    await enrolIfAsked(first, server.school!.enrolmentCode);
    await first.waitForTimeout(500); // let the first screen settle its writes
    await first.close();
    await context.setOffline(true);
    await server.stop();

    const runs: Run[] = [];
    let screen = '?';
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers'); // a cold start: the SW must boot too
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await page.addInitScript(WATCH_FIRST_SCREEN);
      await page.goto(server.url);
      const ready = await page
        .waitForFunction(() => (window as unknown as { __shellReady?: { at: number; screen: string } }).__shellReady, undefined, { timeout: 30_000 })
        .catch(async (e: unknown) => {
          throw new Error(`the first screen never became interactive; page shows: ${(await page.locator('body').innerText()).slice(0, 300)}`, { cause: e });
        });
      const { screen: s, ...run } = (await ready.jsonValue()) as Run & { screen: string };
      runs.push(run);
      screen = s;
      await page.close();
    }
    await context.close();
    return { runs, screen };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const loadBefore = loadavg()[0]!;
const chunks = await buildApp();
const initial = initialScripts(outDir);
const perFile = initial.map((f) => {
  const body = readFileSync(join(outDir, f));
  return { file: f, raw: body.length, gzip: gz(body), brotli: br(body) };
});
const initialGzip = perFile.reduce((a, f) => a + f.gzip, 0);
const initialBrotli = perFile.reduce((a, f) => a + f.brotli, 0);
const lazyChunks = prebuilt ? NaN : chunks.filter((c) => !initial.includes(c.fileName)).length;
const pc = precache();
const cold = await coldStarts();
const coldMedian = median(cold.runs.map((r) => r.at));

console.log('\nStudent shell — initial JavaScript (entry + modulepreload + static imports)');
console.table(perFile.map((f) => ({ file: f.file, raw: kb(f.raw), gzip: kb(f.gzip), brotli: kb(f.brotli) })));
console.log('Heaviest sources in the initial chunks (rendered size: after tree-shaking, before minification)');
console.table(heaviestSources(chunks, initial).map(([source, bytes]) => ({ source, rendered: kb(bytes) })));
console.log('\nSummary');
console.table([
  { measure: 'initial JS (gzip)', value: kb(initialGzip), target: `≤ ${kb(BUDGET_GZIP)}`, ok: initialGzip <= BUDGET_GZIP ? 'yes' : 'NO' },
  { measure: 'initial JS (brotli)', value: kb(initialBrotli), target: '', ok: '' },
  { measure: 'lazy JS chunks', value: String(lazyChunks), target: '', ok: '' },
  { measure: 'precache', value: `${pc.entries} files, ${kb(pc.bytes)} (${kb(pc.gzip)} on the wire)`, target: '', ok: '' },
  {
    measure: `offline cold start, CPU ${CPU_SLOWDOWN}× (median of ${RUNS})`,
    value: `${Math.round(coldMedian)} ms → « ${cold.screen} »`,
    target: `≤ ${TARGET_COLD_START_MS} ms`,
    ok: coldMedian <= TARGET_COLD_START_MS ? 'yes' : 'NO',
  },
  { measure: '  of which: index.html from the SW (median)', value: `${Math.round(median(cold.runs.map((r) => r.html)))} ms`, target: '', ok: '' },
  { measure: '  of which: scripts run, DOMContentLoaded (median)', value: `${Math.round(median(cold.runs.map((r) => r.dcl)))} ms`, target: '', ok: '' },
  { measure: '  main thread busy in long tasks (median)', value: `${Math.round(median(cold.runs.map((r) => r.busy)))} ms`, target: 'the rest is waiting (IndexedDB, SW)', ok: '' },
  {
    measure: 'machine load (1-min average, before → after)',
    value: `${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
    target: 'timings are only meaningful on an idle machine',
    ok: '',
  },
  { measure: 'cold start runs (ms)', value: cold.runs.map((r) => Math.round(r.at)).join(', '), target: '', ok: '' },
]);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/shell.json',
  JSON.stringify({ at: new Date().toISOString(), initial: perFile, initialGzip, initialBrotli, precache: pc, coldStartRuns: cold.runs, coldStartMedianMs: coldMedian, screen: cold.screen, cpuSlowdown: CPU_SLOWDOWN }, null, 2),
);

