/**
 * The tablet's local database (IndexedDB via Dexie): the Dexie class, apart from its one
 * instance (`db-instance.ts`), so tests open fresh databases on fake-indexeddb.
 *
 * Policy:
 * - Class content (lessons, assignments, roster) is shared on the device, keyed by id.
 * - A student's own records (work, attachments, outbox, feedback, submissions, sync
 *   state) always carry `studentId`, and every query for the UI is by student: switching
 *   student never shows another's work; signing out never drops unsynced work.
 * - Writes that must sync go through repository functions that write the record and its
 *   outbox entry in ONE transaction (no network call inside a transaction).
 * - Schema versions only add; `upgrade()` migrates data in place (tested with data in it,
 *   tests/unit/db/schema-upgrade.test.ts). Never edit a shipped version: add the next one.
 * - Rollback safety (issue 16): the IT referent may send a tablet back to an older build, whose
 *   schema declares a LOWER version than its database has. IndexedDB refuses to open a lower
 *   version; Dexie 4 then opens the database at its current version and uses the tables found
 *   there. That works only because a version never drops or renames a table or an index an
 *   older build reads, and never changes the shape of a row an older build writes — so a new
 *   version only ADDS (tests/unit/db/schema-rollback.test.ts, tests/e2e/pwa-rollout.test.ts).
 *
 * Versions:
 * - v1 (first release): the tables and single-field indexes below.
 * - v2: per-student compound indexes for the sync's hot reads — outbox `[studentId+state]`
 *   (the engine's pending read, in seq order, each push round), outbox
 *   `[studentId+entityId]` (coalescing on every keystroke save, "does this work still have
 *   local changes?" for each pulled submission and push result), attachments
 *   `[studentId+upload]` (the student's "waiting" status). Its upgrade backfills what v1
 *   rows lack: outbox `bytes` (else "bytes waiting" reads 0 and the push batch ignores its
 *   size cap) and `sending: false`; work `needsAttentionCode` and `serverVersion` (null).
 * - v3: codes, not sentences, below the UI. A work that needs attention keeps the server's
 *   code and params (`needsAttentionCode` + `needsAttentionParams`, worded by the screen in
 *   the pupil's language at render time) instead of the server's French sentence
 *   (`needsAttention`, dropped); a refused outbox entry keeps the code in `lastError`. The
 *   upgrade turns a stored sentence without a code into the calm generic `unknown`.
 * - v4: `diaryVisits` (new table, nothing else changes): per pupil, what their homework diary
 *   showed at their last visit, so the next one marks new work and returned corrections.
 * - v5: `dismissedNotices` (new table, nothing else changes): per pupil, the teacher's reminders
 *   they closed (« J'ai compris »), so each shows once.
 */
import Dexie, { type EntityTable } from 'dexie';
import type {
  Answer,
  Assignment,
  ClassInfo,
  Feedback,
  Group,
  Lesson,
  StudentCard,
  Submission,
} from '../protocol/entities.ts';
import type { MutationType } from '../protocol/sync.ts';
import type { ErrorParams } from '../protocol/error-codes.ts';

/** This tablet's enrolment (one row, key 'device'). */
export interface DeviceRow {
  key: 'device';
  deviceId: string;
  /** Sent as X-Cartable-Device; identifies the enrolled tablet. */
  deviceToken: string;
  schoolId: string;
  classId: string | null;
  name: string;
  enrolledAt: string;
  /** Next per-device mutation seq (only increases; allocated inside the write transaction). */
  nextSeq: number;
  /**
   * The server refused this tablet (device-refusal.ts): withdrawn (its work kept, waiting for
   * a new enrolment) or declared lost or stolen (its pupils' data erased). Absent: enrolled.
   */
  refusal?: 'device_revoked' | 'device_lost';
  /** When the pupils' data was erased (lost or stolen). */
  erasedAt?: string;
}

