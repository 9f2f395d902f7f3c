/**
 * PostgreSQL: the teacher's annotation layers over pupils' photos (schema 012). A save is one
 * upsert, so two saves of one layer racing (two tabs of the console) cannot both insert.
 */
import type { PgSession } from './pg-session.ts';
import type { AnnotationRepository } from '../repositories.ts';
import type { AnnotationRecord } from '../records.ts';
import type { AnnotationMark } from '../../../src/protocol/annotations.ts';
import { fromJson } from '../json-column.ts';

interface AnnotationRow {
  submission_id: string;
  attachment_id: string;
  teacher_id: string;
  marks_json: string;
  returned_marks_json: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  returned_at: string | null;
}
const annotationFromRow = (r: AnnotationRow): AnnotationRecord => ({
  submissionId: r.submission_id, attachmentId: r.attachment_id, teacherId: r.teacher_id, marks: fromJson<AnnotationMark[]>(r.marks_json),
  returnedMarks: r.returned_marks_json === null ? null : fromJson<AnnotationMark[]>(r.returned_marks_json),
  version: r.version, createdAt: r.created_at, updatedAt: r.updated_at, returnedAt: r.returned_at,
});
const COLUMNS = 'submission_id, attachment_id, teacher_id, marks_json, returned_marks_json, version, created_at, updated_at, returned_at';

export class PgAnnotationRepository implements AnnotationRepository {
  constructor(private readonly db: PgSession) {}
  async listBySubmission(submissionId: string) {
    const rows = await this.db.rows<AnnotationRow>(`SELECT ${COLUMNS} FROM photo_annotations WHERE submission_id = $1 ORDER BY created_at, attachment_id`, [submissionId]);
    return rows.map(annotationFromRow);
  }
  async save(a: { submissionId: string; attachmentId: string; teacherId: string; marks: AnnotationMark[] }, at: string) {
    await this.db.run(
      `INSERT INTO photo_annotations (submission_id, attachment_id, teacher_id, marks_json, returned_marks_json, version, created_at, updated_at, returned_at)
       VALUES ($1, $2, $3, $4, NULL, 1, $5, $5, NULL)
       ON CONFLICT (submission_id, attachment_id) DO UPDATE SET
         teacher_id = EXCLUDED.teacher_id, marks_json = EXCLUDED.marks_json, version = photo_annotations.version + 1, updated_at = EXCLUDED.updated_at`,
      [a.submissionId, a.attachmentId, a.teacherId, JSON.stringify(a.marks), at],
    );
  }
  async markReturned(submissionId: string, at: string) {
    await this.db.run('UPDATE photo_annotations SET returned_marks_json = marks_json, returned_at = $1 WHERE submission_id = $2', [at, submissionId]);
  }
}
