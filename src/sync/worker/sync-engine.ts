/**
 * One sync cycle (worker side; runs in Node tests with an injected fetch). Order, per cycle:
 * 1. attachments first (the media area's uploader), so the work that refers to them is
 *    complete on the server as soon as it is handed in;
 * 2. per signed-in student on the tablet (each with their own token): push the outbox in
 *    seq order, in batches, then pull pages until the end of their log;
 * 3. the device report rides on every push; with nothing to push it rides on the pull, in a
 *    small header, only when it changed or is old: a no-change sync is ONE small request.
 * A student whose token is null (signed out) or expired is skipped: their work stays and
 * goes out after their next sign-in. A tablet the server refuses (`device_revoked`,
 * `device_lost`) stops there and remembers it (db/device-refusal.ts): withdrawn, it keeps
 * everything for its next enrolment; lost or stolen, it erases its pupils' data. Network loss aborts the cycle (entries on the wire are
 * released for the next one: their mutation ids make the retry safe).
 * Protocol (issue 16, protocol/wire.ts): before it sends anything, the cycle knows the server's
 * protocol — as the server last said it on an answer (kept in the device's sync state), or
 * from /api/health the first time. A server older than this build's OLDEST_PROTOCOL_VERSION
 * gets nothing (`server_outdated`: the outbox waits, intact, for the server's update). Every
 * request says this build's range, so a server refuses it whole when they cannot talk: a
 * server put back to an older protocol (409 → `server_outdated`), one that no longer speaks
 * this build's (426 → `app_outdated`).
 */
import type { CartableDb, LocalSessionRow, SyncStateRow } from '../../db/schema.ts';
import type { WaitingSummary } from '../../db/waiting-summary.ts';
import type { DeviceReport, Mutation, PullResponse, PushRequest } from '../../protocol/sync.ts';
import { formatReportHeader, MAX_PENDING_STUDENTS, PROTOCOL, PROTOCOL_HEADER, parseProtocol, type ProtocolRange } from '../../protocol/wire.ts';
import { pendingOf } from '../../db/outbox.ts';
import { applyPullPage, applyPushResults, clearSendingFlags, markSending, startResync, waitingSummary } from '../../db/sync-repository.ts';
import { rememberServerProtocol } from '../../db/server-protocol.ts';
import type { WorkPayload } from '../../db/work-repository.ts';
import { waitingByStudent } from '../../db/waiting-summary.ts';
import { clearDeviceRefusal, isDeviceRefusal, markDeviceRefused } from '../../db/device-refusal.ts';
import { probeProtocol, pullPage, pushMutations, type SyncHttpOptions } from './sync-http.ts';
import { PullPageStore } from './pull-page-store.ts';
import { ApiError, isRetryable, NetworkError } from '../http-transport.ts';
import type { AttachmentUploader } from './attachment-uploads.ts';
import { syncError, type SyncError } from '../sync-status.ts';

export interface SyncEngineOptions {
  db: CartableDb;
  baseUrl: string;
  appVersion: string;
  fetch?: typeof fetch;
  /** The media area's uploader (null: none). */
  uploader?: AttachmentUploader | null;
  /** navigator.storage.estimate(), where there is one. */
  estimate?: () => Promise<{ usage?: number; quota?: number } | null>;
  pullLimit?: number;
  pushBatch?: number;
  timeoutMs?: number;
  /** Re-send the device report after this long even if unchanged. */
  reportEveryMs?: number;
  /** The protocols this tablet speaks (default: this build's, protocol/wire.ts; tests play other builds). */
  protocol?: ProtocolRange;
}

export interface CycleProgress {
  items: number;
  bytes: number;
  done: number;
  total: number;
}

export interface CycleOutcome {
  ok: boolean;
  error: SyncError | null;
  pushed: number;
  pulled: number;
  requests: number;
  bytesDown: number;
  /** Of the cycle's time, how much was spent waiting on the network (the rest: the tablet's own work). */
  networkMs: number;
}

const MAX_BATCH_BYTES = 256 * 1024;

/** What one cycle has read, kept while it runs. */
interface CycleState {
  /** Waiting work as read at the cycle's start. */
  waiting: WaitingSummary;
  estimate: Promise<{ usage?: number; quota?: number } | null> | null;
  /** The device's sync state ('*') as read at the cycle's start. */
  deviceState: SyncStateRow | null;
  /** Something was sent this cycle: what was read at its start is stale. */
  changed: boolean;
}