/** A student who signed in on this tablet: their token and an offline verifier of their secret. */
export interface LocalSessionRow {
  studentId: string;
  classId: string;
  firstName: string;
  lastName: string;
  /** Server session token; null after sign-out (their unsynced work stays and syncs at the next sign-in). */
  token: string | null;
  expiresAt: string | null;
  /** PBKDF2-SHA-256 of the secret, to sign in offline on this tablet. */
  verifier: { salt: string; hash: string; iterations: number } | null;
  lastSignInAt: string;
  failedAttempts: number;
  lockedUntil: string | null;
}

/**
 * A student's local work on an assignment (the draft being edited, then what was handed in).
 * state: draft → submitting (handed in on the tablet, waiting to be sent) → received (the
 * server confirmed) ; needsAttention holds the server's refusal in plain words, never dropped.
 */
export interface WorkRow {
  /** `${studentId}:${assignmentId}` */
  id: string;
  studentId: string;
  assignmentId: string;
  answers: Answer[];
  /** The assignment version the student started against (told when it changed). */
  assignmentVersion: number;
  state: 'draft' | 'submitting' | 'received';
  updatedAt: string;
  submittedAt: string | null;
  receivedAt: string | null;
  /** Why the server refused or bounced it: an error code ('assignment_changed', 'assignment_unavailable'…; null: fine). */
  needsAttentionCode: string | null;
  /** The code's parameters (v3). */
  needsAttentionParams?: ErrorParams | null;
  /** The server submission version this work was last reconciled with. */
  serverVersion?: number | null;
}

/** A photo or recording: the Blob is the source of truth until the server confirms it. */
export interface AttachmentRow {
  id: string;
  studentId: string;
  assignmentId: string;
  questionId: string;
  kind: 'photo' | 'audio';
  mime: string;
  size: number;
  sha256: string;
  blob: Blob;
  createdAt: string;
  /** pending → uploading → uploaded (server confirmed, checksum ok) | failed (needs attention). */
  upload: 'pending' | 'uploading' | 'uploaded' | 'failed';
  uploadedBytes: number;
  error: string | null;
  /** Deleted by the student before it was sent: kept until the outbox no longer needs it. */
  deleted: boolean;
}

export type { MutationType };

/** Class content as stored: the wire record and the scope it came in (to apply tombstones of that scope only). */
export type ContentRow<T> = T & { scope?: string };

/** One entry of the outbox, written in the same transaction as the record it describes. */
export interface OutboxRow {
  /** Per-device seq, only increasing (the primary key). */
  seq: number;
  mutationId: string;
  studentId: string;
  type: MutationType;
  entityId: string;
  baseVersion: number | null;
  payload: unknown;
  attachmentIds: string[];
  createdAt: string;
  /** pending: to send; rejected: the server refused (kept, shown as needing attention). */
  state: 'pending' | 'rejected';
  attempts: number;
  /** The server's error code for a refused entry (v3; a sentence before). */
  lastError: string | null;
  /** That code's parameters (v3). */
  lastErrorParams?: ErrorParams | null;
  /** Set while a push carrying it is on the wire (coalescing never replaces it then). Backfilled by v2. */
  sending?: boolean;
  /** Approximate size on the wire, for "bytes waiting" and the push batch cap. Backfilled by v2. */
  bytes?: number;
}

/** Per-student pull cursor and status (and one row with studentId '*' for the device). */
export interface SyncStateRow {
  studentId: string;
  cursor: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
  /** The student's scopes, as the server listed them on the last pull from scratch. */
  scopes?: string[] | null;
  /** A resync (after a 410) in progress: the scopes before it and the content ids seen so far. */
  resync?: { oldScopes: string[]; seen: string[] } | null;
  /** Device row only: the last report sent (to skip a push when nothing changed). */
  lastReport?: { key: string; at: string } | null;
  /** Device row only: the school server's sync protocol, as it last said it (protocol/wire.ts). */
  serverProtocol?: number | null;
}

/** tus upload URLs, keyed by attachment id (localStorage does not exist in workers). */
export interface UploadUrlRow {
  attachmentId: string;
  fingerprint: string;
  uploadUrl: string;
  createdAt: string;
}

