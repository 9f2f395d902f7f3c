/**
 * `npm run test:faults`: the whole system under faults and load.
 * - The real server process (`node --import tsx server/main.ts`, SQLite) on a fixed port,
 *   killed with SIGKILL at random moments and started again on the same DATA_DIR.
 * - Tablets running the product's sync engine and tus uploader: in Node on fake-indexeddb,
 *   and in real Chromium on the real IndexedDB (drivers.ts); pupils on shared tablets save
 *   texts, take photos and hand work in while their tablet syncs; apps are killed mid-sync.
 * - Between them, the chaos proxy (tests/helpers/chaos-proxy.ts): ONE shared link (a class
 *   hotspot), cuts at random byte offsets of kept-alive connections in both directions, cuts
 *   inside requests and answers, idle cuts, duplicated requests, jitter.
 * - The teacher signs in over HTTP and returns feedback during the run.
 * After each restart, everything acknowledged is checked on the server; at the end, faults
 * off, the tablets sync until done and the ledger is checked against the server and the
 * tablets (verify.ts): items lost and duplicates must be 0, every tablet converged.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../unit/server/console/server-process.ts';
import { startChaosProxy, type ChaosFaults, type ChaosProxy } from '../helpers/chaos-proxy.ts';
import { seededRandom } from '../helpers/fault-proxy.ts';
import type { LinkShape } from '../helpers/shared-link.ts';
import { seedFaultSchool, TEACHER, type FaultSchool } from './fault-school.ts';
import { chromiumTablet, nodeTablet, type Tablet } from './drivers.ts';
import { Ledger } from './ledger.ts';
import { photoBytes, type TabletSnapshot } from './tablet-core.ts';
import { checkAcknowledged, checkFinal, openServerDb } from './verify.ts';
import { createHash } from 'node:crypto';

export interface FaultRunOptions {
  nodeTablets: number;
  browserTablets: number;
  pupilsPerTablet: number;
  assignmentsPerClass: number;
  /** How long pupils work under faults at least (ms)… */
  durationMs: number;
  /** …and on until this many faults were injected (on a busy machine fewer requests fit in the time), at most `maxDurationMs`. */
  minFaults: number;
  maxDurationMs: number;
  /** Mean time between two kill -9 of the server (ms). */
  killEveryMs: number;
  /** Photo sizes (bytes), drawn uniformly. */
  photoBytes: [number, number];
  shape: LinkShape;
  faults: ChaosFaults;
  /** Probability that a sync cycle is cut short by the app being killed. */
  appKillProbability: number;
  seed: number;
  /** The tablet test page's folder (needed when browserTablets > 0). */
  staticDir?: string;
  launchBrowser?: () => Promise<Browser>;
  log?: (line: string) => void;
}

