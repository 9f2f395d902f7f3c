/** SQLite implementation of the media store (attachments, lesson_media, blobs). */
import type { Db } from './database.ts';
import type { AttachmentRecord, LessonAccess, LessonMediaRecord, MediaStore, NewAttachmentUpload } from '../media-store.ts';
import { contentScope, recordPut } from './change-log.ts';
import { mediaUrl } from './serializers.ts';
import type { MediaRef } from '../../../src/protocol/entities.ts';

type Row = Record<string, unknown>;

const attachmentFromRow = (r: Row): AttachmentRecord => ({
  id: r.id as string,
  schoolId: r.school_id as string,
  studentId: r.student_id as string,
  classId: r.class_id as string,
  kind: r.kind as AttachmentRecord['kind'],
  mime: r.mime as string,
  size: r.size as number,
  sha256: r.sha256 as string,
  complete: r.complete === 1,
  uploadId: (r.upload_id as string | null) ?? null,
});

const mediaFromRow = (r: Row): LessonMediaRecord => ({
  id: r.id as string,
  schoolId: r.school_id as string,
  lessonId: (r.lesson_id as string | null) ?? null,
  sha256: r.sha256 as string,
  kind: r.kind as LessonMediaRecord['kind'],
  mime: r.mime as string,
  size: r.size as number,
  name: r.name as string,
});

const ATTACHMENT_SELECT = 'SELECT a.*, s.class_id FROM attachments a JOIN students s ON s.id = a.student_id';

export class SqliteMediaStore implements MediaStore {
  constructor(private readonly db: Db) {}

  async attachmentById(id: string) {
    const r = this.db.prepare(`${ATTACHMENT_SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
    return r ? attachmentFromRow(r) : null;
  }

  async attachmentByUploadId(uploadId: string) {
    const r = this.db.prepare(`${ATTACHMENT_SELECT} WHERE a.upload_id = ?`).get(uploadId) as Row | undefined;
    return r ? attachmentFromRow(r) : null;
  }

  async beginAttachmentUpload(a: NewAttachmentUpload) {
    this.db
      .prepare(
        `INSERT INTO attachments (id, school_id, student_id, kind, mime, size, sha256, complete, upload_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, mime = excluded.mime, size = excluded.size,
           sha256 = excluded.sha256, upload_id = excluded.upload_id
         WHERE attachments.student_id = excluded.student_id AND attachments.complete = 0`,
      )
      .run(a.id, a.schoolId, a.studentId, a.kind, a.mime, a.size, a.sha256, a.uploadId, a.at);
  }

  async clearAttachmentUpload(attachmentId: string) {
    this.db.prepare('UPDATE attachments SET upload_id = NULL WHERE id = ? AND complete = 0').run(attachmentId);
  }

  async completeAttachment(attachmentId: string, blob: { sha256: string; size: number; mime: string }, at: string) {
    return this.db.transaction(() => {
      this.insertBlob(blob, at);
      const a = this.db.prepare('SELECT student_id FROM attachments WHERE id = ?').get(attachmentId) as Row | undefined;
      if (!a) return [];
      this.db.prepare('UPDATE attachments SET complete = 1, completed_at = ?, upload_id = NULL WHERE id = ?').run(at, attachmentId);
      const studentId = a.student_id as string;
      // The student's submissions whose latest or handed-in revision references this attachment.
      const like = `%"${attachmentId}"%`;
      const subs = this.db
        .prepare(
          `SELECT DISTINCT s.id FROM submissions s JOIN submission_revisions r
             ON r.id = s.submitted_revision_id OR r.id = s.latest_revision_id
           WHERE s.student_id = ? AND r.answers_json LIKE ?`,
        )
        .pluck()
        .all(studentId, like) as string[];
      for (const id of subs) recordPut(this.db, `student:${studentId}`, 'submission', id, at);
      return subs;
    })();
  }

  async lessonAccess(lessonId: string): Promise<LessonAccess | null> {
    const r = this.db.prepare('SELECT id, school_id, class_id, group_id, status, deleted_at FROM lessons WHERE id = ?').get(lessonId) as Row | undefined;
    if (!r) return null;
    return {
      id: r.id as string,
      schoolId: r.school_id as string,
      classId: r.class_id as string,
      groupId: (r.group_id as string | null) ?? null,
      status: r.status as LessonAccess['status'],
      deleted: r.deleted_at !== null,
    };
  }

  async isTeacherOfClass(userId: string, classId: string) {
    return this.db.prepare('SELECT 1 FROM class_teachers WHERE user_id = ? AND class_id = ?').get(userId, classId) !== undefined;
  }

  async isGroupMember(studentId: string, groupId: string) {
    return this.db.prepare('SELECT 1 FROM group_members WHERE student_id = ? AND group_id = ?').get(studentId, groupId) !== undefined;
  }

  async lessonMediaById(id: string) {
    const r = this.db.prepare('SELECT * FROM lesson_media WHERE id = ?').get(id) as Row | undefined;
    return r ? mediaFromRow(r) : null;
  }

  async addLessonMedia(m: LessonMediaRecord & { createdBy: string; at: string }): Promise<MediaRef> {
    this.db.transaction(() => {
      this.insertBlob(m, m.at);
      const position = this.db.prepare('SELECT COALESCE(MAX(position) + 1, 0) FROM lesson_media WHERE lesson_id = ?').pluck().get(m.lessonId) as number;
      this.db
        .prepare(
          `INSERT INTO lesson_media (id, school_id, lesson_id, sha256, kind, mime, size, name, position, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(m.id, m.schoolId, m.lessonId, m.sha256, m.kind, m.mime, m.size, m.name, position, m.createdBy, m.at);
      if (m.lessonId) this.restampLesson(m.lessonId, m.at);
    })();
    return { id: m.id, kind: m.kind, mime: m.mime, size: m.size, sha256: m.sha256, name: m.name, url: mediaUrl(m.id) };
  }

  async removeLessonMedia(lessonId: string, mediaId: string, at: string) {
    return this.db.transaction(() => {
      const res = this.db.prepare('DELETE FROM lesson_media WHERE id = ? AND lesson_id = ?').run(mediaId, lessonId);
      if (res.changes === 0) return false;
      this.restampLesson(lessonId, at);
      return true;
    })();
  }

  async blobInUse(sha256: string) {
    return (
      this.db.prepare('SELECT 1 FROM lesson_media WHERE sha256 = ? UNION ALL SELECT 1 FROM attachments WHERE sha256 = ? AND complete = 1 LIMIT 1').get(sha256, sha256) !==
      undefined
    );
  }

  private insertBlob(b: { sha256: string; size: number; mime: string }, at: string) {
    this.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)').run(b.sha256, b.size, b.mime, at);
  }

  /** A published lesson's media list changed: the devices that can see it must pull it again. */
  private restampLesson(lessonId: string, at: string) {
    const l = this.db.prepare('SELECT class_id, group_id, status, deleted_at FROM lessons WHERE id = ?').get(lessonId) as Row | undefined;
    if (!l) return;
    this.db.prepare('UPDATE lessons SET updated_at = ? WHERE id = ?').run(at, lessonId);
    if (l.status === 'published' && l.deleted_at === null) {
      recordPut(this.db, contentScope(l.class_id as string, (l.group_id as string | null) ?? null), 'lesson', lessonId, at);
    }
  }
}