/** A notice a pupil closed (v5): `id` is `${studentId}:${noticeId}` (a reminder's id). */
export interface DismissedNoticeRow {
  id: string;
  studentId: string;
  noticeId: string;
  dismissedAt: string;
}

/** One pupil's last visit to the homework diary (v4): what it had shown them, by id. */
export interface DiaryVisitRow {
  studentId: string;
  visitedAt: string;
  /** Assignments the diary has shown them. */
  seenAssignments: string[];
  /** Corrections the diary has shown them: `${feedbackId}@${returnedAt}` (a correction returned again is new again). */
  seenCorrections: string[];
}

export class CartableDb extends Dexie {
  device!: EntityTable<DeviceRow, 'key'>;
  localSessions!: EntityTable<LocalSessionRow, 'studentId'>;
  classes!: EntityTable<ClassInfo, 'id'>;
  groups!: EntityTable<Group, 'id'>;
  students!: EntityTable<StudentCard, 'id'>;
  lessons!: EntityTable<ContentRow<Lesson>, 'id'>;
  assignments!: EntityTable<ContentRow<Assignment>, 'id'>;
  submissions!: EntityTable<Submission, 'id'>;
  feedback!: EntityTable<Feedback, 'id'>;
  work!: EntityTable<WorkRow, 'id'>;
  attachments!: EntityTable<AttachmentRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  syncState!: EntityTable<SyncStateRow, 'studentId'>;
  uploadUrls!: EntityTable<UploadUrlRow, 'attachmentId'>;
  diaryVisits!: EntityTable<DiaryVisitRow, 'studentId'>;
  dismissedNotices!: EntityTable<DismissedNoticeRow, 'id'>;

  constructor(name = 'cartable', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      device: 'key',
      localSessions: 'studentId, classId',
      classes: 'id',
      groups: 'id, classId, *studentIds',
      students: 'id, classId',
      lessons: 'id, classId, groupId',
      assignments: 'id, classId, groupId',
      submissions: 'id, studentId, assignmentId, [studentId+assignmentId]',
      feedback: 'id, studentId, submissionId, assignmentId',
      work: 'id, studentId, assignmentId, state',
      attachments: 'id, studentId, assignmentId, upload',
      outbox: 'seq, &mutationId, studentId, state',
      syncState: 'studentId',
      uploadUrls: 'attachmentId, fingerprint',
    });
    this.version(2)
      .stores({
        attachments: 'id, studentId, assignmentId, upload, [studentId+upload]',
        outbox: 'seq, &mutationId, studentId, state, [studentId+state], [studentId+entityId]',
      })
      .upgrade(async (tx) => {
        await tx.table<OutboxRow, number>('outbox').toCollection().modify((o) => {
          o.bytes ??= outboxBytes(o.payload);
          o.sending ??= false;
        });
        await tx.table<WorkRow, string>('work').toCollection().modify((w) => {
          w.needsAttentionCode ??= null;
          w.serverVersion ??= null;
        });
      });
    this.version(3)
      .stores({})
      .upgrade(async (tx) => {
        await tx.table<WorkRow & { needsAttention?: string | null }, string>('work').toCollection().modify((w) => {
          w.needsAttentionCode = w.needsAttentionCode ?? (w.needsAttention ? 'unknown' : null);
          w.needsAttentionParams ??= null;
          delete w.needsAttention;
        });
        await tx.table<OutboxRow, number>('outbox').toCollection().modify((o) => {
          if (o.lastError !== null && !isCode(o.lastError)) o.lastError = o.state === 'rejected' ? 'unknown' : null;
          o.lastErrorParams ??= null;
        });
      });
    this.version(4).stores({ diaryVisits: 'studentId' });
    this.version(5).stores({ dismissedNotices: 'id, studentId' });
  }
}

/** A stored error code (not a sentence of an older version). */
const isCode = (s: string) => /^[a-z][a-z0-9_]*$/.test(s);

/** An outbox entry's approximate size on the wire (its payload as JSON). */
export const outboxBytes = (payload: unknown): number => JSON.stringify(payload).length;
