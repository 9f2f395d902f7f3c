/** SQLite: the teacher's annotation layers over pupils' photos (schema 012). */
import type { Db } from './database.ts';
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

const statements = (db: Db) => ({
  list: db.prepare<[string], AnnotationRow>('SELECT * FROM photo_annotations WHERE submission_id = ? ORDER BY created_at, attachment_id'),
  save: db.prepare<[{ submission_id: string; attachment_id: string; teacher_id: string; marks_json: string; at: string }]>(
    `INSERT INTO photo_annotations (submission_id, attachment_id, teacher_id, marks_json, returned_marks_json, version, created_at, updated_at, returned_at)
     VALUES (@submission_id, @attachment_id, @teacher_id, @marks_json, NULL, 1, @at, @at, NULL)
     ON CONFLICT (submission_id, attachment_id) DO UPDATE SET
       teacher_id = excluded.teacher_id, marks_json = excluded.marks_json, version = photo_annotations.version + 1, updated_at = excluded.updated_at`,
  ),
  markReturned: db.prepare<[string, string]>('UPDATE photo_annotations SET returned_marks_json = marks_json, returned_at = ? WHERE submission_id = ?'),
});

export class SqliteAnnotationRepository implements AnnotationRepository {
  private readonly q: ReturnType<typeof statements>;
  constructor(db: Db) {
    this.q = statements(db);
  }
  async listBySubmission(submissionId: string) {
    return this.q.list.all(submissionId).map(annotationFromRow);
  }
  async save(a: { submissionId: string; attachmentId: string; teacherId: string; marks: AnnotationMark[] }, at: string) {
    this.q.save.run({ submission_id: a.submissionId, attachment_id: a.attachmentId, teacher_id: a.teacherId, marks_json: JSON.stringify(a.marks), at });
  }
  async markReturned(submissionId: string, at: string) {
    this.q.markReturned.run(at, submissionId);
  }
}
