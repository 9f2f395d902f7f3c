/**
 * PostgreSQL: students' work — submissions and their revisions, feedback, attachments — and the
 * blob catalogue. In a write transaction a submission is read FOR UPDATE (and its (assignment,
 * student) pair under an advisory lock, for the first one): two tablets of one student, or a
 * tablet and the teacher, change one submission one after the other, and each revision number
 * is taken after the previous one committed.
 */
import type { PgSession } from './pg-session.ts';
import type {
  AttachmentRepository, BlobCatalogRepository, FeedbackRepository, RevisionRepository, SubmissionRepository,
} from '../repositories.ts';
import type { AttachmentRecord, FeedbackRecord, RevisionRecord, SubmissionRecord, SubmissionState } from '../records.ts';
import type { Answer, AutoMark, QuestionFeedback } from '../../../src/protocol/entities.ts';
import { fromJson } from '../json-column.ts';

interface SubmissionRow {
  id: string;
  assignment_id: string;
  student_id: string;
  state: SubmissionState;
  latest_revision_id: string | null;
  submitted_revision_id: string | null;
  submitted_at: string | null;
  late: boolean;
  resubmitted: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}
const submissionFromRow = (r: SubmissionRow): SubmissionRecord => ({
  id: r.id, assignmentId: r.assignment_id, studentId: r.student_id, state: r.state, latestRevisionId: r.latest_revision_id,
  submittedRevisionId: r.submitted_revision_id, submittedAt: r.submitted_at, late: r.late, resubmitted: r.resubmitted,
  version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
});
const SUBMISSION_COLUMNS =
  'id, assignment_id, student_id, state, latest_revision_id, submitted_revision_id, submitted_at, late, resubmitted, version, created_at, updated_at';

