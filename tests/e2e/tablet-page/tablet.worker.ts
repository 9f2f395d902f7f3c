/**
 * The tablet test page's worker: the product's sync engine and tus uploader on the real
 * IndexedDB (tests/faults/tablet-core.ts), exposed with Comlink as the app's sync worker is.
 */
import { expose } from 'comlink';
import { CartableDb } from '../../../src/db/schema.ts';
import { loadAttachmentUploader } from '../../../src/sync/worker/attachment-uploads.ts';
import { TabletCore } from '../../faults/tablet-core.ts';
import type { FaultTabletSeed } from '../../faults/fault-school.ts';

/** The tus uploader's refused requests (XHR answers ≥ 400), for a failing run to show. */
const refusedRequests: string[] = [];
const open = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
  this.addEventListener('loadend', () => {
    if (this.status >= 400 || (this.status >= 200 && /\/files\//.test(String(url)) && !this.getResponseHeader('upload-offset') && method !== 'POST')) {
      const line = `${method} ${String(url).replace(/^.*\/files/, '/files')} → ${this.status} ${String(this.responseText).slice(0, 200)}`;
      refusedRequests.push(line);
      console.warn(`[refused] ${line}`); // the page may reload before the test asks
    }
  });
  return (open as (...a: unknown[]) => void).call(this, method, url, ...rest);
} as typeof XMLHttpRequest.prototype.open;

let core: TabletCore | null = null;
const need = () => {
  if (!core) throw new Error('init() first');
  return core;
};

const api = {
  /** Opens (or reopens after a reload) the tablet's database and enrols it. */
  async init(seed: FaultTabletSeed) {
    core = new TabletCore(() => new CartableDb(`tablet-${seed.deviceId}`), '', await loadAttachmentUploader());
    await core.enrol(seed);
  },
  saveText: (studentId: string, assignment: { id: string; version: number }, text: string) => need().saveText(studentId, assignment, text),
  addPhoto: (studentId: string, assignmentId: string, seed: number, size: number) => need().addPhoto(studentId, assignmentId, seed, size),
  submit: (studentId: string, assignmentId: string) => need().submit(studentId, assignmentId),
  cycle: (limitMs: number, abortAfterMs?: number) => need().cycle(limitMs, abortAfterMs),
  snapshot: () => need().snapshot(),
  refusedRequests: () => refusedRequests.slice(-50),
  /** Bench: one timed cycle (ms in the worker, as the sync engine reports it). */
  async timedCycle() {
    const t0 = performance.now();
    const r = await need().cycle(600_000);
    return { ...r, ms: performance.now() - t0, start: t0 };
  },
  /** Bench: the worker's requests since the last call (resource timing, in the worker's clock, as `timedCycle`'s start). */
  resourceTimings() {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    performance.clearResourceTimings();
    return entries.map((e) => ({ url: e.name.replace(/^https?:\/\/[^/]+/, ''), start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart, end: e.responseEnd, encoded: e.encodedBodySize, decoded: e.decodedBodySize }));
  },
  counts: async () => ({ lessons: await need().db.lessons.count(), assignments: await need().db.assignments.count() }),
  /** The peer (bench:sync): PouchDB replication from `url` into a local IndexedDB database, in this worker (loaded only here). */
  async pouchReplicate(url: string, localName: string) {
    const { default: PouchDB } = await import('pouchdb-browser');
    const local = new PouchDB(localName);
    const t0 = performance.now();
    const r = await local.replicate.from(url, { batch_size: 100 });
    const ms = performance.now() - t0;
    const docs = (await local.info()).doc_count;
    await local.close();
    return { ms, written: r.docs_written, docs };
  },
};

export type TabletWorkerApi = typeof api;
expose(api);
