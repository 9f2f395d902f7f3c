/** SQLite: students' work — submissions and their revisions, feedback, attachments — and the blob catalogue. */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';
import type {
  AttachmentRepository, BlobCatalogRepository, FeedbackRepository, RevisionRepository, SubmissionRepository,
} from '../repositories.ts';
import type { AttachmentRecord, FeedbackRecord, RevisionRecord, SubmissionRecord, SubmissionState } from '../records.ts';
import type { Answer, AutoMark, QuestionFeedback } from '../../../src/protocol/entities.ts';
import { fromJson } from '../json-column.ts';
import { bool } from './school-repositories.ts';

interface SubmissionRow {
  id: string;
  assignment_id: string;
  student_id: string;
  state: SubmissionState;
  latest_revision_id: string | null;
  submitted_revision_id: string | null;
  submitted_at: string | null;
  late: number;
  resubmitted: number;
  version: number;
  created_at: string;
  updated_at: string;
}
const submissionFromRow = (r: SubmissionRow): SubmissionRecord => ({
  id: r.id, assignmentId: r.assignment_id, studentId: r.student_id, state: r.state, latestRevisionId: r.latest_revision_id,
  submittedRevisionId: r.submitted_revision_id, submittedAt: r.submitted_at, late: r.late === 1, resubmitted: r.resubmitted === 1,
  version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
});

const submissionStatements = (db: Db) => ({
  byId: db.prepare<[string], SubmissionRow>('SELECT * FROM submissions WHERE id = ?'),
  byPair: db.prepare<[string, string], SubmissionRow>('SELECT * FROM submissions WHERE assignment_id = ? AND student_id = ?'),
  byAssignment: db.prepare<[string], SubmissionRow>('SELECT * FROM submissions WHERE assignment_id = ?'),
  insert: db.prepare<[string, string, string, string, string]>(
    "INSERT INTO submissions (id, assignment_id, student_id, state, version, created_at, updated_at) VALUES (?, ?, ?, 'draft', 0, ?, ?)",
  ),
  update: db.prepare<[{
    id: string; state: string | null; set_latest: number; latest: string | null; set_submitted: number; submitted: string | null;
    set_submitted_at: number; submitted_at: string | null; late: number | null; resubmitted: number | null; at: string;
  }]>(
    `UPDATE submissions SET state = COALESCE(@state, state),
       latest_revision_id = CASE WHEN @set_latest THEN @latest ELSE latest_revision_id END,
       submitted_revision_id = CASE WHEN @set_submitted THEN @submitted ELSE submitted_revision_id END,
       submitted_at = CASE WHEN @set_submitted_at THEN @submitted_at ELSE submitted_at END,
       late = COALESCE(@late, late), resubmitted = COALESCE(@resubmitted, resubmitted), version = version + 1, updated_at = @at
     WHERE id = @id`,
  ),
  referencing: db.prepare<[string, string], { id: string }>(
    `SELECT DISTINCT s.id FROM submissions s JOIN submission_revisions r ON r.id = s.submitted_revision_id OR r.id = s.latest_revision_id
     WHERE s.student_id = ? AND r.answers_json LIKE ?`,
  ),
});

export class SqliteSubmissionRepository implements SubmissionRepository {
  private readonly q: ReturnType<typeof submissionStatements>;
  constructor(db: Db) {
    this.q = submissionStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? submissionFromRow(r) : null;
  }
  async byAssignmentAndStudent(assignmentId: string, studentId: string) {
    const r = this.q.byPair.get(assignmentId, studentId);
    return r ? submissionFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return this.q.byAssignment.all(assignmentId).map(submissionFromRow);
  }
  async insert(s: { id: string; assignmentId: string; studentId: string; at: string }) {
    this.q.insert.run(s.id, s.assignmentId, s.studentId, s.at, s.at);
  }
  async update(id: string, p: Partial<Pick<SubmissionRecord, 'state' | 'latestRevisionId' | 'submittedRevisionId' | 'submittedAt' | 'late' | 'resubmitted'>>, at: string) {
    this.q.update.run({
      id, state: p.state ?? null,
      set_latest: p.latestRevisionId === undefined ? 0 : 1, latest: p.latestRevisionId ?? null,
      set_submitted: p.submittedRevisionId === undefined ? 0 : 1, submitted: p.submittedRevisionId ?? null,
      set_submitted_at: p.submittedAt === undefined ? 0 : 1, submitted_at: p.submittedAt ?? null,
      late: bool(p.late), resubmitted: bool(p.resubmitted), at,
    });
  }
  async idsReferencingAttachment(studentId: string, attachmentId: string) {
    // Attachment ids are UUIDs (no LIKE wildcards), quoted as they are in the answers' JSON.
    return this.q.referencing.all(studentId, `%"${attachmentId}"%`).map((r) => r.id);
  }
}