export class SyncEngine {
  private recovered = false;
  /** The server's protocol as last heard (stored in the device's sync state). */
  private serverProtocol: number | null = null;

  constructor(private readonly o: SyncEngineOptions) {}

  /** Runs one full cycle. Never throws for network or server trouble: the outcome says it. */
  async runCycle(onProgress?: (p: CycleProgress) => void, signal?: AbortSignal): Promise<CycleOutcome> {
    const { db } = this.o;
    const out: CycleOutcome = { ok: true, error: null, pushed: 0, pulled: 0, requests: 0, bytesDown: 0, networkMs: 0 };
    // What the cycle needs to know before its first request, read at once (a no-change sync is
    // mostly a round trip: the tablet's own part must stay a few ms, bench:sync).
    const [device, allSessions, waiting, states, uploads] = await Promise.all([
      db.device.get('device'), db.localSessions.toArray(), waitingSummary(db), db.syncState.toArray(),
      this.o.uploader ? db.attachments.where('upload').anyOf('pending', 'uploading').count() : 0,
      // Whatever was on the wire when the app died is simply pending again.
      this.recovered ? null : clearSendingFlags(db).then(() => { this.recovered = true; }),
    ]);
    if (!device) return { ...out, ok: false, error: syncError('not_enrolled') };
    const stateOf = new Map(states.map((st) => [st.studentId, st]));
    const cycle: CycleState = { waiting, estimate: null, deviceState: stateOf.get('*') ?? null, changed: false };
    this.serverProtocol = cycle.deviceState?.serverProtocol ?? null;
    const protocol = this.o.protocol ?? PROTOCOL;
    const http: SyncHttpOptions = { baseUrl: this.o.baseUrl, deviceToken: device.deviceToken, fetch: this.o.fetch, timeoutMs: this.o.timeoutMs, signal, protocol };
    const at = () => new Date().toISOString();
    const sessions = allSessions.filter((s) => s.token && (!s.expiresAt || s.expiresAt > at()));
    const progress: CycleProgress = { items: 0, bytes: 0, done: 0, total: waiting.items };
    const tick = (items: number, bytes: number) => {
      progress.items += items; progress.done += items; progress.bytes += bytes;
      onProgress?.({ ...progress, total: Math.max(progress.total, progress.done) });
    };
    try {
      // Asked when never heard, and again while too old (until the school's server is updated).
      let server = this.serverProtocol;
      if (server === null || server < protocol.oldest) server = await this.heard(await probeProtocol(http));
      if (server !== null && server < protocol.oldest) return { ...out, ok: false, error: syncError('server_outdated') };
      if (this.o.uploader && sessions.length && uploads > 0) {
        const tokens = new Map(sessions.map((s) => [s.studentId, s.token!]));
        const r = await this.o.uploader(db, { baseUrl: this.o.baseUrl, deviceToken: device.deviceToken, tokenFor: (id) => tokens.get(id) ?? null, signal });
        cycle.changed = true;
        tick(r.uploaded, 0);
      }
      let reportSent = false;
      let deviceStamped = false;
      for (const [i, s] of sessions.entries()) {
        try {
          if (cycle.waiting.items > 0 || cycle.changed) {
            const r = await this.pushStudent(http, s, device.deviceId, reportSent, tick, cycle);
            reportSent ||= r.reportSent;
            out.pushed += r.pushed; out.requests += r.requests; out.networkMs += r.ms;
          }
          // The last pupil's last page stamps the device's sync too, in its transaction.
          const stampDevice = i === sessions.length - 1;
          const known = cycle.changed ? undefined : stateOf.get(s.studentId);
          const p = await this.pullStudent(http, s.studentId, s.token!, tick, reportSent ? undefined : await this.dueReportHeader(cycle, !!device.refusal), known, stampDevice);
          reportSent ||= p.reportSent;
          deviceStamped = stampDevice;
          out.pulled += p.changes; out.requests += p.requests; out.bytesDown += p.bytes; out.networkMs += p.ms;
        } catch (err) {
          if (err instanceof ApiError && err.status === 401 && !isDeviceRefusal(err.code)) {
            // The server no longer knows this session: the student signs in again; the work stays.
            await db.localSessions.update(s.studentId, { token: null });
            out.ok = false; out.error = syncError('session_expired');
            continue;
          }
          throw err;
        }
      }
      if (!deviceStamped) await db.syncState.put({ ...((await db.syncState.get('*')) ?? { studentId: '*', cursor: null, lastError: null }), lastSyncAt: at(), lastError: null });
      if (device.refusal && out.requests > 0) await clearDeviceRefusal(db); // answered again: reactivated
      return out;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'protocol_server_outdated') {
        // Said by a server put back to an older protocol: remembered, so the next cycles only ask /api/health.
        if (typeof err.params?.protocol === 'number') await this.heard(err.params.protocol).catch(() => null);
        return { ...out, ok: false, error: syncError('server_outdated') };
      }
      if (err instanceof ApiError && isDeviceRefusal(err.code)) {
        await markDeviceRefused(db, err.code);
        return { ...out, ok: false, error: syncError(err.code) };
      }
      const error = classify(err);
      await db.syncState.update('*', { lastError: error.code }).catch(() => undefined);
      return { ...out, ok: false, error };
    }
  }

  private async pushStudent(http: SyncHttpOptions, s: LocalSessionRow, deviceId: string, reportSent: boolean, tick: (i: number, b: number) => void, cycle: CycleState) {
    const { db } = this.o;
    let pushed = 0, requests = 0, ms = 0, sentReport = reportSent;
    for (let round = 0; round < 1000; round++) {
      const pending = await pendingOf(db, s.studentId);
      const batch = [];
      let bytes = 0;
      for (const o of pending) {
        if (batch.length >= (this.o.pushBatch ?? 50) || (batch.length && bytes + (o.bytes ?? 0) > MAX_BATCH_BYTES)) break;
        batch.push(o); bytes += o.bytes ?? 0;
      }
      if (!batch.length) break;
      const mutations: Mutation[] = batch.map((o) => {
        const p = o.payload as WorkPayload;
        return { type: o.type, seq: o.seq, mutationId: o.mutationId, assignmentId: p.assignmentId, baseVersion: o.baseVersion, assignmentVersion: p.assignmentVersion, answers: p.answers, clientAt: p.clientAt };
      });
      // Report the state as it will be once this batch is acknowledged (so the next no-change sync has nothing to report).
      cycle.changed = true;
      const report = await this.report(cycle, batch.length, bytes);
      const req: PushRequest = { deviceId, appVersion: this.o.appVersion, report: report.report, mutations };
      await markSending(db, batch.map((o) => o.seq), true);
      try {
        const res = await pushMutations(http, s.token!, req);
        requests++; ms += res.ms;
        await this.heard(parseProtocol(res.headers.get(PROTOCOL_HEADER))?.version ?? null);
        await applyPushResults(db, s.studentId, batch, res.body.results);
      } finally {
        // Entries that got no answer are released; acknowledged ones are already gone.
        await markSending(db, batch.map((o) => o.seq), false);
      }
      await this.reportStored(report.key);
      sentReport = true;
      pushed += batch.length;
      tick(batch.length, bytes);
    }
    return { pushed, requests, ms, reportSent: sentReport };
  }

  /**
   * Pulls the student's pages until the end of their log. Pages arrive as frames of one answer:
   * each is stored (with its cursor, in one transaction) while the next ones are still on the
   * way, one after the other in order. A cut answer keeps every page stored before the cut.
   */
  private async pullStudent(
    http: SyncHttpOptions, studentId: string, token: string, tick: (i: number, b: number) => void, report: { header: string; key: string } | null | undefined,
    known: SyncStateRow | undefined, stampDevice: boolean,
  ) {
    const { db } = this.o;
    let changes = 0, requests = 0, bytes = 0, ms = 0, resynced = false, reportSent = false;
    for (;;) {
      // The state read at the cycle's start serves the first request (nothing else writes it meanwhile: one sync at a time).
      const cursor = (requests === 0 && !resynced && known ? known : await db.syncState.get(studentId))?.cursor ?? null;
      let answered = false;
      let hasMore = false;
      let headers: Headers | null = null;
      // Storing a page failed (the disk is full…): the rest of the answer is not wanted.
      const stop = new AbortController();
      const pages = new PullPageStore(async (page) => {
        if (headers) {
          await this.heard(parseProtocol(headers.get(PROTOCOL_HEADER))?.version ?? null);
          headers = null;
          if (report && !reportSent) {
            reportSent = true;
            await this.reportStored(report.key);
          }
        }
        await applyPullPage(db, studentId, page, new Date().toISOString(), { stampDevice });
        changes += page.changes.length;
        tick(page.changes.length ? 1 : 0, 0);
      }, () => stop.abort());
      const arrived = (page: PullResponse, h: Headers) => {
        if (!answered) headers = h;
        answered = true;
        hasMore = page.hasMore;
        pages.add(page);
      };
      let answer;
      try {
        answer = await pullPage({ ...http, signal: http.signal ? AbortSignal.any([http.signal, stop.signal]) : stop.signal }, token, cursor, this.o.pullLimit, report && !reportSent ? report.header : undefined, arrived);
      } catch (err) {
        await pages.done(); // what arrived whole is stored (and a storing failure is the error to tell)
        if (err instanceof ApiError && err.status === 410 && !resynced && !answered) {
          resynced = true;
          await startResync(db, studentId);
          continue;
        }
        throw err;
      }
      await pages.done();
      requests++; bytes += answer.bytes; ms += answer.ms;
      tick(0, answer.bytes);
      if (!hasMore) return { changes, requests, bytes, ms, reportSent };
    }
  }

  /** The device report; the waiting summary read at the cycle's start serves until something was sent. */
  private async report(cycle: CycleState, inFlightItems = 0, inFlightBytes = 0) {
    const all = cycle.changed ? await waitingSummary(this.o.db) : cycle.waiting;
    const w = { items: Math.max(0, all.items - inFlightItems), bytes: Math.max(0, all.bytes - inFlightBytes) };
    // Asked once per cycle (storage is reported by the megabyte).
    const e = await (cycle.estimate ??= this.o.estimate?.().catch(() => null) ?? Promise.resolve(null));
    // Whose work waits (named in the console before anyone revokes this tablet); none once all is sent.
    const pendingStudents = w.items > 0 ? await waitingByStudent(this.o.db) : [];
    const report: DeviceReport = { pendingCount: w.items, pendingBytes: w.bytes, storageUsage: e?.usage ?? null, storageQuota: e?.quota ?? null };
    if (pendingStudents.length) report.pendingStudents = pendingStudents.slice(0, MAX_PENDING_STUDENTS);
    // Storage moves all the time: report it by the megabyte, so a no-change sync stays no-change.
    const key = [w.items, w.bytes, Math.round((e?.usage ?? 0) / 1e6), Math.round((e?.quota ?? 0) / 1e6), pendingStudents.map((p) => `${p.studentId}:${p.works}`).join(',')].join('/');
    return { report, key };
  }

  /**
   * The report as a pull header, when it changed or is old (else null: the pull stays minimal).
   * `always`: a withdrawn tablet sends it with every attempt — the server records what a
   * refused tablet still holds, so the class screen never turns green over it (issue 19).
   */
  private async dueReportHeader(cycle: CycleState, always = false): Promise<{ header: string; key: string } | null> {
    const last = (cycle.changed ? await this.o.db.syncState.get('*') : cycle.deviceState)?.lastReport;
    const r = await this.report(cycle);
    const stale = always || !last || Date.now() - Date.parse(last.at) > (this.o.reportEveryMs ?? 30 * 60_000);
    return stale || r.key !== last?.key ? { header: formatReportHeader(this.o.appVersion, r.report), key: r.key } : null;
  }

  /** Keeps the server's protocol as it said it (a server updated — or put back — is seen at its next answer). */
  private async heard(protocol: number | null): Promise<number | null> {
    if (protocol === null) return null; // unreadable: changes nothing
    if (protocol !== this.serverProtocol) await rememberServerProtocol(this.o.db, protocol);
    this.serverProtocol = protocol;
    return protocol;
  }

  private async reportStored(key: string) {
    const db = this.o.db;
    await db.syncState.put({ ...((await db.syncState.get('*')) ?? { studentId: '*', cursor: null, lastSyncAt: null, lastError: null }), lastReport: { key, at: new Date().toISOString() } });
  }
}

function classify(err: unknown): SyncError {
  if (err instanceof NetworkError) return syncError('offline');
  if (err instanceof ApiError) {
    if (err.code === 'protocol_unsupported') return syncError('app_outdated');
    if (err.status === 401 || err.status === 403) return syncError('device_revoked');
    return syncError(isRetryable(err) ? 'server_error' : 'unknown');
  }
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'QuotaExceededError' || (err as { inner?: { name?: string } })?.inner?.name === 'QuotaExceededError') return syncError('storage_full');
  if (name === 'AbortError' || name === 'TimeoutError') return syncError('offline');
  const kind = name.endsWith('Error') && name !== 'Error' && name !== 'TypeError' ? 'storage_error' : 'unknown';
  // A programming error (TypeError, a bad URL…) must not hide behind a vague status: log it for support.
  if (kind === 'unknown') console.error('[sync] unexpected error', err);
  return syncError(kind);
}
