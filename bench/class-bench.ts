/**
 * `npm run bench:class` — a class of 15 tablets on ONE hotspot (tests/helpers/shared-link.ts:
 * 3 Mbit/s up, 12 down, 60 ms round trip, one queue per direction for all of them). Each
 * pupil hands in a text answer and 2 real photos (compressed by the app's own worker in
 * Chromium from generated 12 MP page photos, ~115 KB each) with the product's sync engine and
 * tus uploader (Node, fake-indexeddb); all 15 sync at once. Then the teacher returns all 15
 * copies and every tablet syncs at once again to receive them. The server is the real server
 * process (`node --import tsx server/main.ts`, SQLite), and the link runs in a process of its
 * own (tests/helpers/chaos-proxy-process.ts) so the busy bench process cannot idle it.
 * Prints, per phase: bytes over the link, the limit (one round trip + the busier direction's
 * bytes ÷ its bandwidth), the time, their ratio (target ≤ 1.10×), and when the first and the
 * last pupil were done. RUNS (3; SHORT=1: 1) classes, medians.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { chromium } from 'playwright-core';
import { startServerProcess } from '../tests/unit/server/console/server-process.ts';
import { startProxyProcess } from '../tests/helpers/chaos-proxy-process.ts';
import { startTestApp } from '../tests/helpers/test-app.ts';
import { buildMediaPage, CHROMIUM_ARGS } from '../tests/e2e/media-page/build-media-page.ts';
import { CartableDb } from '../src/db/schema.ts';
import { loadAttachmentUploader } from '../src/sync/worker/attachment-uploads.ts';
import { TabletCore } from '../tests/faults/tablet-core.ts';
import { seedFaultSchool, TEACHER } from '../tests/faults/fault-school.ts';
import { HOTSPOT } from '../tests/faults/options.ts';
import { loadWatch, median, SHORT, table } from './bench-util.ts';

const RUNS = Number(process.env.RUNS ?? (SHORT ? 1 : 3));
const TABLETS = 15;

/** Two real photos as the app makes them: generated 12 MP page photos through the app's compression worker. */
async function realPhotos(): Promise<{ bytes: Uint8Array; mime: string }[]> {
  const app = await startTestApp({ staticDir: await buildMediaPage() });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${await app.listen()}/index.html`);
    await page.waitForSelector('body[data-ready="true"]');
    const out = [];
    for (const o of [{ noise: 1.5, quality: 0.96 }, { noise: 6, shadow: 0.6, perspective: 0.04, quality: 0.92 }]) {
      const r = await page.evaluate(async (opts) => {
        const c = await window.media.compressPhoto(await window.media.makePagePhoto(opts));
        const b = new Uint8Array(await c.blob.arrayBuffer());
        let bin = '';
        for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
        return { base64: btoa(bin), mime: c.mime };
      }, o);
      out.push({ bytes: new Uint8Array(Buffer.from(r.base64, 'base64')), mime: r.mime });
    }
    return out;
  } finally {
    await browser.close();
    await app.close();
  }
}

interface Phase { bytesUp: number; bytesDown: number; limitMs: number; ms: number; firstMs: number; lastMs: number }

async function oneClass(photos: { bytes: Uint8Array; mime: string }[]): Promise<{ handIn: Phase; returned: Phase }> {
  const root = mkdtempSync(join(tmpdir(), 'cartable-class-bench-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  mkdirSync(join(root, 'no-build'));
  const school = await seedFaultSchool(dataDir, { tablets: TABLETS, pupilsPerTablet: 1, assignmentsPerClass: 1 });
  const server = await startServerProcess({ DATA_DIR: dataDir, DEMO: '0', STATIC_DIR: join(root, 'no-build') }, 120_000);
  // The link in a process of its own: this one runs 15 tablets, and must not make it idle.
  const proxy = await startProxyProcess(server.url, HOTSPOT);
  const uploader = await loadAttachmentUploader();
  try {
    const tablets = await Promise.all(school.tablets.map(async (seed) => {
      const factory = new IDBFactory();
      const core = new TabletCore(() => new CartableDb(`class-${seed.deviceId}`, { indexedDB: factory, IDBKeyRange }), proxy.url, uploader);
      await core.enrol(seed);
      return { core, pupil: seed.pupils[0]!, assignment: school.assignments[seed.pupils[0]!.classId]![0]! };
    }));
    // Before the lesson: every tablet has the class's content (not measured).
    await Promise.all(tablets.map((t) => t.core.cycle(120_000)));
    for (const t of tablets) {
      await t.core.saveText(t.pupil.studentId, t.assignment, 'J’ai mesuré la longueur du couloir : 12,5 m. Mon schéma est sur la photo, le calcul sur la deuxième.');
      for (const p of photos) await t.core.addPhoto(t.pupil.studentId, t.assignment.id, 0, 0, p);
      await t.core.submit(t.pupil.studentId, t.assignment.id);
    }

    /** Every tablet syncs at once, again until `done`; when each was done (ms from the start). */
    const phase = async (done: (t: (typeof tablets)[number]) => Promise<boolean>): Promise<Phase> => {
      const before = await proxy.bytes();
      const t0 = performance.now();
      const finished = await Promise.all(tablets.map(async (t) => {
        for (let i = 0; i < 20; i++) {
          const r = await t.core.cycle(300_000);
          if (r.ok && (await done(t))) return performance.now() - t0;
        }
        throw new Error('a tablet never finished');
      }));
      const ms = performance.now() - t0;
      const after = await proxy.bytes();
      const bytesUp = after.up - before.up, bytesDown = after.down - before.down;
      const limitMs = HOTSPOT.rttMs + Math.max((bytesUp * 8 * 1000) / HOTSPOT.upBitsPerSec, (bytesDown * 8 * 1000) / HOTSPOT.downBitsPerSec);
      return { bytesUp, bytesDown, limitMs, ms, firstMs: Math.min(...finished), lastMs: Math.max(...finished) };
    };
    const handIn = await phase(async (t) => (await t.core.db.outbox.count()) === 0 && (await t.core.db.attachments.where('upload').notEqual('uploaded').count()) === 0);

    // The teacher returns every copy (on the school network, not through the hotspot).
    const call = async (method: string, path: string, token: string | null, body?: unknown) => {
      const r = await fetch(`${server.url}${path}`, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status}`);
      return r.json() as Promise<unknown>;
    };
    const token = ((await call('POST', '/api/auth/login', null, TEACHER)) as { token: string }).token;
    for (const list of Object.values(school.assignments)) {
      for (const rows = (await call('GET', `/api/assignments/${list[0]!.id}/submissions`, token)) as { submission: { id: string } | null }[]; rows.length;) {
        for (const row of rows.splice(0)) {
          if (!row.submission) continue;
          await call('PUT', `/api/submissions/${row.submission.id}/feedback`, token, { perQuestion: [], comment: 'Très bien : la mesure et le calcul sont justes. Soigne le schéma.', mark: 17, maxMark: 20 });
          await call('POST', `/api/submissions/${row.submission.id}/return`, token);
        }
      }
    }
    const returned = await phase(async (t) => (await t.core.db.feedback.count()) === 1);
    return { handIn, returned };
  } finally {
    await proxy.close();
    server.proc.kill('SIGTERM');
    await server.exited;
    rmSync(root, { recursive: true, force: true });
  }
}