interface RevisionRow {
  id: string;
  submission_id: string;
  number: number;
  kind: 'draft' | 'submit';
  answers_json: string;
  assignment_version: number;
  device_id: string | null;
  created_at: string;
  auto_marks_json: string | null;
}
const revisionStatements = (db: Db) => ({
  byId: db.prepare<[string], RevisionRow>('SELECT * FROM submission_revisions WHERE id = ?'),
  next: db.prepare<[string], { n: number }>('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM submission_revisions WHERE submission_id = ?'),
  insert: db.prepare<[string, string, number, string, string, number, string | null, string, string | null]>(
    'INSERT INTO submission_revisions (id, submission_id, number, kind, answers_json, assignment_version, device_id, created_at, auto_marks_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  answersBefore: db.prepare<[string, string, number], { answers_json: string }>(
    `SELECT r.answers_json FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id
     WHERE s.assignment_id = ? AND s.student_id = ? AND r.assignment_version < ?`,
  ),
});

export class SqliteRevisionRepository implements RevisionRepository {
  private readonly q: ReturnType<typeof revisionStatements>;
  constructor(db: Db) {
    this.q = revisionStatements(db);
  }
  async byId(id: string): Promise<RevisionRecord | null> {
    const r = this.q.byId.get(id);
    return r
      ? {
          id: r.id, submissionId: r.submission_id, number: r.number, kind: r.kind, answers: fromJson<Answer[]>(r.answers_json),
          assignmentVersion: r.assignment_version, deviceId: r.device_id, createdAt: r.created_at,
          autoMarks: r.auto_marks_json === null ? null : fromJson<AutoMark[]>(r.auto_marks_json),
        }
      : null;
  }
  async nextNumber(submissionId: string) {
    return this.q.next.get(submissionId)?.n ?? 1;
  }
  async insert(r: { id: string; submissionId: string; number: number; kind: 'draft' | 'submit'; answers: Answer[]; assignmentVersion: number; deviceId: string | null; createdAt: string; autoMarks?: AutoMark[] | null }) {
    this.q.insert.run(r.id, r.submissionId, r.number, r.kind, JSON.stringify(r.answers), r.assignmentVersion, r.deviceId, r.createdAt, r.autoMarks ? JSON.stringify(r.autoMarks) : null);
  }
  async answersBeforeVersion(assignmentId: string, studentId: string, version: number) {
    return this.q.answersBefore.all(assignmentId, studentId, version).flatMap((r) => fromJson<Answer[]>(r.answers_json));
  }
}

interface FeedbackRow {
  id: string;
  submission_id: string;
  teacher_id: string;
  per_question_json: string;
  comment: string;
  mark: number | null;
  max_mark: number;
  returned_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
const feedbackFromRow = (r: FeedbackRow): FeedbackRecord => ({
  id: r.id, submissionId: r.submission_id, teacherId: r.teacher_id, perQuestion: fromJson<QuestionFeedback[]>(r.per_question_json), comment: r.comment,
  mark: r.mark, maxMark: r.max_mark, returnedAt: r.returned_at, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
});
const feedbackStatements = (db: Db) => ({
  byId: db.prepare<[string], FeedbackRow>('SELECT * FROM feedback WHERE id = ?'),
  bySubmission: db.prepare<[string], FeedbackRow>('SELECT * FROM feedback WHERE submission_id = ?'),
  insert: db.prepare<[string, string, string, string, string, number | null, number, string, string]>(
    `INSERT INTO feedback (id, submission_id, teacher_id, per_question_json, comment, mark, max_mark, returned_at, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 1, ?, ?)`,
  ),
  update: db.prepare<[{
    id: string; teacher_id: string | null; per_question_json: string | null; comment: string | null; set_mark: number; mark: number | null;
    max_mark: number | null; returned_at: string | null; at: string;
  }]>(
    `UPDATE feedback SET teacher_id = COALESCE(@teacher_id, teacher_id), per_question_json = COALESCE(@per_question_json, per_question_json),
       comment = COALESCE(@comment, comment), mark = CASE WHEN @set_mark THEN @mark ELSE mark END, max_mark = COALESCE(@max_mark, max_mark),
       returned_at = @returned_at, version = version + 1, updated_at = @at WHERE id = @id`,
  ),
});

export class SqliteFeedbackRepository implements FeedbackRepository {
  private readonly q: ReturnType<typeof feedbackStatements>;
  constructor(db: Db) {
    this.q = feedbackStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? feedbackFromRow(r) : null;
  }
  async bySubmission(submissionId: string) {
    const r = this.q.bySubmission.get(submissionId);
    return r ? feedbackFromRow(r) : null;
  }
  async insert(f: { id: string; submissionId: string; teacherId: string; perQuestion: QuestionFeedback[]; comment: string; mark: number | null; maxMark: number; at: string }) {
    this.q.insert.run(f.id, f.submissionId, f.teacherId, JSON.stringify(f.perQuestion), f.comment, f.mark, f.maxMark, f.at, f.at);
  }
  async update(id: string, p: { teacherId?: string; perQuestion?: QuestionFeedback[]; comment?: string; mark?: number | null; maxMark?: number; returnedAt: string | null }, at: string) {
    this.q.update.run({
      id, teacher_id: p.teacherId ?? null, per_question_json: p.perQuestion === undefined ? null : JSON.stringify(p.perQuestion), comment: p.comment ?? null,
      set_mark: p.mark === undefined ? 0 : 1, mark: p.mark ?? null, max_mark: p.maxMark ?? null, returned_at: p.returnedAt, at,
    });
  }
}

interface AttachmentRow {
  id: string;
  school_id: string;
  student_id: string;
  kind: 'photo' | 'audio';
  mime: string;
  size: number;
  sha256: string;
  complete: number;
  upload_id: string | null;
}
const attachmentFromRow = (r: AttachmentRow): AttachmentRecord => ({
  id: r.id, schoolId: r.school_id, studentId: r.student_id, kind: r.kind, mime: r.mime, size: r.size, sha256: r.sha256, complete: r.complete === 1,
  uploadId: r.upload_id,
});
const ATTACHMENT_COLUMNS = 'id, school_id, student_id, kind, mime, size, sha256, complete, upload_id';

const attachmentStatements = (db: Db) => ({
  byId: db.prepare<[string], AttachmentRow>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?`),
  byUpload: db.prepare<[string], AttachmentRow>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE upload_id = ?`),
  begin: db.prepare<[string, string, string, string, string, number, string, string, string]>(
    `INSERT INTO attachments (id, school_id, student_id, kind, mime, size, sha256, complete, upload_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, mime = excluded.mime, size = excluded.size,
       sha256 = excluded.sha256, upload_id = excluded.upload_id
     WHERE attachments.student_id = excluded.student_id AND attachments.complete = 0`,
  ),
  clear: db.prepare<[string]>('UPDATE attachments SET upload_id = NULL WHERE id = ? AND complete = 0'),
  complete: db.prepare<[string, string]>('UPDATE attachments SET complete = 1, completed_at = ?, upload_id = NULL WHERE id = ?'),
  insertComplete: db.prepare<[string, string, string, string, string, number, string, string, string]>(
    `INSERT INTO attachments (id, school_id, student_id, kind, mime, size, sha256, complete, upload_id, created_at, completed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, NULL, ?, ?)`,
  ),
});

