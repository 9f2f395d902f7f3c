/**
 * The sync wire protocol (`POST /api/sync/push`, `GET /api/sync/pull`): TypeBox schemas the
 * server validates with; the tablet imports only the derived types.
 *
 * Push: the tablet sends its outbox in seq order, per signed-in student (each with their own
 * session token). Every mutation carries a random `mutationId`; the server applies it at most
 * once and answers a retry with the FIRST result (see sqlite-sync-store.ts for why the id, not
 * the seq, is the deduplication key on shared tablets).
 *
 * Pull: one cursor per student over the server's change log, restricted to that student's
 * scopes (class, groups, own records). The cursor is `<seq>.<scopesTag>`: when the student's
 * scopes change (moved to a group) or tombstones older than the cursor were purged, the
 * server answers 410 `cursor_expired` and the tablet resyncs that student from scratch.
 */
import { Type, type Static } from 'typebox';
import { ErrorParamsSchema } from './errors.ts';
import { Answer, Id, Instant, Submission } from './entities.ts';
import { MAX_PENDING_STUDENTS } from './wire.ts';

/** Whose work waits on the tablet: a pupil and how many pieces of work (assignments) of theirs. */
export const PendingStudent = Type.Object({ studentId: Id, works: Type.Integer({ minimum: 1, maximum: 10_000 }) });
export type PendingStudent = Static<typeof PendingStudent>;
export { MAX_PENDING_STUDENTS, PULL_FRAMES_TYPE, REPORT_HEADER, formatReportHeader } from './wire.ts';

/** What the tablet reports about itself on every push (shown in the console's devices list). */
export const DeviceReport = Type.Object({
  pendingCount: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  pendingBytes: Type.Integer({ minimum: 0 }),
  storageUsage: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  storageQuota: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  /** Whose work is waiting (absent from older tablets): the console names them before a tablet is revoked. */
  pendingStudents: Type.Optional(Type.Array(PendingStudent, { maxItems: MAX_PENDING_STUDENTS })),
});
export type DeviceReport = Static<typeof DeviceReport>;

const MutationBase = {
  /** Per-device seq, only increasing (orders a device's mutations). */
  seq: Type.Integer({ minimum: 1 }),
  /** Random id: the deduplication key. */
  mutationId: Id,
  assignmentId: Id,
  /** The submission version the tablet last saw (null: never synced). Informative. */
  baseVersion: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  /** The assignment version the answers were written against. */
  assignmentVersion: Type.Integer({ minimum: 1 }),
  answers: Type.Array(Answer, { maxItems: 200 }),
  /** When the student did it on the tablet (the server keeps its own clock for deadlines). */
  clientAt: Instant,
};

/** Append a draft revision (student-owned, append-only). */
export const WorkSaveMutation = Type.Object({ type: Type.Literal('work.save'), ...MutationBase });
/** Hand the work in (a state transition the server checks). */
export const WorkSubmitMutation = Type.Object({ type: Type.Literal('work.submit'), ...MutationBase });
export const Mutation = Type.Union([WorkSaveMutation, WorkSubmitMutation]);
export type Mutation = Static<typeof Mutation>;
export type MutationType = Mutation['type'];

export const MAX_PUSH_MUTATIONS = 100;

export const PushRequest = Type.Object({
  deviceId: Id,
  appVersion: Type.String({ maxLength: 64 }),
  report: DeviceReport,
  mutations: Type.Array(Mutation, { maxItems: MAX_PUSH_MUTATIONS }),
});
export type PushRequest = Static<typeof PushRequest>;

/**
 * The outcome of one mutation:
 * - applied: done now; `submission` is the server state after it;
 * - duplicate: it had been applied before; `first` is the result it got then;
 * - conflict: not applied as such because the server state moved (the work stays on the
 *   tablet, saved as a draft revision, and the student is told why);
 * - rejected: refused (rights, unknown assignment…): kept on the tablet, shown as needing attention.
 * `code` (+ `params`) is one of ERROR_CODES, translated by the tablet; `message` is English, for logs.
 */
export const MutationResult = Type.Union([
  Type.Object({ status: Type.Literal('applied'), mutationId: Id, submission: Submission }),
  Type.Object({
    status: Type.Literal('conflict'), mutationId: Id, code: Type.String(), params: Type.Optional(ErrorParamsSchema), message: Type.String(), submission: Submission,
  }),
  Type.Object({ status: Type.Literal('rejected'), mutationId: Id, code: Type.String(), params: Type.Optional(ErrorParamsSchema), message: Type.String() }),
]);
export type MutationResult = Static<typeof MutationResult>;
export const PushResult = Type.Union([
  MutationResult,
  Type.Object({ status: Type.Literal('duplicate'), mutationId: Id, first: MutationResult }),
]);
export type PushResult = Static<typeof PushResult>;

export const PushResponse = Type.Object({ results: Type.Array(PushResult) });
export type PushResponse = Static<typeof PushResponse>;

export const PullQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 80, pattern: '^[0-9]*(\\.[A-Za-z0-9_-]*)?$' })),
  /** Changes per page (a query string: digits). */
  limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
  /**
   * `1`: the tablet reads the answer as it arrives. When it carries more than one page, the
   * server sends `application/x-ndjson` — pages ("frames") one per line, each with its own
   * cursor, `hasMore` on all but the last — and compresses them as they are made. A server
   * that does not know it answers one page as JSON, which such a tablet reads too.
   */
  stream: Type.Optional(Type.Literal('1')),
});
export type PullQuery = Static<typeof PullQuery>;

export const DEFAULT_PULL_LIMIT = 2000;

export type { Change, DeleteChange, EntityKind, EntityShapes, PullResponse, PutChange } from './sync-pull.ts';

/** The report in a pull header, or null when absent or malformed (never an error: it is a hint). */
export function parseReportHeader(v: unknown): { appVersion: string; report: DeviceReport } | null {
  if (typeof v !== 'string' || v.length > 200 + MAX_PENDING_STUDENTS * 72) return null;
  const m = /^(\d{1,9});(\d{1,15});(\d{0,16});(\d{0,16});([A-Za-z0-9._%~-]{0,64})(?:;([A-Za-z0-9_-]{1,64}:\d{1,5}(?:,[A-Za-z0-9_-]{1,64}:\d{1,5})*))?$/.exec(v);
  if (!m) return null;
  const num = (x: string) => (x === '' ? null : Number(x));
  let appVersion: string;
  try {
    appVersion = decodeURIComponent(m[5]!);
  } catch {
    return null;
  }
  const report: DeviceReport = { pendingCount: Number(m[1]), pendingBytes: Number(m[2]), storageUsage: num(m[3]!), storageQuota: num(m[4]!) };
  if (m[6]) {
    const pending = m[6].split(',').map((pair) => pair.split(':')).map(([studentId, works]) => ({ studentId: studentId!, works: Number(works) }));
    if (pending.length > MAX_PENDING_STUDENTS || pending.some((p) => p.works < 1)) return null;
    report.pendingStudents = pending;
  }
  return { appVersion, report };
}
