/**
 * `npm run bench:signin`: does a burst of sign-ins stall the sync? A tablet pulls with
 * nothing new (the hot path of every class) every 25 ms over a real loopback socket while
 * 200 teachers sign in at once (scrypt N=2^15 each, 200 addresses so no limit answers
 * early). Prints the no-change pull's p50/p99 without the burst, during it with the hashing
 * queue (HASH_CONCURRENCY), and during it with the queue unbounded (as before the queue),
 * and writes bench/results/signin-burst.json. Target (issue #11): p99 during the burst
 * within 3× of the p99 without it.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { startTestApp } from '../tests/helpers/test-app.ts';
import { createClass, createSchool, createStudent, enrolDevice, openSession, publishAssignment } from '../tests/helpers/sync-fixtures.ts';
import { hashSecret } from '../server/auth/secrets.ts';
import { HASH_CONCURRENCY, hashQueue } from '../server/auth/hash-queue.ts';

const BURST = Number(process.env.BURST ?? 200);
const PULL_EVERY_MS = 25;

const t = await startTestApp();
const base = await t.listen();
const school = createSchool(t.store);
const classId = createClass(t.store, school);
const studentId = createStudent(t.store, school, classId, 'Léa');
const device = enrolDevice(t.store, school, classId);
const token = openSession(t.store, studentId, device.deviceId);
publishAssignment(t.store, school, { classId });
const headers = { authorization: `Bearer ${token}`, 'x-cartable-device': device.deviceToken, 'accept-encoding': 'br, gzip' };
// Caught up once: from then on the pull has nothing new.
let cursor = '';
for (;;) {
  const r = (await (await fetch(`${base}/api/sync/pull?cursor=${cursor}`, { headers })).json()) as { cursor: string; hasMore: boolean };
  cursor = r.cursor;
  if (!r.hasMore) break;
}
const passwordHash = await hashSecret('bench-password');
// One hash for all (same password): 200 scrypt runs of setup saved; each sign-in still runs its own.
await t.store.database.write(async (tx) => {
  for (let i = 0; i < BURST; i++) {
    await tx.users.insert({ id: randomUUID(), schoolId: school.schoolId, role: 'teacher', login: `prof${i}`, displayName: `Prof ${i}`, passwordHash, createdAt: new Date().toISOString() });
  }
});

const pullOnce = async () => {
  const s = performance.now();
  const res = await fetch(`${base}/api/sync/pull?cursor=${cursor}`, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`pull ${res.status}`);
  return performance.now() - s;
};

/** Pulls every PULL_EVERY_MS until `until` resolves (or for `ms`), returns the latencies. */
async function pullsDuring(until: Promise<unknown> | number): Promise<number[]> {
  const times: Promise<number>[] = [];
  let done = false;
  const stop = typeof until === 'number' ? new Promise((r) => setTimeout(r, until)) : until;
  void stop.then(() => (done = true));
  while (!done) {
    times.push(pullOnce());
    await new Promise((r) => setTimeout(r, PULL_EVERY_MS));
  }
  return Promise.all(times);
}

const burst = async () => {
  const s = performance.now();
  const res = await Promise.all(Array.from({ length: BURST }, (_, i) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: `10.${(i >> 8) & 255}.${i & 255}.9`, payload: { login: `prof${i}`, password: 'bench-password' } })));
  const ok = res.filter((r) => r.statusCode === 200).length;
  if (ok !== BURST) throw new Error(`only ${ok}/${BURST} sign-ins succeeded: ${res.find((r) => r.statusCode !== 200)?.body}`);
  return performance.now() - s;
};

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const rows: { case: string; pulls: number; p50: number; p99: number; burstMs: number | null }[] = [];
const run = async (label: string, concurrency: number | null) => {
  if (concurrency === null) {
    rows.push({ case: label, ...stats(await pullsDuring(3_000)), burstMs: null });
    return;
  }
  hashQueue.concurrency = concurrency;
  let burstMs = 0;
  const b = burst().then((ms) => (burstMs = ms));
  const lat = await pullsDuring(b);
  rows.push({ case: label, ...stats(lat), burstMs });
};
const stats = (lat: number[]) => ({ pulls: lat.length, p50: pct(lat, 50), p99: pct(lat, 99) });

await pullsDuring(500); // warm-up
await run('no sign-in', null);
await run(`${BURST} sign-ins, hashing queue of ${HASH_CONCURRENCY}`, HASH_CONCURRENCY);
await run(`${BURST} sign-ins, unbounded (before the queue)`, Number.POSITIVE_INFINITY);
await run('no sign-in (again)', null);
await t.close();

const baseline = Math.max(rows[0]!.p99, rows[3]!.p99);
console.log(`\nNo-change pull (${PULL_EVERY_MS} ms apart, loopback) during a burst of ${BURST} teacher sign-ins (scrypt N=2^15)\n`);
console.log('| case | pulls | p50 ms | p99 ms | p99 / no-sign-in p99 | burst done in |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.case} | ${r.pulls} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p99 / baseline).toFixed(1)}× | ${r.burstMs === null ? '—' : `${(r.burstMs / 1000).toFixed(1)} s`} |`);
}
console.log(`\nTarget: p99 with the queue ≤ 3× the no-sign-in p99 → ${rows[1]!.p99 <= 3 * baseline ? 'met' : 'NOT met'}.`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/signin-burst.json', JSON.stringify({ at: new Date().toISOString(), burst: BURST, hashConcurrency: HASH_CONCURRENCY, rows }, null, 2));