export interface FaultRunReport {
  seed: number;
  durationMs: number;
  faults: Record<string, number>;
  totalFaults: number;
  serverKills: number;
  appRestarts: number;
  cycles: { ok: number; failed: number };
  made: ReturnType<Ledger['totals']> & { returned: number };
  lost: number;
  duplicates: number;
  notConverged: number;
  /** Acknowledged items missing on the server right after a restart (must be empty). */
  ackProblems: string[];
  problems: string[];
  load: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

export async function runFaults(o: FaultRunOptions): Promise<FaultRunReport> {
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const random = seededRandom(o.seed * 7919 + 1);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const root = mkdtempSync(join(tmpdir(), 'cartable-faults-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const emptyStatic = join(root, 'no-build');
  mkdirSync(emptyStatic);
  const school: FaultSchool = await seedFaultSchool(dataDir, { tablets: o.nodeTablets + o.browserTablets, pupilsPerTablet: o.pupilsPerTablet, assignmentsPerClass: o.assignmentsPerClass });
  const port = await freePort();
  // FAULTS_SERVER_LOG=<file>: the server processes' output, with one line per request, for a failing run.
  const serverLog = process.env.FAULTS_SERVER_LOG;
  const env = { DATA_DIR: dataDir, DEMO: '0', PORT: String(port), STATIC_DIR: o.staticDir ?? emptyStatic, LOG_REQUESTS: serverLog ? '1' : '0' };
  const processes: ServerProcess[] = [];
  const startServer = async () => {
    const p = await startServerProcess(env, 120_000);
    processes.push(p);
    return p;
  };
  let server: ServerProcess | null = await startServer();
  const serverUrl = server.url;
  const proxy: ChaosProxy = await startChaosProxy(serverUrl, { shape: o.shape, seed: o.seed });
  let browser: Browser | null = null;
  const tablets: Tablet[] = [];
  const ledger = new Ledger();
  const report: FaultRunReport = {
    seed: o.seed, durationMs: 0, faults: {}, totalFaults: 0, serverKills: 0, appRestarts: 0, cycles: { ok: 0, failed: 0 },
    made: { ...ledger.totals(), returned: 0 }, lost: 0, duplicates: 0, notConverged: 0, ackProblems: [], problems: [], load: [],
  };
  const snapshotAll = async () => new Map<string, TabletSnapshot>(await Promise.all(tablets.map(async (t) => [t.name, await t.snapshot()] as const)));

  try {
    for (let i = 0; i < o.nodeTablets; i++) tablets.push(await nodeTablet(`node-${i + 1}`, school.tablets[i]!, proxy.url));
    if (o.browserTablets > 0) {
      if (!o.launchBrowser || !o.staticDir) throw new Error('browser tablets need staticDir and launchBrowser');
      browser = await o.launchBrowser();
      for (let i = 0; i < o.browserTablets; i++) {
        const context = await browser.newContext();
        tablets.push(await chromiumTablet(`chromium-${i + 1}`, school.tablets[o.nodeTablets + i]!, context, proxy.url));
      }
    }
    log(`${tablets.length} tablets ready (${o.browserTablets} in Chromium), server on ${serverUrl}, proxy ${proxy.url}; faults on for ${o.durationMs / 1000} s at least, until ${o.minFaults} faults (at most ${o.maxDurationMs / 1000} s)`);
    proxy.setFaults(o.faults);
    const minDeadline = Date.now() + o.durationMs;
    const maxDeadline = Date.now() + Math.max(o.durationMs, o.maxDurationMs);
    const injected = () => proxy.totalFaults() + report.serverKills + tablets.reduce((n, t) => n + t.restarts, 0);
    // A getter: "now" moves, and so may the end of the run.
    const clock = { get over() { return Date.now() > maxDeadline || (Date.now() > minDeadline && injected() >= o.minFaults); } };
    let working = true;
    let photoSeed = o.seed * 1_000_003;
    const classOf = (t: Tablet) => t.seed.pupils[0]!.classId;

    /** What each loop is waiting on, since when (for the watchdog). */
    const busy = new Map<string, { what: string; since: number }>();
    // Pupils: save a text, take a photo (≤ 2 per work), hand in (then that work is done).
    const pupil = async (t: Tablet) => {
      while (working && !clock.over) {
        await sleep(150 + random() * 600);
        const p = pick(t.seed.pupils);
        const open = school.assignments[classOf(t)]!.filter((a) => !ledger.work(t.name, p.studentId, a.id).handedIn);
        if (!open.length) continue;
        const a = pick(open);
        const w = ledger.work(t.name, p.studentId, a.id);
        const r = random();
        busy.set(`${t.name} pupil`, { what: 'a pupil action', since: Date.now() });
        try {
          if (r < 0.5 || w.lastText === null) {
            const text = `Réponse ${w.texts + 1} de l’élève ${p.studentId.slice(0, 4)} : on mesure, on compare, on conclut. ${'é'.repeat(Math.floor(random() * 50))}`;
            await t.saveText(p.studentId, a, text);
            w.texts++;
            w.lastText = text;
          } else if (r < 0.75 && w.photos.length < 2) {
            const seed = photoSeed++;
            const size = Math.floor(o.photoBytes[0] + random() * (o.photoBytes[1] - o.photoBytes[0]));
            const id = await t.addPhoto(p.studentId, a.id, seed, size);
            w.photos.push({ id, seed, size, sha256: createHash('sha256').update(photoBytes(seed, size)).digest('hex') });
          } else if (r >= 0.75) {
            await t.submit(p.studentId, a.id);
            w.handedIn = true;
          }
        } catch (err) {
          report.problems.push(`${t.name}: a pupil's action failed: ${(err as Error).message}`);
        } finally {
          busy.delete(`${t.name} pupil`);
        }
      }
    };

    // Each tablet syncs all the time (as its controller would), and its app is killed now and then.
    const syncLoop = async (t: Tablet) => {
      while (working && !clock.over) {
        const kill = random() < o.appKillProbability;
        const after = Math.floor(random() * 3000);
        busy.set(`${t.name} sync`, { what: kill ? 'cycle, then app kill' : 'cycle', since: Date.now() });
        const cycle = t.cycle(60_000, kill && t.kind === 'node' ? after : undefined);
        if (kill && t.kind === 'chromium') {
          await sleep(after);
          await t.restart();
        }
        const r = await cycle;
        busy.delete(`${t.name} sync`);
        if (r.ok) report.cycles.ok++;
        else report.cycles.failed++;
        if (kill && t.kind === 'node') await t.restart();
        await sleep(200 + random() * 1000);
      }
    };

    // The server: kill -9 at random moments, started again after a while.
    const chaos = async () => {
      while (working) {
        const wait = o.killEveryMs * (0.5 + random());
        const until = Date.now() + wait;
        while (working && !clock.over && Date.now() < until) await sleep(200);
        if (!working || clock.over) return;
        server!.proc.kill('SIGKILL');
        await server!.exited;
        server = null;
        report.serverKills++;
        log(`kill -9 #${report.serverKills} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
        await sleep(300 + random() * 2500);
        server = await startServer();
        // Everything the tablets hold as acknowledged survived the kill.
        const db = openServerDb(dataDir);
        try {
          report.ackProblems.push(...checkAcknowledged(db, dataDir, await snapshotAll()));
        } finally {
          db.close();
        }
      }
    };

    // The teacher: returns handed-in work with a mark, over HTTP, straight to the server.
    let teacherToken: string | null = null;
    const teacherCall = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${serverUrl}${path}`, {
        method, signal: AbortSignal.timeout(10_000),
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(teacherToken ? { authorization: `Bearer ${teacherToken}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (r.status === 401) teacherToken = null;
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status}`);
      return r.json() as Promise<unknown>;
    };
    const returned = new Set<string>();
    const teacherRound = async (all: boolean) => {
      teacherToken ??= ((await teacherCall('POST', '/api/auth/login', TEACHER)) as { token: string }).token;
      for (const list of Object.values(school.assignments)) {
        for (const a of list) {
          const rows = (await teacherCall('GET', `/api/assignments/${a.id}/submissions`)) as { submission: { id: string; state: string } | null }[];
          for (const row of rows) {
            const s = row.submission;
            if (!s || s.state !== 'submitted' || returned.has(s.id) || (!all && random() < 0.4)) continue;
            await teacherCall('PUT', `/api/submissions/${s.id}/feedback`, { perQuestion: [], comment: 'Bien vu, continue.', mark: 15, maxMark: 20 });
            await teacherCall('POST', `/api/submissions/${s.id}/return`);
            returned.add(s.id);
          }
        }
      }
    };
    const teacher = async () => {
      while (working && !clock.over) {
        await sleep(1500 + random() * 1500);
        await teacherRound(false).catch(() => undefined); // the server may be down: next round
      }
    };

    // A watchdog: the run must end; if a loop hangs, say where (what each tablet was doing, since when).
    const watchdog = setInterval(() => {
      for (const [name, b] of busy) if (Date.now() - b.since > 150_000) log(`watchdog: ${name} has been in '${b.what}' for ${((Date.now() - b.since) / 1000).toFixed(0)} s`);
    }, 30_000);
    try {
      await Promise.all([...tablets.map(pupil), ...tablets.map(syncLoop), chaos(), teacher()]);
    } finally {
      clearInterval(watchdog);
    }
    working = false;
    log(`pupils stopped at ${((Date.now() - started) / 1000).toFixed(1)} s; faults off, tablets catch up`);

    // The end: faults off (the shared link stays), the server up, the teacher's last returns, tablets sync until done.
    proxy.setFaults(null);
    if (!server) server = await startServer();
    for (let i = 0; i < 5; i++) {
      try { await teacherRound(true); break; } catch { await sleep(1000); }
    }
    for (let round = 0; round < 30; round++) {
      const results = await Promise.all(tablets.map((t) => t.cycle(120_000)));
      const snaps = await snapshotAll();
      const done = [...snaps.values()].every((s) => s.outbox.pending === 0 && s.attachments.every((a) => a.upload === 'uploaded' || a.upload === 'failed'));
      if (done && results.every((r) => r.ok)) {
        // One more cycle each: the returns and the last acknowledgements come back down.
        await Promise.all(tablets.map((t) => t.cycle(120_000)));
        break;
      }
      await sleep(500);
    }

    const snaps = await snapshotAll();
    server.proc.kill('SIGTERM');
    await server.exited;
    server = null;
    const db = openServerDb(dataDir);
    try {
      report.ackProblems.push(...checkAcknowledged(db, dataDir, snaps));
      const final = checkFinal(db, dataDir, ledger, snaps, new Map(tablets.map((t) => [t.name, t.seed.pupils.map((p) => p.studentId)])));
      report.lost = final.lost;
      report.duplicates = final.duplicates;
      report.notConverged = final.notConverged;
      report.problems.push(...final.problems);
    } finally {
      db.close();
    }
    if (report.problems.length || report.ackProblems.length) {
      for (const t of tablets) for (const line of await t.refusedRequests()) report.problems.push(`(refused on ${t.name}) ${line}`);
    }
    report.faults = { ...proxy.faults };
    report.totalFaults = proxy.totalFaults();
    report.appRestarts = tablets.reduce((n, t) => n + t.restarts, 0);
    report.made = { ...ledger.totals(), returned: returned.size };
    report.durationMs = Date.now() - started;
    report.load = loadavg();
    return report;
  } finally {
    for (const t of tablets) await t.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await proxy.close();
    if (server) {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    if (serverLog) writeFileSync(serverLog, processes.map((p, i) => `=== server process ${i + 1}\n${p.output()}`).join('\n'));
    rmSync(root, { recursive: true, force: true });
  }
}

/** The run's summary as a table (what `npm run test:faults` prints). */
export function formatReport(r: FaultRunReport): string {
  const lines = [
    `faults run (seed ${r.seed}) in ${(r.durationMs / 1000).toFixed(0)} s, load average ${r.load.map((l) => l.toFixed(2)).join(' ')}`,
    `faults injected: ${r.totalFaults + r.serverKills + r.appRestarts} — on the wire ${r.totalFaults} (${Object.entries(r.faults).filter(([k]) => k !== 'refused').map(([k, v]) => `${k} ${v}`).join(', ')}), server kill -9 ${r.serverKills}, app killed mid-sync ${r.appRestarts}; connections refused while the server was down: ${r.faults.refused ?? 0}`,
    `sync cycles: ${r.cycles.ok} ok, ${r.cycles.failed} failed under faults`,
    `items made: ${r.made.texts} texts saved, ${r.made.photos} photos (${(r.made.photoBytes / 1e6).toFixed(1)} MB), ${r.made.handIns} hand-ins, in ${r.made.works} works (${r.made.inChromium} on Chromium tablets); ${r.made.returned} returned by the teacher`,
    `items lost: ${r.lost}`,
    `duplicates: ${r.duplicates}`,
    `tablets not converged: ${r.notConverged}`,
    `acknowledged but missing after a restart: ${r.ackProblems.length}`,
  ];
  const problems = [...r.ackProblems, ...r.problems];
  if (problems.length) lines.push('problems:', ...problems.slice(0, 40).map((p) => `  ${p}`), ...(problems.length > 40 ? [`  … ${problems.length - 40} more`] : []));
  return lines.join('\n');
}
