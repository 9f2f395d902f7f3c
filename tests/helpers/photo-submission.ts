/**
 * A handed-in copy whose answer to `questionId` is a photo already on the server, written
 * with SQL the way the sync push and the tus upload would leave it (those areas own that
 * path): the attachment row (complete unless told), the submission and its revision.
 */
import type { TestStore } from './test-store.ts';
import { newId } from '../../server/ids.ts';

export interface PhotoSubmission {
  submissionId: string;
  attachmentId: string;
}

export function insertAttachment(store: TestStore, schoolId: string, studentId: string, o: { kind?: 'photo' | 'audio'; complete?: boolean } = {}): string {
  const id = newId();
  const at = new Date().toISOString();
  const sha = 'a'.repeat(64);
  store.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime, created_at) VALUES (?, 1000, ?, ?)').run(sha, 'image/jpeg', at);
  store.db.prepare(`INSERT INTO attachments (id, school_id, student_id, kind, mime, size, sha256, complete, upload_id, created_at, completed_at)
    VALUES (?, ?, ?, ?, ?, 1000, ?, ?, NULL, ?, ?)`)
    .run(id, schoolId, studentId, o.kind ?? 'photo', o.kind === 'audio' ? 'audio/webm' : 'image/jpeg', sha, o.complete === false ? 0 : 1, at, o.complete === false ? null : at);
  return id;
}

export function insertPhotoSubmission(
  store: TestStore, o: { schoolId: string; assignmentId: string; studentId: string; questionId: string; state?: 'draft' | 'submitted'; attachmentIds?: string[] },
): PhotoSubmission {
  const attachmentIds = o.attachmentIds ?? [insertAttachment(store, o.schoolId, o.studentId)];
  const state = o.state ?? 'submitted';
  const id = newId();
  const revId = newId();
  const at = new Date().toISOString();
  store.db.prepare(`INSERT INTO submissions (id, assignment_id, student_id, state, latest_revision_id, submitted_revision_id, submitted_at, version, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`).run(id, o.assignmentId, o.studentId, state, revId, state === 'submitted' ? revId : null, state === 'submitted' ? at : null, at, at);
  store.db.prepare(`INSERT INTO submission_revisions (id, submission_id, number, kind, answers_json, assignment_version, device_id, created_at)
    VALUES (?, ?, 1, ?, ?, 1, NULL, ?)`).run(revId, id, state === 'submitted' ? 'submit' : 'draft', JSON.stringify([{ questionId: o.questionId, attachmentIds }]), at);
  return { submissionId: id, attachmentId: attachmentIds[0]! };
}
