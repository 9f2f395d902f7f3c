/**
 * `npm run bench:live`: can one school server hold SESSIONS live lessons of TABLETS tablets
 * each on the live channel (issue 17)? The server runs in its own process
 * (bench/live-bench-server.ts); this one opens every tablet's SSE stream over real loopback
 * sockets (fetch, the tablet's way), starts the sessions, then ROUNDS times pushes an
 * activity to every session at once and times each tablet's receipt from the push.
 * Prints the server's memory per open stream, the fan-out latency p50 / p99 / max, and the
 * machine's load average (the numbers mean little on a busy machine), and the part after the
 * command's durable write was answered (SQLite synchronous=FULL: one disk sync per command); writes
 * bench/results/live.json. Targets: p99 ≤ 1 s (« within a second or two »), ≤ 64 KB per stream.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openSse, type SseStream } from '../tests/helpers/sse-client.ts';
import type { TabletLiveState } from '../src/protocol/live.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
interface Ready { type: 'ready'; url: string; teacherToken: string; classes: { classId: string; assignmentId: string; tablets: { deviceToken: string; studentToken: string }[] }[] }
interface Mem { type: 'mem'; rss: number; heapUsed: number; external: number; streams: number }

const child = fork(new URL('./live-bench-server.ts', import.meta.url), { execArgv: ['--import', 'tsx', '--expose-gc'], env: process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const next = <T>(type: string) => new Promise<T>((resolve) => {
  const on = (m: { type: string }) => {
    if (m.type !== type) return;
    child.off('message', on);
    resolve(m as T);
  };
  child.on('message', on);
});
const mem = () => {
  child.send({ type: 'mem' });
  return next<Mem>('mem');
};

const ready = await next<Ready>('ready');
const post = async (path: string, body: unknown) => {
  const res = await fetch(ready.url + path, { method: 'POST', headers: { authorization: `Bearer ${ready.teacherToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
};
const total = ready.classes.reduce((n, c) => n + c.tablets.length, 0);
console.log(`live bench: ${ready.classes.length} sessions × ${ready.classes[0]?.tablets.length ?? 0} tablets = ${total} streams, ${ROUNDS} pushes each`);

const before = await mem();
const streams: SseStream[][] = [];
for (const c of ready.classes) {
  const mine = await Promise.all(c.tablets.map((tab) => openSse(`${ready.url}/api/live/stream`, { authorization: `Bearer ${tab.studentToken}`, 'x-cartable-device': tab.deviceToken })));
  await Promise.all(mine.map((s) => s.next((e) => e.event === 'state', 30_000)));
  streams.push(mine);
  process.stderr.write(`\ropened ${streams.length * mine.length} streams`);
}
process.stderr.write('\n');
const after = await mem();
if (after.streams !== total) throw new Error(`the server holds ${after.streams} streams, not ${total}`);

const sessions: string[] = [];
for (const [i, c] of ready.classes.entries()) {
  const s = await post('/api/live/sessions', { classId: c.classId });
  sessions.push(s.id);
  await Promise.all(streams[i]!.map((st) => st.next((e) => e.event === 'state' && (e.data as TabletLiveState).sessions.length === 1, 30_000)));
}

const latencies: number[] = [];
/** From the teacher's command being answered (its row committed: a disk sync) to each tablet's receipt. */
const afterWrite: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  await Promise.all(ready.classes.map(async (c, i) => {
    const marks = streams[i]!.map((s) => s.events.length);
    const t0 = performance.now();
    await post(`/api/live/sessions/${sessions[i]}/activity`, round % 2 ? { kind: null } : { kind: 'assignment', id: c.assignmentId });
    const t1 = performance.now();
    const want = (e: { event: string; data: unknown }) => e.event === 'state' && ((e.data as TabletLiveState).sessions[0]?.activity === null) === (round % 2 === 1);
    const got = await Promise.all(streams[i]!.map((s, k) => s.next(want, 30_000, marks[k])));
    for (const e of got) {
      latencies.push(e.at - t0);
      afterWrite.push(Math.max(0, e.at - t1));
    }
  }));
}
latencies.sort((x, y) => x - y);
afterWrite.sort((x, y) => x - y);
const pick = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const q = (p: number) => pick(latencies, p);
const perStream = (after.rss - before.rss) / total;
const perStreamHeap = (after.heapUsed + after.external - before.heapUsed - before.external) / total;
const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
const rows = [
  ['open streams', String(total)],
  // RSS after a GC can shrink below the start (seeding garbage given back): then it says nothing.
  ['server memory per stream (RSS)', perStream > 0 ? `${(perStream / 1024).toFixed(1)} KB` : 'n/a (RSS shrank after GC)'],
  ['server memory per stream (heap + buffers)', `${(perStreamHeap / 1024).toFixed(1)} KB`],
  ['fan-out latency p50', `${q(0.5).toFixed(1)} ms`],
  ['fan-out latency p99', `${q(0.99).toFixed(1)} ms`],
  ['fan-out latency max', `${latencies.at(-1)!.toFixed(1)} ms`],
  ['after the command was answered p50 / p99', `${pick(afterWrite, 0.5).toFixed(1)} / ${pick(afterWrite, 0.99).toFixed(1)} ms`],
  ['deliveries timed', String(latencies.length)],
  ['load average (1 / 5 / 15 min)', `${load} on ${cpus().length} cores`],
];
const w = Math.max(...rows.map((r) => r[0]!.length));
for (const [k, v] of rows) console.log(`${k!.padEnd(w)}  ${v}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/live.json', import.meta.url), JSON.stringify({
  at: new Date().toISOString(), sessions: ready.classes.length, streams: total, rounds: ROUNDS,
  memoryPerStreamBytes: { rss: Math.round(perStream), heapAndBuffers: Math.round(perStreamHeap) },
  latencyMs: { p50: q(0.5), p99: q(0.99), max: latencies.at(-1) },
  afterCommandAnsweredMs: { p50: pick(afterWrite, 0.5), p99: pick(afterWrite, 0.99) }, loadavg: loadavg(), cores: cpus().length,
}, null, 2));
for (const list of streams) for (const s of list) s.close();
child.send({ type: 'stop' });
await new Promise((r) => child.on('exit', r));
