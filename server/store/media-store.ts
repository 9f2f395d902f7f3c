/**
 * What the media routes need from storage: students' attachments (photos, recordings
 * arriving by tus), lesson media rows, the blob catalogue (content-addressed, one row per
 * sha256) and the few access facts the media routes check. The bytes themselves live in
 * the blob store (server/blobs), never here.
 */
import type { MediaRef } from '../../src/protocol/entities.ts';

export interface AttachmentRecord {
  id: string;
  schoolId: string;
  studentId: string;
  /** The student's class (for the teacher's right to read). */
  classId: string;
  kind: 'photo' | 'audio';
  mime: string;
  size: number;
  sha256: string;
  complete: boolean;
  uploadId: string | null;
}

/** The lesson a medium hangs on, as far as access checks need it. */
export interface LessonAccess {
  id: string;
  schoolId: string;
  classId: string;
  groupId: string | null;
  status: 'draft' | 'published';
  deleted: boolean;
}

export interface LessonMediaRecord {
  id: string;
  schoolId: string;
  lessonId: string | null;
  sha256: string;
  kind: 'image' | 'audio';
  mime: string;
  size: number;
  name: string;
}

export interface NewAttachmentUpload {
  id: string;
  schoolId: string;
  studentId: string;
  kind: 'photo' | 'audio';
  mime: string;
  size: number;
  sha256: string;
  uploadId: string;
  at: string;
}

export interface MediaStore {
  attachmentById(id: string): Promise<AttachmentRecord | null>;
  attachmentByUploadId(uploadId: string): Promise<AttachmentRecord | null>;
  /** Creates the (incomplete) attachment row, or points an incomplete one of the same student at a new upload. */
  beginAttachmentUpload(a: NewAttachmentUpload): Promise<void>;
  /** Forgets the upload of an incomplete attachment (refused or discarded). */
  clearAttachmentUpload(attachmentId: string): Promise<void>;
  /**
   * Records the blob (if new) and marks the attachment complete, and re-stamps the
   * student's submissions that reference it so the tablet learns they are final.
   * Returns the ids of those submissions.
   */
  completeAttachment(attachmentId: string, blob: { sha256: string; size: number; mime: string }, at: string): Promise<string[]>;

  lessonAccess(lessonId: string): Promise<LessonAccess | null>;
  isTeacherOfClass(userId: string, classId: string): Promise<boolean>;
  isGroupMember(studentId: string, groupId: string): Promise<boolean>;
  lessonMediaById(id: string): Promise<LessonMediaRecord | null>;
  /** Adds a medium to a lesson (and its blob row); re-stamps the lesson's change if it is published. */
  addLessonMedia(m: LessonMediaRecord & { createdBy: string; at: string }): Promise<MediaRef>;
  /** Removes a medium from a lesson; false if it was not on that lesson. */
  removeLessonMedia(lessonId: string, mediaId: string, at: string): Promise<boolean>;
  /** Whether any row still references these bytes (lesson media or attachment). */
  blobInUse(sha256: string): Promise<boolean>;
}
