/**
 * `npm run bench:server`: how many no-change syncs a school server answers, on SQLite (one
 * process), on PostgreSQL with one process and with two processes sharing the database and
 * DATA_DIR. 1,000 simulated tablets, each with its own device, pupil, session token and
 * cursor (caught up first), send the sync's real request — `GET /api/sync/pull?cursor=` with
 * the bearer and device tokens — plain, or with the device-report header (a pull that also
 * writes the tablet's report). Real server processes (`node --import tsx server/main.ts`);
 * the load comes from autocannon in one process per server process (bench/server-bench-load.ts),
 * started together and summed: a proxy in JS would be the bottleneck, not the servers.
 *
 * Prints, per case, the median of RUNS runs (default 3) of SECONDS s (default 10): requests/s,
 * p50 and p99 (ms; with two generators, the mean of their p50s and the larger p99), the
 * CPU time the server processes spent per request (user + system; PostgreSQL's own processes
 * not included), the server processes' RSS (the largest sample during a run, summed) and the
 * 1-minute load average at the end. Writes bench/results/server.json.
 * The variants run INTERLEAVED (plain, report, push, plain, report, push…): the load of a shared
 * machine drifts, and blocks of one variant each would compare different machines.
 * Env: TABLETS (1000), CONNECTIONS (100 in all), SECONDS, RUNS, STORES (sqlite,pg1,pg2: the
 * cases to run), DATABASE_URL (a PostgreSQL server to create a throwaway database on; default:
 * a throwaway cluster, see test-postgres.ts), VARIANTS (plain,report,push: e.g. plain alone to
 * profile it). SHORT=1: SQLite only, 3 s runs.
 * Targets (issue 18, SQLite, this 2-core machine with the load generators on it): ≥ 5,000
 * no-change pulls/s, p99 ≤ 50 ms, the report variant within 1.3× of the plain one.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { startServerProcess, type ServerProcess } from '../tests/unit/server/console/server-process.ts';
import { startTestPostgres } from '../tests/helpers/test-postgres.ts';
import { openSqliteServer } from '../server/store/sqlite/sqlite-server.ts';
import { PostgresDatabase } from '../server/store/postgres/postgres-database.ts';
import { createServices, type Services } from '../server/services.ts';
import { FsBlobStore } from '../server/blobs/fs-blob-store.ts';
import { activateServerKey } from '../server/auth/server-key.ts';
import { newToken } from '../server/auth/secrets.ts';
import { SYSTEM } from '../server/access/actor.ts';
import { DEVICE_HEADER } from '../src/protocol/auth.ts';
import type { BenchTablet } from './server-bench-load.ts';
import { loadWatch, SHORT, table } from './bench-util.ts';

const run = promisify(execFile);
const TABLETS = Number(process.env.TABLETS ?? 1000);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 100);
const SECONDS = Number(process.env.SECONDS ?? (SHORT ? 3 : 10));
const RUNS = Math.max(3, Number(process.env.RUNS ?? 3));
const STORES = (process.env.STORES ?? (SHORT ? 'sqlite' : 'sqlite,pg1,pg2')).split(',');
const VARIANTS = (process.env.VARIANTS ?? 'plain,report,push').split(',');
const watch = loadWatch();
const PER_CLASS = 25;

/**
 * A school of 2 × TABLETS pupils in classes of 25, one tablet and one open session each: the
 * first TABLETS pull, the others push. Pushers of their own: a push writes a change in its
 * pupil's scope, so a tablet that had pushed would then pull its own draft back — its « no-change »
 * pull would serialize a submission (the bench measured that before 7 Dec 2026, issue 18).
 */
async function seedTablets(s: Services): Promise<Omit<BenchTablet, 'cursor'>[]> {
  const school = await s.school.createSchool('Collège Bench');
  const teacher = await s.school.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: 'prof.bench', displayName: 'Prof Bench', password: 'bench-password' });
  const out: Omit<BenchTablet, 'cursor'>[] = [];
  for (let c = 0; c * PER_CLASS < 2 * TABLETS; c++) {
    const cls = await s.roster.createClass(SYSTEM, { name: `Classe ${c + 1}`, teacherIds: [teacher.id] }, school.id);
    // One published assignment per class with a text question: what the push variant answers.
    const asTeacher = { kind: 'user', userId: teacher.id, role: 'teacher', schoolId: school.id } as const;
    const assignment = await s.content.createAssignment(asTeacher, cls.id, {
      title: 'Rédaction', instructionsMarkdown: 'Réponds.', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Raconte ta journée.', points: 5 }],
    });
    await s.content.publishAssignment(asTeacher, assignment.id, null);
    const now = new Date().toISOString();
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await s.db.write(async (tx) => {
      for (let i = 0; i < PER_CLASS && out.length < 2 * TABLETS; i++) {
        const studentId = randomUUID();
        const deviceId = randomUUID();
        // A placeholder secret hash: nobody signs in here (sessions are opened directly), so 1,000 scrypts are saved.
        await tx.students.insert({ id: studentId, schoolId: school.id, classId: cls.id, firstName: `Élève ${i}`, lastName: `Classe ${c}`, secretHash: 'x', secretLength: null, createdAt: now });
        await tx.changes.put(`class:${cls.id}`, 'student', studentId, now);
        const device = newToken();
        await tx.devices.insert({ id: deviceId, schoolId: school.id, classId: cls.id, name: `Tablette ${out.length + 1}`, tokenHash: device.hash, enrolledBy: teacher.id, at: now });
        const session = newToken();
        await tx.sessions.insert({ kind: 'student', tokenHash: session.hash, studentId, deviceId, expiresAt, createdAt: now });
        out.push({ token: session.token, deviceToken: device.token, deviceId, assignmentId: assignment.id });
      }
    });
  }
  return out;
}

