/**
 * The tablets' sync (SYNC.md): push a student's mutations exactly once, pull their changes
 * by cursor, record the tablet's report, purge old tombstones.
 * - Rights come from the verified session only: the submission is always the session
 *   student's own (looked up by assignment + student, never by a client id); the assignment
 *   must be visible to them now (access-rules.ts); attachments referenced must be theirs (or
 *   not yet uploaded). Anything else is `rejected` with a code, and the work stays on the tablet.
 * - Exactly once: each mutation's random id is recorded with its result in the same
 *   transaction as its effect; a retry gets the first result ('duplicate').
 * - If the teacher changed the assignment since the draft AND the answers no longer fit it
 *   (a question or a choice they answered is gone), a hand-in is a `conflict`: the answers are
 *   kept as a draft revision and the student is asked to check and hand in again.
 * - Pull: one cursor `<seq>.<scopesTag>` per student; a cursor taken under other scopes, or
 *   older than the purge watermark, is `cursor_expired` and the tablet resyncs that student.
 */
import { createHash } from 'node:crypto';
import type { Database, Tx } from '../store/repositories.ts';
import type { DeviceReport, Mutation, MutationResult, PushRequest, PushResult } from '../../src/protocol/sync.ts';
import type { ErrorCode, ErrorParams } from '../../src/protocol/error-codes.ts';
import type { StudentActor } from '../access/actor.ts';
import { contentVisibleToStudent, studentScopes } from '../access/access-rules.ts';
import { englishMessage, fail } from '../domain/domain-error.ts';
import { fromJson } from '../store/json-column.ts';
import { pupilSubmissionWire } from '../content/wire.ts';
import { ChangeSerializer } from './change-serializer.ts';
import { answersFit, appendRevision } from './work-revisions.ts';
import { refuseAnswers } from './answer-validation.ts';
import { stampIsFresh } from '../store/contact-stamps.ts';
import { DeviceReportBatch } from '../devices/device-report-batch.ts';

/** A short tag of a scope set: a cursor is valid only under the scopes it was taken with. */
export const scopesTag = (scopes: string[]) => createHash('sha256').update([...scopes].sort().join('\n')).digest('base64url').slice(0, 8);

/** One page of a pull as sent: its JSON text, its cursor, and whether the log goes on. */
export interface PulledPage {
  json: string;
  cursor: string;
  hasMore: boolean;
  /** How many changes it carries. */
  changes: number;
  /** The scopes tag it was read under. */
  tag: string;
}

/**
 * The end of a page's JSON after its changes. Module-level, not a closure in the page's function:
 * run through tsx (npm run server), a named closure costs a __name() call per pull — 4% of a
 * no-change pull's CPU in bench:server's profile.
 */
const pageTail = (last: number, tag: string, hasMore: boolean, scopesJson: string | null) =>
  `],"cursor":"${last}.${tag}","hasMore":${hasMore}${scopesJson ? `,"scopes":${scopesJson}` : ''}}`;

/** Rows read per frame at most (a frame is cut by its bytes well before: ~2 KB per lesson). */
const FRAME_ROWS = 500;

/** What the mutation log keeps: the result, and whose it was (a reused id from another tablet is refused). */
interface StoredResult {
  studentId: string;
  result: MutationResult;
}

const refusal = (m: Mutation, code: ErrorCode, params?: ErrorParams): MutationResult =>
  params ? { status: 'rejected', mutationId: m.mutationId, code, params, message: englishMessage(code, params) } : { status: 'rejected', mutationId: m.mutationId, code, message: englishMessage(code) };

export class SyncService {
  readonly serializer = new ChangeSerializer();
  /**
   * JSON per frame of a streamed pull (~30 lessons): big enough that a frame is worth a
   * transaction on the tablet, small enough that the one it stores after the last byte is short.
   * Tests set it small to stream a few changes.
   */
  frameBytes = 64 * 1024;
  /** The tablets' reports and "synced" marks, written together (group commit: one disk sync for many pulls). */
  readonly reports: DeviceReportBatch;
  constructor(private readonly db: Database) {
    this.reports = new DeviceReportBatch(db);
  }

  /**
   * Applies the mutations in seq order, each in its own savepoint, all in one commit (one disk
   * sync per push). If one fails unexpectedly, it leaves no trace, the ones before it commit,
   * and the error answers the request: the tablet retries and gets 'duplicate' for those.
   */
  async push(actor: StudentActor, mutations: Mutation[], at: string): Promise<PushResult[]> {
    const ordered = [...mutations].sort((x, y) => x.seq - y.seq);
    const byId = new Map<string, PushResult>();
    let failure: unknown = null;
    await this.db.write(async (tx) => {
      for (const m of ordered) {
        try {
          byId.set(m.mutationId, await tx.savepoint(() => this.pushOne(tx, actor, m, at)));
        } catch (err) {
          failure = err;
          return;
        }
      }
    });
    if (failure) throw failure;
    return mutations.map((m) => byId.get(m.mutationId)!);
  }

