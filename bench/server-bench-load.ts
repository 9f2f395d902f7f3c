/**
 * One load generator of `npm run bench:server`, run as its own process (one per server
 * process under test, so a JS proxy is never the bottleneck): autocannon sends no-change
 * pulls — `GET /api/sync/pull?cursor=<the tablet's cursor>` with the tablet's bearer token and
 * device token, as src/sync/worker/sync-engine.ts does — cycling over the tablets given, each
 * request the next tablet. With `report`, each pull also carries the compact device report
 * header (x-cartable-report), as a tablet whose report changed sends it.
 * With `push`, each request is instead the tablet's `POST /api/sync/push` of one new draft
 * answer (a fresh mutation id and seq: each one is applied, written with its revision and
 * change-log row, never answered as a duplicate).
 * Usage: node --import tsx bench/server-bench-load.ts <url> <tablets.json> <connections> <seconds> <plain|report|push>
 * Prints one JSON line: { requests, rps, p50, p99, errors, non2xx, statusCodes }.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { DEVICE_HEADER } from '../src/protocol/auth.ts';
import { REPORT_HEADER } from '../src/protocol/sync.ts';

export interface BenchTablet {
  token: string;
  deviceToken: string;
  cursor: string;
  deviceId: string;
  assignmentId: string;
}

const [url, file, connections, seconds, variant] = process.argv.slice(2);
if (!url || !file || !connections || !seconds || !['plain', 'report', 'push'].includes(variant ?? '')) {
  throw new Error('usage: server-bench-load.ts <url> <tablets.json> <connections> <seconds> <plain|report|push>');
}
const tablets = JSON.parse(readFileSync(file, 'utf8')) as BenchTablet[];
let next = Math.floor(Math.random() * tablets.length);
// Seqs only increase per device: start above anything an earlier run of this bench sent.
let seq = Date.now();

const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [{
    method: variant === 'push' ? 'POST' : 'GET',
    setupRequest: (req) => {
      const t = tablets[next]!;
      next = (next + 1) % tablets.length;
      const headers: Record<string, string> = { authorization: `Bearer ${t.token}`, [DEVICE_HEADER]: t.deviceToken, 'accept-encoding': 'br, gzip' };
      // Pending work and storage change from tablet to tablet: each report is news to the server.
      if (variant === 'report') headers[REPORT_HEADER] = `${next % 7};${(next % 7) * 250_000};${1_000_000 + next};64000000000;bench`;
      if (variant === 'push') {
        const mutation = {
          type: 'work.save', seq: seq++, mutationId: randomUUID(), assignmentId: t.assignmentId, baseVersion: null, assignmentVersion: 1,
          answers: [{ questionId: 'q1', text: `Ce matin je suis allé au collège à vélo (${seq}).` }], clientAt: new Date().toISOString(),
        };
        const report = { pendingCount: 1, pendingBytes: 200, storageUsage: null, storageQuota: null };
        const body = JSON.stringify({ deviceId: t.deviceId, appVersion: 'bench', report, mutations: [mutation] });
        return { ...req, path: '/api/sync/push', headers: { ...headers, 'content-type': 'application/json' }, body };
      }
      return { ...req, path: `/api/sync/pull?cursor=${encodeURIComponent(t.cursor)}`, headers };
    },
  }],
});

console.log(JSON.stringify({
  requests: result.requests.total,
  rps: result.requests.total / (result.duration || Number(seconds)),
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors + result.timeouts,
  non2xx: result.non2xx,
  // Which statuses, when some failed (the bench says it with the servers' own lines).
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, (v as { count: number }).count])),
}));