export class PgSubmissionRepository implements SubmissionRepository {
  constructor(private readonly db: PgSession) {}
  /** In a write, the row stays locked until commit. */
  private get forUpdate() {
    return this.db.writing ? ' FOR UPDATE' : '';
  }
  async byId(id: string) {
    const r = await this.db.one<SubmissionRow>(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = $1${this.forUpdate}`, [id]);
    return r ? submissionFromRow(r) : null;
  }
  async byAssignmentAndStudent(assignmentId: string, studentId: string) {
    // No row to lock yet for the first one: two first hand-ins queue on the pair instead.
    await this.db.lock(`submission:${assignmentId}:${studentId}`);
    const r = await this.db.one<SubmissionRow>(
      `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE assignment_id = $1 AND student_id = $2${this.forUpdate}`, [assignmentId, studentId],
    );
    return r ? submissionFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return (await this.db.rows<SubmissionRow>(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE assignment_id = $1`, [assignmentId])).map(submissionFromRow);
  }
  async insert(s: { id: string; assignmentId: string; studentId: string; at: string }) {
    await this.db.run(
      "INSERT INTO submissions (id, assignment_id, student_id, state, version, created_at, updated_at) VALUES ($1, $2, $3, 'draft', 0, $4, $4)",
      [s.id, s.assignmentId, s.studentId, s.at],
    );
  }
  async update(id: string, p: Partial<Pick<SubmissionRecord, 'state' | 'latestRevisionId' | 'submittedRevisionId' | 'submittedAt' | 'late' | 'resubmitted'>>, at: string) {
    await this.db.run(
      `UPDATE submissions SET state = COALESCE($2, state),
         latest_revision_id = CASE WHEN $3::boolean THEN $4 ELSE latest_revision_id END,
         submitted_revision_id = CASE WHEN $5::boolean THEN $6 ELSE submitted_revision_id END,
         submitted_at = CASE WHEN $7::boolean THEN $8 ELSE submitted_at END,
         late = COALESCE($9, late), resubmitted = COALESCE($10, resubmitted), version = version + 1, updated_at = $11
       WHERE id = $1`,
      [
        id, p.state ?? null,
        p.latestRevisionId !== undefined, p.latestRevisionId ?? null,
        p.submittedRevisionId !== undefined, p.submittedRevisionId ?? null,
        p.submittedAt !== undefined, p.submittedAt ?? null,
        p.late ?? null, p.resubmitted ?? null, at,
      ],
    );
  }
  async idsReferencingAttachment(studentId: string, attachmentId: string) {
    // Attachment ids are UUIDs (no LIKE wildcards), quoted as they are in the answers' JSON.
    const rows = await this.db.rows<{ id: string }>(
      `SELECT DISTINCT s.id FROM submissions s JOIN submission_revisions r ON r.id = s.submitted_revision_id OR r.id = s.latest_revision_id
       WHERE s.student_id = $1 AND r.answers_json LIKE $2`,
      [studentId, `%"${attachmentId}"%`],
    );
    return rows.map((r) => r.id);
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

export class PgRevisionRepository implements RevisionRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string): Promise<RevisionRecord | null> {
    const r = await this.db.one<RevisionRow>(
      'SELECT id, submission_id, number, kind, answers_json, assignment_version, device_id, created_at, auto_marks_json FROM submission_revisions WHERE id = $1', [id],
    );
    return r
      ? {
          id: r.id, submissionId: r.submission_id, number: r.number, kind: r.kind, answers: fromJson<Answer[]>(r.answers_json),
          autoMarks: r.auto_marks_json === null ? null : fromJson<AutoMark[]>(r.auto_marks_json),
          assignmentVersion: r.assignment_version, deviceId: r.device_id, createdAt: r.created_at,
        }
      : null;
  }
  async nextNumber(submissionId: string) {
    // The caller holds the submission's row lock (byAssignmentAndStudent / byId in this write).
    return (await this.db.one<{ n: number }>('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM submission_revisions WHERE submission_id = $1', [submissionId]))?.n ?? 1;
  }
  async insert(r: { id: string; submissionId: string; number: number; kind: 'draft' | 'submit'; answers: Answer[]; assignmentVersion: number; deviceId: string | null; createdAt: string; autoMarks?: AutoMark[] | null }) {
    await this.db.run(
      'INSERT INTO submission_revisions (id, submission_id, number, kind, answers_json, assignment_version, device_id, created_at, auto_marks_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [r.id, r.submissionId, r.number, r.kind, JSON.stringify(r.answers), r.assignmentVersion, r.deviceId, r.createdAt, r.autoMarks ? JSON.stringify(r.autoMarks) : null],
    );
  }
  async answersBeforeVersion(assignmentId: string, studentId: string, version: number) {
    const rows = await this.db.rows<{ answers_json: string }>(
      `SELECT r.answers_json FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id
       WHERE s.assignment_id = $1 AND s.student_id = $2 AND r.assignment_version < $3`,
      [assignmentId, studentId, version],
    );
    return rows.flatMap((r) => fromJson<Answer[]>(r.answers_json));
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
const FEEDBACK_COLUMNS = 'id, submission_id, teacher_id, per_question_json, comment, mark, max_mark, returned_at, version, created_at, updated_at';

export class PgFeedbackRepository implements FeedbackRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<FeedbackRow>(`SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE id = $1`, [id]);
    return r ? feedbackFromRow(r) : null;
  }
  async bySubmission(submissionId: string) {
    const r = await this.db.one<FeedbackRow>(`SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE submission_id = $1`, [submissionId]);
    return r ? feedbackFromRow(r) : null;
  }
  async insert(f: { id: string; submissionId: string; teacherId: string; perQuestion: QuestionFeedback[]; comment: string; mark: number | null; maxMark: number; at: string }) {
    await this.db.run(
      `INSERT INTO feedback (id, submission_id, teacher_id, per_question_json, comment, mark, max_mark, returned_at, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, 1, $8, $8)`,
      [f.id, f.submissionId, f.teacherId, JSON.stringify(f.perQuestion), f.comment, f.mark, f.maxMark, f.at],
    );
  }
  async update(id: string, p: { teacherId?: string; perQuestion?: QuestionFeedback[]; comment?: string; mark?: number | null; maxMark?: number; returnedAt: string | null }, at: string) {
    await this.db.run(
      `UPDATE feedback SET teacher_id = COALESCE($2, teacher_id), per_question_json = COALESCE($3, per_question_json),
         comment = COALESCE($4, comment), mark = CASE WHEN $5::boolean THEN $6 ELSE mark END, max_mark = COALESCE($7, max_mark),
         returned_at = $8, version = version + 1, updated_at = $9 WHERE id = $1`,
      [
        id, p.teacherId ?? null, p.perQuestion === undefined ? null : JSON.stringify(p.perQuestion), p.comment ?? null,
        p.mark !== undefined, p.mark ?? null, p.maxMark ?? null, p.returnedAt, at,
      ],
    );
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
  complete: boolean;
  upload_id: string | null;
}
const attachmentFromRow = (r: AttachmentRow): AttachmentRecord => ({
  id: r.id, schoolId: r.school_id, studentId: r.student_id, kind: r.kind, mime: r.mime, size: r.size, sha256: r.sha256, complete: r.complete,
  uploadId: r.upload_id,
});
const ATTACHMENT_COLUMNS = 'id, school_id, student_id, kind, mime, size, sha256, complete, upload_id';