async function main() {
  const watch = loadWatch();
  const photos = await realPhotos();
  console.log(`photos: ${photos.map((p) => `${(p.bytes.length / 1024).toFixed(0)} KB ${p.mime}`).join(', ')} (the app's compression of generated 12 MP page photos)`);
  const runs: { handIn: Phase; returned: Phase }[] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await oneClass(photos));
    console.log(`class ${i + 1}: hand-in ${runs.at(-1)!.handIn.ms.toFixed(0)} ms, returns ${runs.at(-1)!.returned.ms.toFixed(0)} ms`);
  }
  const load = watch.end();
  const med = (pick: (r: (typeof runs)[number]) => Phase, k: keyof Phase) => median(runs.map((r) => pick(r)[k]));
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  const line = (name: string, pick: (r: (typeof runs)[number]) => Phase) => {
    const ms = med(pick, 'ms'), limit = med(pick, 'limitMs');
    return [name, kb(med(pick, 'bytesUp')), kb(med(pick, 'bytesDown')), `${limit.toFixed(0)} ms`, `${ms.toFixed(0)} ms`, `${(ms / limit).toFixed(2)}×`, `${(med(pick, 'firstMs') / 1000).toFixed(1)} s`, `${(med(pick, 'lastMs') / 1000).toFixed(1)} s`];
  };
  console.log(`\nbench:class — ${TABLETS} tablets on one hotspot (${HOTSPOT.upBitsPerSec / 1e6} Mbit/s up, ${HOTSPOT.downBitsPerSec / 1e6} down, ${HOTSPOT.rttMs} ms), median of ${RUNS} class${RUNS > 1 ? 'es' : ''}; ${load}\n`);
  console.log(table(['phase', 'bytes up', 'bytes down', 'limit', 'time', 'ratio', 'first pupil done', 'last pupil done'], [
    line('15 pupils hand in a text + 2 photos', (r) => r.handIn),
    line('15 pupils receive their returned copy', (r) => r.returned),
  ]));
  const ratio = med((r) => r.handIn, 'ms') / med((r) => r.handIn, 'limitMs');
  console.log(`\nTarget (issue 18): hand-in ≤ 1.10× the limit — ${ratio.toFixed(2)}× ${ratio <= 1.1 ? 'PASS' : 'MISS'}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/class.json', JSON.stringify({ at: new Date().toISOString(), load, shape: HOTSPOT, photos: photos.map((p) => ({ bytes: p.bytes.length, mime: p.mime })), runs }, null, 2));
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
