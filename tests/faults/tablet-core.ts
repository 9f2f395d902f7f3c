/**
 * One tablet of `npm run test:faults`, as the app runs it: the product's own database
 * (Dexie), repositories (saveAnswer, addAttachment, submitWork), sync engine and tus
 * uploader. The same class runs in Node on fake-indexeddb and inside a Web Worker in real
 * Chromium on real IndexedDB (tests/e2e/tablet-page/); only the database opener differs.
 * Runs in both: no Node or DOM API beyond fetch, crypto.subtle and Blob.
 */
import type { CartableDb } from '../../src/db/schema.ts';
import { SyncEngine } from '../../src/sync/worker/sync-engine.ts';
import type { AttachmentUploader } from '../../src/sync/worker/attachment-uploads.ts';
import { addAttachment, saveAnswer, submitWork } from '../../src/db/work-repository.ts';
import type { FaultTabletSeed } from './fault-school.ts';
import { rememberServerProtocol } from '../../src/db/server-protocol.ts';
import { HEALTH_PATH, PROTOCOL_HEADER, parseProtocol } from '../../src/protocol/wire.ts';

/** What the checks read from a tablet at the end (and after each restart). */
export interface TabletSnapshot {
  outbox: { pending: number; rejected: { code: string | null; type: string }[] };
  work: { studentId: string; assignmentId: string; state: string; answers: { questionId: string; text?: string; attachmentIds?: string[] }[]; needsAttentionCode: string | null }[];
  submissions: { id: string; studentId: string; assignmentId: string; state: string; version: number }[];
  feedback: { id: string; studentId: string; submissionId: string }[];
  attachments: { id: string; studentId: string; upload: string; error: string | null; sha256: string; blobSha256: string; size: number }[];
  assignments: { id: string; version: number }[];
}

export interface CycleResult {
  ok: boolean;
  code: string | null;
  pushed: number;
  pulled: number;
  /** Of the cycle, the time spent waiting on the network (request sent → answer read). */
  networkMs?: number;
}

/** A photo as the tablet's compressor makes it: JPEG magic bytes, then bytes that do not compress (from `seed`). */
export function photoBytes(seed: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
  let a = seed >>> 0;
  for (let i = 11; i < size - 2; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  out[size - 2] = 0xff;
  out[size - 1] = 0xd9;
  return out;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class TabletCore {
  db: CartableDb;
  private engine: SyncEngine;

  constructor(
    private readonly open: () => CartableDb,
    private readonly baseUrl: string,
    private readonly uploader: AttachmentUploader,
  ) {
    this.db = open();
    this.engine = this.newEngine();
  }

  private newEngine() {
    return new SyncEngine({ db: this.db, baseUrl: this.baseUrl, appVersion: 'faults', uploader: this.uploader, timeoutMs: 15_000 });
  }

  /**
   * Enrolled, with its pupils signed in (what enrolment and the sign-in grid leave behind):
   * also the server's protocol, which the app's enrolment answer says (asked here of
   * /api/health; if that fails, the first cycle asks).
   */
  async enrol(seed: FaultTabletSeed) {
    if (await this.db.device.get('device')) return;
    const said = await fetch(`${this.baseUrl}${HEALTH_PATH}`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.headers.get(PROTOCOL_HEADER), () => null);
    const protocol = said ? parseProtocol(said)?.version : null;
    if (protocol) await rememberServerProtocol(this.db, protocol);
    const at = new Date().toISOString();
    await this.db.device.put({ key: 'device', deviceId: seed.deviceId, deviceToken: seed.deviceToken, schoolId: seed.schoolId, classId: null, name: 'T', enrolledAt: at, nextSeq: 1 });
    for (const p of seed.pupils) {
      await this.db.localSessions.put({
        studentId: p.studentId, classId: p.classId, firstName: 'X', lastName: 'Y', token: p.token, expiresAt: null, verifier: null, lastSignInAt: at, failedAttempts: 0, lockedUntil: null,
      });
    }
  }

  async saveText(studentId: string, assignment: { id: string; version: number }, text: string) {
    const r = await saveAnswer(this.db, studentId, assignment, { questionId: 'q1', text });
    if (!r.ok) throw new Error(`saveAnswer: ${r.code}`);
  }

  /** Stores a photo made from (seed, size) on q2 — or the given bytes (a real compressed photo) — and returns its attachment id. */
  async addPhoto(studentId: string, assignmentId: string, seed: number, size: number, real?: { bytes: Uint8Array; mime: string }): Promise<string> {
    const bytes = real?.bytes ?? photoBytes(seed, size);
    const mime = real?.mime ?? 'image/jpeg';
    const r = await addAttachment(this.db, {
      studentId, assignmentId, questionId: 'q2', kind: 'photo', blob: new Blob([bytes as BlobPart], { type: mime }), mime, sha256: await sha256Hex(bytes),
    });
    if (!r.ok) throw new Error(`addAttachment: ${r.code}`);
    return r.value.attachmentId;
  }

  async submit(studentId: string, assignmentId: string) {
    const r = await submitWork(this.db, studentId, assignmentId);
    if (!r.ok) throw new Error(`submitWork: ${r.code}`);
  }

  /** One sync cycle; `abortAfterMs`: the app is killed that long into it (the cycle is abandoned). */
  async cycle(limitMs: number, abortAfterMs?: number): Promise<CycleResult> {
    const signal = AbortSignal.any([AbortSignal.timeout(limitMs), ...(abortAfterMs !== undefined ? [AbortSignal.timeout(abortAfterMs)] : [])]);
    const o = await this.engine.runCycle(undefined, signal);
    return { ok: o.ok, code: o.error?.code ?? null, pushed: o.pushed, pulled: o.pulled, networkMs: o.networkMs };
  }

  /** The app starts again on the same database (a new connection, a new engine: it recovers what was on the wire). */
  restart() {
    this.db.close();
    this.db = this.open();
    this.engine = this.newEngine();
  }

  async snapshot(): Promise<TabletSnapshot> {
    const db = this.db;
    const outbox = await db.outbox.toArray();
    const attachments = [];
    for (const a of await db.attachments.toArray()) {
      attachments.push({ id: a.id, studentId: a.studentId, upload: a.upload, error: a.error, sha256: a.sha256, size: a.size, blobSha256: await sha256Hex(await a.blob.arrayBuffer()) });
    }
    return {
      outbox: { pending: outbox.filter((o) => o.state === 'pending').length, rejected: outbox.filter((o) => o.state === 'rejected').map((o) => ({ code: o.lastError, type: o.type })) },
      work: (await db.work.toArray()).map((w) => ({ studentId: w.studentId, assignmentId: w.assignmentId, state: w.state, answers: w.answers, needsAttentionCode: w.needsAttentionCode })),
      submissions: (await db.submissions.toArray()).map((s) => ({ id: s.id, studentId: s.studentId, assignmentId: s.assignmentId, state: s.state, version: s.version })),
      feedback: (await db.feedback.toArray()).map((f) => ({ id: f.id, studentId: f.studentId, submissionId: f.submissionId })),
      attachments,
      assignments: (await db.assignments.toArray()).map((a) => ({ id: a.id, version: a.version })),
    };
  }
}