/** Each tablet pulls until it is up to date; returns its cursor (what a no-change sync sends). */
async function catchUp(url: string, tablets: Omit<BenchTablet, 'cursor'>[]): Promise<BenchTablet[]> {
  const out: BenchTablet[] = new Array(tablets.length);
  let i = 0;
  const worker = async () => {
    while (i < tablets.length) {
      const k = i++;
      const t = tablets[k]!;
      let cursor = '';
      for (;;) {
        const r = await fetch(`${url}/api/sync/pull?cursor=${encodeURIComponent(cursor)}`, { headers: { authorization: `Bearer ${t.token}`, [DEVICE_HEADER]: t.deviceToken } });
        if (!r.ok) throw new Error(`catch-up pull: ${r.status} ${await r.text()}`);
        const body = (await r.json()) as { cursor: string; hasMore: boolean };
        cursor = body.cursor;
        if (!body.hasMore) break;
      }
      out[k] = { ...t, cursor };
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return out;
}

/** CPU time (user + system, ms) a process has used so far (/proc/<pid>/stat, clock ticks of 10 ms). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface LoadResult { requests: number; rps: number; p50: number; p99: number; errors: number; non2xx: number; statusCodes: Record<string, number> }

/** One run: a generator per server process, at once; the largest summed RSS seen meanwhile. */
async function loadRun(servers: ServerProcess[], file: string, seconds: number, variant: string) {
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, servers.reduce((sum, s) => sum + rssKb(s.proc.pid!), 0)); }, 250);
  const per = Math.max(1, Math.round(CONNECTIONS / servers.length));
  const cpuBefore = servers.reduce((sum, s) => sum + cpuMs(s.proc.pid!), 0);
  try {
    const results = await Promise.all(servers.map(async (s) => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/server-bench-load.ts', s.url, file, String(per), String(seconds), variant], { maxBuffer: 1 << 20 });
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult;
    }));
    const bad = results.reduce((n, r) => n + r.errors + r.non2xx, 0);
    if (bad > 0) {
      const said = servers.flatMap((s) => s.output().split('\n').filter((l) => /"level":(4|5)0|error/i.test(l)).slice(-5));
      throw new Error(`${bad} failed requests: ${JSON.stringify(results)}\nthe servers said:\n${said.join('\n')}`);
    }
    const requests = results.reduce((n, r) => n + r.requests, 0);
    return {
      cpuPerRequestMs: (servers.reduce((sum, s) => sum + cpuMs(s.proc.pid!), 0) - cpuBefore) / requests,
      rps: results.reduce((n, r) => n + r.rps, 0),
      p50: results.reduce((n, r) => n + r.p50, 0) / results.length,
      p99: Math.max(...results.map((r) => r.p99)),
      rssMb: peak / 1024,
    };
  } finally {
    clearInterval(sampler);
  }
}

interface Row { store: string; variant: string; rps: number; p50: number; p99: number; cpuPerRequestMs: number; rssMb: number; load1: number }
const rows: Row[] = [];

