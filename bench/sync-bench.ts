/**
 * `npm run bench:sync` — the sync engine (Node, fake-indexeddb) against the real server over
 * real TCP, through the proxy of tests/helpers/fault-proxy.ts (byte counts both ways; and
 * a shaped link like a class hotspot: 60 ms round trip, 12 Mbit/s down, 3 Mbit/s up).
 * Prints a table and writes bench/results/sync.json.
 *
 * Rows: a fresh tablet's initial pull of a class (200 lessons, 300 assignments, 10,000
 * other submissions on the server); a no-change sync with a change history of 1k, 10k and
 * 100k rows, and with other classes writing in between; 15 tablets pushing at once; and
 * the initial pull and a no-change sync through the shaped link beside their physical
 * limit (one round trip + bytes ÷ bandwidth, both directions). Wire bytes are what the proxy
 * saw (HTTP headers included). Node's fetch sends fewer headers than a browser (no
 * user-agent client hints, no cookies): the browser's request is ~300–500 bytes larger.
 */
import 'fake-indexeddb/auto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startTestApp } from '../tests/helpers/test-app.ts';
import { startFaultProxy, type FaultProxy } from '../tests/helpers/fault-proxy.ts';
import { enrolDevice, makeTablet, openSession, createStudent } from '../tests/helpers/sync-fixtures.ts';
import { SyncEngine } from '../src/sync/worker/sync-engine.ts';
import { saveAnswer, submitWork } from '../src/db/work-repository.ts';
import type { CartableDb } from '../src/db/schema.ts';
import { growHistory, seedClass, seedOtherSubmissions } from './sync-bench-data.ts';

const SHAPE = { rttMs: 60, downBitsPerSec: 12e6, upBitsPerSec: 3e6 };
const NO_CHANGE_RUNS = Number(process.env.RUNS ?? 30);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))]!;
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const limitMs = (up: number, down: number, rtts = 1) => rtts * SHAPE.rttMs + (down * 8 * 1000) / SHAPE.downBitsPerSec + (up * 8 * 1000) / SHAPE.upBitsPerSec;

interface Row {
  scenario: string;
  timeMs: number;
  /** Of which waiting on the network (request sent → answer received; includes server time). */
  netMs?: number;
  requests: number;
  upBytes: number;
  downBytes: number;
  limitMs?: number;
  note?: string;
}
const rows: Row[] = [];