export class PgAttachmentRepository implements AttachmentRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<AttachmentRow>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1`, [id]);
    return r ? attachmentFromRow(r) : null;
  }
  async byUploadId(uploadId: string) {
    const r = await this.db.one<AttachmentRow>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE upload_id = $1`, [uploadId]);
    return r ? attachmentFromRow(r) : null;
  }
  async listOwned(studentId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return (await this.db.rows<AttachmentRow>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE student_id = $1 AND id = ANY($2::text[])`, [studentId, ids]))
      .map(attachmentFromRow);
  }
  async countComplete(ids: string[]) {
    if (ids.length === 0) return 0;
    return (await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM attachments WHERE complete AND id = ANY($1::text[])', [ids]))?.n ?? 0;
  }
  async beginUpload(a: Omit<AttachmentRecord, 'complete'> & { uploadId: string; at: string }) {
    await this.db.run(
      `INSERT INTO attachments (id, school_id, student_id, kind, mime, size, sha256, complete, upload_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, $8, $9)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, mime = excluded.mime, size = excluded.size,
         sha256 = excluded.sha256, upload_id = excluded.upload_id
       WHERE attachments.student_id = excluded.student_id AND NOT attachments.complete`,
      [a.id, a.schoolId, a.studentId, a.kind, a.mime, a.size, a.sha256, a.uploadId, a.at],
    );
  }
  async clearUpload(id: string) {
    await this.db.run('UPDATE attachments SET upload_id = NULL WHERE id = $1 AND NOT complete', [id]);
  }
  async markComplete(id: string, at: string) {
    await this.db.run('UPDATE attachments SET complete = TRUE, completed_at = $1, upload_id = NULL WHERE id = $2', [at, id]);
  }
  async insertComplete(a: Omit<AttachmentRecord, 'complete' | 'uploadId'>, at: string) {
    await this.db.run(
      `INSERT INTO attachments (id, school_id, student_id, kind, mime, size, sha256, complete, upload_id, created_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, NULL, $8, $8)`,
      [a.id, a.schoolId, a.studentId, a.kind, a.mime, a.size, a.sha256, at],
    );
  }
}

export class PgBlobCatalogRepository implements BlobCatalogRepository {
  constructor(private readonly db: PgSession) {}
  async ensure(b: { sha256: string; size: number; mime: string }, at: string) {
    await this.db.run('INSERT INTO blobs (sha256, size, mime, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [b.sha256, b.size, b.mime, at]);
  }
  async inUse(sha256: string) {
    const r = await this.db.one(
      `SELECT 1 AS one FROM lesson_media WHERE sha256 = $1 UNION ALL SELECT 1 AS one FROM attachments WHERE sha256 = $1 AND complete
       UNION ALL SELECT 1 AS one FROM feedback_audio WHERE sha256 = $1 LIMIT 1`, [sha256],
    );
    return r !== null;
  }
}