async function benchCase(store: string, env: Record<string, string>, processes: number, prepare: (dataDir: string) => Promise<Omit<BenchTablet, 'cursor'>[]>) {
  const root = mkdtempSync(join(tmpdir(), 'cartable-server-bench-'));
  const dataDir = join(root, 'data');
  mkdirSync(join(root, 'no-build'));
  mkdirSync(dataDir, { mode: 0o700 });
  const servers: ServerProcess[] = [];
  try {
    const seeded = await prepare(dataDir);
    const common = { ...env, DATA_DIR: dataDir, DEMO: '0', LOG_REQUESTS: '0', STATIC_DIR: join(root, 'no-build') };
    for (let i = 0; i < processes; i++) servers.push(await startServerProcess(common, 60_000));
    const tablets = await catchUp(servers[0]!.url, seeded);
    const files = { pull: join(root, 'pulling.json'), push: join(root, 'pushing.json') };
    writeFileSync(files.pull, JSON.stringify(tablets.slice(0, TABLETS)));
    writeFileSync(files.push, JSON.stringify(tablets.slice(TABLETS)));
    const fileFor = (variant: string) => (variant === 'push' ? files.push : files.pull);
    const variants = VARIANTS;
    for (const variant of variants) await loadRun(servers, fileFor(variant), 3, variant); // warm-up (JIT, pools, caches)
    const runs = new Map<string, Awaited<ReturnType<typeof loadRun>>[]>(variants.map((v) => [v, []]));
    const loads = new Map<string, number[]>(variants.map((v) => [v, []]));
    for (let r = 0; r < RUNS; r++) {
      for (const variant of variants) {
        runs.get(variant)!.push(await loadRun(servers, fileFor(variant), SECONDS, variant));
        loads.get(variant)!.push(loadavg()[0]!);
      }
    }
    for (const variant of variants) {
      const rs = runs.get(variant)!;
      const row = { store, variant, rps: median(rs.map((x) => x.rps)), p50: median(rs.map((x) => x.p50)), p99: median(rs.map((x) => x.p99)), cpuPerRequestMs: median(rs.map((x) => x.cpuPerRequestMs)), rssMb: median(rs.map((x) => x.rssMb)), load1: median(loads.get(variant)!) };
      rows.push(row);
      console.log(`  ${store}, ${variant}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, server CPU ${row.cpuPerRequestMs.toFixed(2)} ms/req, RSS ${row.rssMb.toFixed(0)} MB, load ${row.load1.toFixed(2)}`);
    }
  } finally {
    for (const s of servers) s.proc.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    rmSync(root, { recursive: true, force: true });
  }
}

console.log(`bench:server — ${TABLETS} tablets, ${CONNECTIONS} connections in all, ${RUNS} runs × ${SECONDS} s per case, ${cpus().length} cores`);
if (STORES.includes('sqlite')) await benchCase('SQLite, 1 process', { DATABASE_URL: '' }, 1, async (dataDir) => {
  const s = openSqliteServer(join(dataDir, 'cartable.sqlite'));
  try {
    return await seedTablets(s);
  } finally {
    await s.db.close();
  }
});
const pgCases = [1, 2].filter((n) => STORES.includes(`pg${n}`));
const pg = pgCases.length ? await startTestPostgres() : null;
try {
  for (const processes of pgCases) {
    // A fresh database per case (the throwaway cluster's, or one on DATABASE_URL's server).
    const db = processes === pgCases[0] ? pg! : await startTestPostgres();
    try {
      await benchCase(`PostgreSQL, ${processes} process${processes > 1 ? 'es' : ''}`, { DATABASE_URL: db.url }, processes, async (dataDir) => {
        activateServerKey(dataDir);
        const database = await PostgresDatabase.open(db.url);
        try {
          return await seedTablets(createServices(database, new FsBlobStore(join(dataDir, 'blobs'))));
        } finally {
          await database.close();
        }
      });
    } finally {
      if (db !== pg) await db.stop();
    }
  }
} finally {
  await pg?.stop();
}

const VARIANT_NAMES: Record<string, string> = { plain: 'no-change pull', report: 'no-change pull + device report', push: 'push of one draft answer' };
console.log(`\nSyncs: no-change pulls (GET /api/sync/pull with a cursor) and pushes of one draft (POST /api/sync/push), ${TABLETS} tablets, ${CONNECTIONS} connections, median of ${RUNS} × ${SECONDS} s; load generators on the same ${cpus().length} cores\n`);
console.log('| store | variant | requests/s | p50 ms | p99 ms | server CPU ms/request | RSS of the server process(es) | load avg (1 min) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.store} | ${VARIANT_NAMES[r.variant] ?? r.variant} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuPerRequestMs.toFixed(2)} | ${r.rssMb.toFixed(0)} MB | ${r.load1.toFixed(2)} |`);
const load = watch.end();
console.log(`\n${load}`);
const sqlite = (v: string) => rows.find((r) => r.store.startsWith('SQLite') && r.variant === v);
const plain = sqlite('plain');
const withReport = sqlite('report');
if (plain && withReport) {
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  console.log('\nTargets (issue 18, SQLite, load generators on the same cores):');
  console.log(table(['target', 'measured', 'verdict'], [
    ['≥ 5,000 no-change pulls/s', `${plain.rps.toFixed(0)}/s`, verdict(plain.rps >= 5000)],
    ['p99 ≤ 50 ms (plain)', `${plain.p99.toFixed(1)} ms`, verdict(plain.p99 <= 50)],
    ['p99 ≤ 50 ms (with the report)', `${withReport.p99.toFixed(1)} ms`, verdict(withReport.p99 <= 50)],
    ['with the device report within 1.3× of plain', `${(plain.rps / withReport.rps).toFixed(2)}× (${withReport.rps.toFixed(0)}/s)`, verdict(plain.rps / withReport.rps <= 1.3)],
  ]));
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/server.json', JSON.stringify({ at: new Date().toISOString(), load, tablets: TABLETS, connections: CONNECTIONS, seconds: SECONDS, runs: RUNS, cores: cpus().length, rows }, null, 2));