async function main() {
  const t = await startTestApp();
  const url = await t.listen();
  const plain = await startFaultProxy(url);
  const shaped = await startFaultProxy(url, { shape: SHAPE });
  const seedStart = performance.now();
  const cls = seedClass(t.store);
  seedOtherSubmissions(t.store, cls.school, 10_000);
  console.log(`seeded in ${ms(performance.now() - seedStart)}: ${t.store.db.prepare('SELECT COUNT(*) FROM changes').pluck().get()} change rows`);

  let n = 0;
  const freshTablet = async (studentId = cls.studentId) => {
    const device = enrolDevice(t.store, cls.school, cls.classId);
    const db = await makeTablet(device, cls.school, [{ studentId, classId: cls.classId, token: openSession(t.store, studentId, device.deviceId) }]);
    return { db, device, name: `bench-${n++}` };
  };
  const engineVia = (proxy: FaultProxy, db: CartableDb) => new SyncEngine({ db, baseUrl: proxy.url, appVersion: '0.1.0', uploader: null });
  const warm = async (proxy: FaultProxy) => { await (await fetch(`${proxy.url}/api/health`)).text(); };

  async function measure(proxy: FaultProxy, scenario: string, run: () => Promise<{ ok: boolean; networkMs: number }>, opts: { limit?: boolean; note?: string } = {}) {
    await warm(proxy);
    proxy.resetStats();
    const t0 = performance.now();
    const out = await run();
    const timeMs = performance.now() - t0;
    if (!out.ok) throw new Error(`${scenario}: sync failed`);
    const row: Row = { scenario, timeMs, netMs: out.networkMs, requests: proxy.stats.requests, upBytes: proxy.stats.up, downBytes: proxy.stats.down, note: opts.note };
    if (opts.limit) row.limitMs = limitMs(row.upBytes, row.downBytes);
    rows.push(row);
    return row;
  }

  // 1. Initial pull of the class, unshaped (server + client cost) and shaped (the hotspot);
  // cold = the first tablet of the class (server serializes), warm = the next ones (cached).
  t.store.sync.serializer.dropCaches();
  const first = await freshTablet();
  const initial = await measure(plain, 'initial pull (200 lessons, 300 assignments; 10k other subs), cold', () => engineVia(plain, first.db).runCycle());
  console.log(`initial pull: ${await first.db.lessons.count()} lessons, ${await first.db.assignments.count()} assignments`);
  await measure(plain, 'initial pull, warm (next tablet of the class)', async () => engineVia(plain, (await freshTablet()).db).runCycle());
  t.store.sync.serializer.dropCaches();
  const second = await freshTablet();
  await measure(shaped, 'initial pull, hotspot link, cold', () => engineVia(shaped, second.db).runCycle(), { limit: true });
  await measure(shaped, 'initial pull, hotspot link, warm', async () => engineVia(shaped, (await freshTablet()).db).runCycle(), { limit: true });

  // 2. No-change sync, growing history (other classes' traffic), median of NO_CHANGE_RUNS,
  // on a second server whose history starts small (a class of 20 lessons, 30 assignments).
  const h = await startTestApp();
  const hProxy = await startFaultProxy(await h.listen());
  const hClass = seedClass(h.store, 20, 30);
  const hDevice = enrolDevice(h.store, hClass.school, hClass.classId);
  const hDb = await makeTablet(hDevice, hClass.school, [{ studentId: hClass.studentId, classId: hClass.classId, token: openSession(h.store, hClass.studentId, hDevice.deviceId) }]);
  for (const total of [1_000, 10_000, 100_000]) {
    growHistory(h.store, total);
    const times: number[] = [];
    const net: number[] = [];
    let up = 0, down = 0, requests = 0;
    const plain = hProxy;
    const engine = engineVia(plain, hDb);
    await engine.runCycle();
    for (let i = 0; i < NO_CHANGE_RUNS; i++) {
      await warm(plain);
      plain.resetStats();
      const t0 = performance.now();
      const out = await engine.runCycle();
      times.push(performance.now() - t0);
      net.push(out.networkMs);
      if (!out.ok || out.pulled !== 0) throw new Error('no-change sync changed something');
      up += plain.stats.up; down += plain.stats.down; requests += plain.stats.requests;
    }
    const historyRows = h.store.db.prepare('SELECT COUNT(*) FROM changes').pluck().get() as number;
    rows.push({ scenario: `no-change sync, history ${historyRows.toLocaleString('en')} changes`, timeMs: median(times), netMs: median(net), requests: requests / NO_CHANGE_RUNS, upBytes: up / NO_CHANGE_RUNS, downBytes: down / NO_CHANGE_RUNS, note: `p95 ${ms(pct(times, 0.95))}` });
  }
  await hProxy.close();
  await h.close();
  {
    // Other classes keep writing between two syncs of this tablet.
    const times: number[] = [];
    const net: number[] = [];
    let up = 0, down = 0;
    const engine = engineVia(plain, first.db);
    for (let i = 0; i < NO_CHANGE_RUNS; i++) {
      growHistory(t.store, (t.store.db.prepare('SELECT COUNT(*) FROM changes').pluck().get() as number) + 200);
      await warm(plain);
      plain.resetStats();
      const t0 = performance.now();
      const out = await engine.runCycle();
      times.push(performance.now() - t0);
      net.push(out.networkMs);
      if (!out.ok || out.pulled !== 0) throw new Error('no-change sync changed something');
      up += plain.stats.up; down += plain.stats.down;
    }
    rows.push({ scenario: 'no-change sync, 200 other changes between syncs', timeMs: median(times), netMs: median(net), requests: 1, upBytes: up / NO_CHANGE_RUNS, downBytes: down / NO_CHANGE_RUNS });
  }
  {
    const engine = engineVia(shaped, second.db);
    await engine.runCycle();
    const times: number[] = [];
    const net: number[] = [];
    let up = 0, down = 0;
    for (let i = 0; i < Math.min(NO_CHANGE_RUNS, 15); i++) {
      await warm(shaped);
      shaped.resetStats();
      const t0 = performance.now();
      const out = await engine.runCycle();
      times.push(performance.now() - t0);
      net.push(out.networkMs);
      up += shaped.stats.up; down += shaped.stats.down;
    }
    const runs = times.length;
    rows.push({ scenario: 'no-change sync, hotspot link', timeMs: median(times), netMs: median(net), requests: 1, upBytes: up / runs, downBytes: down / runs, limitMs: limitMs(up / runs, down / runs) });
  }

  // 3. 15 tablets pushing at once (each: 5 drafts and 1 hand-in on 5 assignments), unshaped and shaped.
  for (const proxy of [plain, shaped]) {
    const assignments = (await first.db.assignments.limit(5).toArray());
    const tablets = [];
    for (let i = 0; i < 15; i++) {
      const studentId = createStudent(t.store, cls.school, cls.classId, `Push ${i}`);
      const tab = await freshTablet(studentId);
      tablets.push({ ...tab, studentId });
    }
    // Past the initial pull (not measured): only the push and its no-change pull are.
    await Promise.all(tablets.map((tab) => engineVia(plain, tab.db).runCycle().then(() => undefined)));
    for (const tab of tablets) {
      for (const a of assignments) await saveAnswer(tab.db, tab.studentId, a, { questionId: 'q1', text: `Réponse de l’élève : ${'la photosynthèse '.repeat(20)}` });
      await submitWork(tab.db, tab.studentId, assignments[0]!.id);
    }
    await warm(proxy);
    proxy.resetStats();
    const per: number[] = [];
    const net: number[] = [];
    const t0 = performance.now();
    const outs = await Promise.all(tablets.map(async (tab) => {
      const s0 = performance.now();
      const o = await engineVia(proxy, tab.db).runCycle();
      per.push(performance.now() - s0);
      net.push(o.networkMs);
      return o;
    }));
    const wall = performance.now() - t0;
    const bad = outs.find((o) => !o.ok || o.pushed !== 5);
    if (bad) throw new Error(`a push failed: ${JSON.stringify(bad)}`);
    rows.push({
      scenario: `15 tablets pushing at once (5 mutations each)${proxy === shaped ? ', hotspot link' : ''}`, timeMs: wall, requests: proxy.stats.requests, upBytes: proxy.stats.up, downBytes: proxy.stats.down,
      netMs: median(net),
      note: `per tablet p50 ${ms(median(per))}, max ${ms(Math.max(...per))} (15 clients + server share one Node thread)`,
      ...(proxy === shaped ? { limitMs: limitMs(proxy.stats.up, proxy.stats.down) } : {}),
    });
  }

  // Table.
  const header = ['scenario', 'time', 'network', 'requests', 'up', 'down', 'limit', 'ratio', 'net ratio', 'note'];
  const lines = rows.map((r) => [
    r.scenario, ms(r.timeMs), r.netMs === undefined ? '' : ms(r.netMs), String(Math.round(r.requests * 10) / 10), kb(r.upBytes), kb(r.downBytes),
    r.limitMs ? ms(r.limitMs) : '', r.limitMs ? `${(r.timeMs / r.limitMs).toFixed(2)}×` : '', r.limitMs && r.netMs ? `${(r.netMs / r.limitMs).toFixed(2)}×` : '', r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 || i === header.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nsync bench — link: ${SHAPE.rttMs} ms RTT, ${SHAPE.downBitsPerSec / 1e6} Mbit/s down, ${SHAPE.upBitsPerSec / 1e6} Mbit/s up (limit = RTT + bytes ÷ bandwidth)`);
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
  console.log(`\ninitial pull (plain): ${initial.requests} request(s). Targets: no-change ≤ 1 KB each way and ≤ 1.2× limit, flat with history; initial pull ≤ 1.5× limit.`);
  console.log('time = the whole cycle on the tablet (here fake-indexeddb in Node); network = request sent → answer received (server time included).');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/sync.json', JSON.stringify({ at: new Date().toISOString(), shape: SHAPE, rows }, null, 2));
  console.log('wrote bench/results/sync.json');
  await plain.close();
  await shaped.close();
  await t.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