  private async pushOne(tx: Tx, actor: StudentActor, m: Mutation, at: string): Promise<PushResult> {
    const prev = await tx.mutations.byMutationId(m.mutationId);
    if (prev) {
      const stored = fromJson<StoredResult>(prev.resultJson);
      if (prev.deviceId !== actor.deviceId || stored.studentId !== actor.studentId) return refusal(m, 'mutation_id_reused');
      return { status: 'duplicate', mutationId: m.mutationId, first: stored.result };
    }
    if (await tx.mutations.seqTaken(actor.deviceId, m.seq)) return refusal(m, 'seq_reused');
    const result = await this.apply(tx, actor, m, at);
    const stored: StoredResult = { studentId: actor.studentId, result };
    await tx.mutations.insert({ deviceId: actor.deviceId, seq: m.seq, mutationId: m.mutationId, resultJson: JSON.stringify(stored), at });
    return result;
  }

  private async apply(tx: Tx, actor: StudentActor, m: Mutation, at: string): Promise<MutationResult> {
    const a = await tx.assignments.byId(m.assignmentId);
    if (!a || a.schoolId !== actor.schoolId || !(await contentVisibleToStudent(tx, a, actor.studentId))) return refusal(m, 'assignment_unavailable');
    const refused = await refuseAnswers(m.answers, m.assignmentVersion, a, () => tx.revisions.answersBeforeVersion(a.id, actor.studentId, a.version));
    if (refused) return refusal(m, refused.code, refused.params);
    const attachmentIds = m.answers.flatMap((x) => x.attachmentIds ?? []);
    for (const id of attachmentIds) {
      const owner = await tx.attachments.byId(id);
      if (owner && owner.studentId !== actor.studentId) return refusal(m, 'attachment_not_yours');
    }
    const changed = m.assignmentVersion < a.version && !answersFit(m.answers, a.questions);
    const kind = m.type === 'work.submit' && !changed ? 'submit' : 'draft';
    const sub = await appendRevision(tx, {
      assignment: a, studentId: actor.studentId, answers: m.answers, kind, assignmentVersion: m.assignmentVersion, deviceId: actor.deviceId, at,
    });
    const submission = await pupilSubmissionWire(tx, sub);
    if (changed && m.type === 'work.submit') {
      return { status: 'conflict', mutationId: m.mutationId, code: 'assignment_changed', message: englishMessage('assignment_changed'), submission };
    }
    return { status: 'applied', mutationId: m.mutationId, submission };
  }

  /** Writes the tablet's report (shown in the console) and marks a successful sync now; resolves once committed (batched with others). */
  report(deviceId: string, appVersion: string, report: DeviceReport, at: string): Promise<void> {
    return this.reports.report(deviceId, appVersion, report, at);
  }

  /**
   * The report of a withdrawn tablet's refused push (issue 19). A push's report describes the
   * tablet once that batch is acknowledged; refused, the batch stays on the tablet too: its
   * mutations are added back, as works of the pupil whose session pushed them. Their works may
   * be among those the report still counts for that pupil (a hand-in whose photo is still
   * waiting): the pupil counts at least as many works as either says — never none.
   */
  reportWithdrawn(caller: { deviceId: string; studentId: string | null }, push: Pick<PushRequest, 'appVersion' | 'report' | 'mutations'>, at: string): Promise<void> {
    const r = push.report;
    const works = new Set(push.mutations.map((m) => m.assignmentId)).size;
    let pendingStudents = r.pendingStudents ?? [];
    if (caller.studentId && works > 0) {
      const mine = pendingStudents.find((p) => p.studentId === caller.studentId);
      pendingStudents = mine
        ? pendingStudents.map((p) => (p === mine ? { ...p, works: Math.max(p.works, works) } : p))
        : [...pendingStudents, { studentId: caller.studentId, works }];
    }
    const bytes = push.mutations.reduce((n, m) => n + JSON.stringify(m).length, 0);
    return this.report(caller.deviceId, push.appVersion, { ...r, pendingCount: r.pendingCount + push.mutations.length, pendingBytes: r.pendingBytes + bytes, pendingStudents }, at);
  }

  /**
   * Marks a successful sync of the device (a pull answered); to the half-minute; batched like the
   * reports. `lastSyncAt`: the stamp as read when the request began — fresh, nothing is written.
   */
  async markSynced(deviceId: string, at: string, lastSyncAt?: string | null): Promise<void> {
    if (stampIsFresh(lastSyncAt, at)) return;
    await this.reports.synced(deviceId, at);
  }