export class SqliteAttachmentRepository implements AttachmentRepository {
  private readonly q: ReturnType<typeof attachmentStatements>;
  /** `IN (?, …)` statements, one per list length (prepared once: the pull counts attachments per submission). */
  private readonly countByLength = new Map<number, Statement<string[], { n: number }>>();
  constructor(private readonly db: Db) {
    this.q = attachmentStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? attachmentFromRow(r) : null;
  }
  async byUploadId(uploadId: string) {
    const r = this.q.byUpload.get(uploadId);
    return r ? attachmentFromRow(r) : null;
  }
  async listOwned(studentId: string, ids: string[]) {
    if (ids.length === 0) return [];
    const rows = this.db.prepare<[string, ...string[]], AttachmentRow>(
      `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE student_id = ? AND id IN (${ids.map(() => '?').join(',')})`,
    ).all(studentId, ...ids);
    return rows.map(attachmentFromRow);
  }
  async countComplete(ids: string[]) {
    if (ids.length === 0) return 0;
    let st = this.countByLength.get(ids.length);
    if (!st) {
      st = this.db.prepare<string[], { n: number }>(`SELECT COUNT(*) AS n FROM attachments WHERE complete = 1 AND id IN (${ids.map(() => '?').join(',')})`);
      if (ids.length <= 50) this.countByLength.set(ids.length, st);
    }
    return st.get(...ids)?.n ?? 0;
  }
  async beginUpload(a: Omit<AttachmentRecord, 'complete'> & { uploadId: string; at: string }) {
    this.q.begin.run(a.id, a.schoolId, a.studentId, a.kind, a.mime, a.size, a.sha256, a.uploadId, a.at);
  }
  async clearUpload(id: string) {
    this.q.clear.run(id);
  }
  async markComplete(id: string, at: string) {
    this.q.complete.run(at, id);
  }
  async insertComplete(a: Omit<AttachmentRecord, 'complete' | 'uploadId'>, at: string) {
    this.q.insertComplete.run(a.id, a.schoolId, a.studentId, a.kind, a.mime, a.size, a.sha256, at, at);
  }
}

const blobStatements = (db: Db) => ({
  ensure: db.prepare<[string, number, string, string]>('INSERT OR IGNORE INTO blobs (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)'),
  inUse: db.prepare<[string, string, string], { one: number }>(
    `SELECT 1 AS one FROM lesson_media WHERE sha256 = ? UNION ALL SELECT 1 AS one FROM attachments WHERE sha256 = ? AND complete = 1
     UNION ALL SELECT 1 AS one FROM feedback_audio WHERE sha256 = ? LIMIT 1`,
  ),
});

export class SqliteBlobCatalogRepository implements BlobCatalogRepository {
  private readonly q: ReturnType<typeof blobStatements>;
  constructor(db: Db) {
    this.q = blobStatements(db);
  }
  async ensure(b: { sha256: string; size: number; mime: string }, at: string) {
    this.q.ensure.run(b.sha256, b.size, b.mime, at);
  }
  async inUse(sha256: string) {
    return this.q.inUse.get(sha256, sha256, sha256) !== undefined;
  }
}