  /**
   * A page of the student's changes after `cursor` ('' = from scratch) as the JSON text the
   * route sends (assembled from cached per-change JSON), or `cursor_expired`.
   */
  async pullJson(actor: StudentActor, cursor: string, limit: number): Promise<string> {
    return (await this.pullPage(actor, cursor, limit))!.json;
  }

  /**
   * The student's changes after `cursor` as a stream of pages ("frames"), each with its own
   * cursor, for the route to send as they are made (the tablet applies each one with its cursor,
   * SYNC.md: resumable after any frame). Each frame is read in its own transaction — exactly
   * what a page request does, so every page invariant holds (gap-free, the head jump only at
   * the end of the log) — and is cut after `frameBytes` of JSON. At most `limit` changes in
   * all: the last frame then says `hasMore` and the tablet asks again from its cursor. If the
   * student's scopes change between two frames, the stream ends there: asked again with the
   * last cursor, the server answers `cursor_expired` (as it would to the next page request).
   * `cursor_expired` on the first frame is thrown before anything is yielded.
   */
  async *pullFrames(actor: StudentActor, cursor: string, limit: number, frameBytes: number): AsyncGenerator<PulledPage> {
    let sent = 0;
    let tag: string | undefined;
    for (;;) {
      const page = await this.pullPage(actor, cursor, Math.min(limit - sent, FRAME_ROWS), frameBytes, tag);
      if (!page) return;
      yield page;
      sent += page.changes;
      if (!page.hasMore || sent >= limit) return;
      cursor = page.cursor;
      tag = page.tag;
    }
  }

  /** One page in one read transaction (null: the scopes are no longer `expectTag`). */
  private pullPage(actor: StudentActor, cursor: string, limit: number, budgetBytes = Infinity, expectTag?: string): Promise<PulledPage | null> {
    // One read transaction: the page and its serialized entities are one consistent snapshot.
    return this.db.read(async (tx) => {
      const scopes = await studentScopes(tx, actor.studentId);
      const tag = scopesTag(scopes);
      if (expectTag !== undefined && tag !== expectTag) return null;
      const fromScratch = cursor === '';
      let after = 0;
      if (!fromScratch) {
        const [seqText, cursorTag] = cursor.split('.');
        after = Number(seqText);
        if (!Number.isSafeInteger(after) || cursorTag !== tag) throw fail('cursor_expired');
        if (after + 1 < (await tx.changes.purgeWatermark())) throw fail('cursor_expired');
      }
      const scopesJson = fromScratch ? JSON.stringify(scopes) : null;
      if (scopes.length === 0) return { json: `{"changes":[${pageTail(after, tag, false, scopesJson)}`, cursor: `${after}.${tag}`, hasMore: false, changes: 0, tag };
      // From scratch the tablet holds nothing: tombstones would be wasted bytes.
      const rows = await tx.changes.page(scopes, after, limit + 1, fromScratch);
      let hasMore = rows.length > limit;
      const changes: string[] = [];
      let bytes = 0;
      for (const r of rows.slice(0, limit)) {
        if (bytes >= budgetBytes) {
          hasMore = true;
          break;
        }
        const json = await this.serializer.json(tx, r);
        changes.push(json);
        bytes += json.length + 1;
      }
      // At the end of the log, jump to its head (same snapshot): the cursor then keeps up with
      // the purge watermark even for a student whose scopes are quiet.
      const head = hasMore ? 0 : await tx.changes.head();
      const last = Math.max(changes.length ? rows[changes.length - 1]!.seq : after, head);
      return { json: `{"changes":[${changes.join(',')}${pageTail(last, tag, hasMore, scopesJson)}`, cursor: `${last}.${tag}`, hasMore, changes: changes.length, tag };
    });
  }

  /** Deletes tombstones with seq < `belowSeq` and raises the watermark: older cursors get 410. */
  purgeTombstones(belowSeq: number): Promise<number> {
    return this.db.write(async (tx) => {
      const n = await tx.changes.purgeTombstonesBelow(belowSeq);
      await tx.changes.setPurgeWatermark(Math.max(await tx.changes.purgeWatermark(), belowSeq));
      return n;
    });
  }

  /**
   * Purges the tombstones recorded before `cutoff` (ISO instant): the watermark becomes the
   * first seq at or after it, so only a tablet whose cursor is older than that resyncs.
   */
  async purgeTombstonesBefore(cutoff: string): Promise<{ removed: number; watermark: number | null }> {
    // seq and `at` grow together (a change is stamped with both when it is written).
    const last = await this.db.read((tx) => tx.changes.lastSeqBefore(cutoff));
    if (last === null) return { removed: 0, watermark: null };
    return { removed: await this.purgeTombstones(last + 1), watermark: last + 1 };
  }
}
