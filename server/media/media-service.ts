/**
 * Media: students' attachments (uploaded by tus, see routes/upload-routes.ts), lesson media
 * added by teachers, and who may read which bytes. Rules:
 * - an attachment is read by its student, a teacher of the student's class or the school's
 *   IT referent (access-rules.ts), and only once it is complete; lesson media by the school's
 *   staff, and by a student only while the lesson is published to them;
 * - an upload is created for a UUID no other student owns, of an allowed kind and type,
 *   within the size limit, with a well-formed SHA-256; only its owner may continue it;
 * - a finished upload is checked (real type from the magic bytes, SHA-256) before its bytes
 *   move into the content-addressed blob store; completing it re-stamps the student's
 *   submissions that reference it, so the tablet learns they are final;
 * - a lesson's media list changing re-stamps the lesson if it is published;
 * - an assignment's images and sounds (its instructions', or one question's) go through the same
 *   checks; a teacher of its class adds, describes and removes them; a student reads them while
 *   the assignment is published to them; a change re-stamps the assignment if it is published.
 * The bytes move before or after the transactions, never inside one.
 */
import type { BlobStore, BlobInfo } from '../blobs/blob-store.ts';
import type { Database, Tx } from '../store/repositories.ts';
import type { AssignmentRecord, AttachmentRecord, LessonMediaRecord, LessonRecord } from '../store/records.ts';
import type { MediaRef } from '../../src/protocol/entities.ts';
import type { Actor, StudentActor } from '../access/actor.ts';
import { assignmentFor, attachmentReadableBy, classFor, contentVisibleToStudent } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import { mediaRef } from '../content/wire.ts';
import { recordContentChange } from '../content/content-changes.ts';
import { allowedAttachmentMime, cleanMediaName, lessonMediaType, maxBytesFor, SHA256_HEX, UUID, type AttachmentKind } from './upload-policy.ts';

export interface LessonMediaUpload {
  /** The raw body (null when absent or empty). */
  body: Uint8Array | null;
  /** 'image' or 'audio', from the request's Content-Type. */
  declaredKind: string;
  /** The display name asked for (?name=). */
  name: string | undefined;
  /** The real type read from the bytes (file-type extension). */
  detectedExt: string | undefined;
}

export interface UploadDeclaration {
  attachmentId: string;
  kind: string;
  mime: string;
  sha256: string;
  size: number | undefined;
  uploadId: string;
}

export class MediaService {
  constructor(private readonly db: Database, readonly blobs: BlobStore) {}

  // ---- reading ------------------------------------------------------------------------------

  /** A complete attachment the actor may read. */
  async readableAttachment(actor: Actor, id: string): Promise<AttachmentRecord> {
    if (!UUID.test(id)) throw fail('attachment_id_invalid');
    return this.db.read(async (tx) => {
      const a = await tx.attachments.byId(id);
      if (!a || !(await attachmentReadableBy(tx, actor, a))) throw fail('attachment_not_found');
      if (!a.complete) throw fail('attachment_uploading');
      return a;
    });
  }

  /** A lesson medium the actor may read. */
  async readableLessonMedia(actor: Actor, id: string): Promise<LessonMediaRecord> {
    if (!UUID.test(id)) throw fail('media_id_invalid');
    return this.db.read(async (tx) => {
      const m = await tx.lessonMedia.byId(id);
      if (!m || actor.kind === 'system' || m.schoolId !== actor.schoolId) throw fail('media_not_found');
      if (actor.kind === 'student') {
        const content = m.assignmentId ? await tx.assignments.byId(m.assignmentId) : m.lessonId ? await tx.lessons.byId(m.lessonId) : null;
        if (!content || !(await contentVisibleToStudent(tx, content, actor.studentId))) throw fail('media_not_found');
      }
      return m;
    });
  }

  // ---- lesson media -------------------------------------------------------------------------

  /** The lesson, if the actor may change its media (a teacher of its class, or the IT referent); else lesson_not_found. */
  private async editableLesson(tx: Tx, actor: Actor, lessonId: string): Promise<LessonRecord> {
    const l = UUID.test(lessonId) ? await tx.lessons.byId(lessonId) : null;
    if (!l || l.deletedAt) throw fail('lesson_not_found');
    await classFor(tx, actor, l.classId, 'staff', 'lesson_not_found');
    return l;
  }

  /** Adds an image or a sound to a lesson: its real type from its bytes (the declared kind must agree). Rights are checked first. */
  async addLessonMedia(actor: Actor, lessonId: string, upload: LessonMediaUpload): Promise<MediaRef> {
    await this.db.read((tx) => this.editableLesson(tx, actor, lessonId)); // refuse before storing anything
    const body = upload.body;
    if (!body) throw fail('media_body_missing');
    const name = cleanMediaName(upload.name);
    if (name === null) throw fail('media_name_invalid');
    const type = lessonMediaType(upload.detectedExt);
    if (!type || type.kind !== upload.declaredKind) throw fail('media_type_unsupported');
    const stored = await this.blobs.put(body);
    return this.db.write(async (tx) => {
      const l = await this.editableLesson(tx, actor, lessonId);
      const at = now();
      const m: LessonMediaRecord = { id: newId(), schoolId: l.schoolId, lessonId: l.id, sha256: stored.sha256, kind: type.kind, mime: type.mime, size: stored.size, name, description: '', assignmentId: null, questionId: null };
      await tx.blobCatalog.ensure(m, at);
      await tx.lessonMedia.insert({ ...m, createdBy: actor.kind === 'user' ? actor.userId : null, createdAt: at });
      await this.lessonMediaChanged(tx, l, at);
      return mediaRef(m);
    });
  }

  // ---- assignment media (instructions and questions) --------------------------------------------

  /** The assignment, if the actor may change its media (a teacher of its class); `questionId` (when given) must be one of its questions. */
  private async editableAssignment(tx: Tx, actor: Actor, assignmentId: string, questionId: string | null = null): Promise<AssignmentRecord> {
    if (!UUID.test(assignmentId)) throw fail('assignment_not_found');
    const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
    if (questionId !== null && !a.questions.some((q) => q.id === questionId)) throw fail('question_not_found');
    return a;
  }

  /** Adds an image or a sound to an assignment's instructions (`questionId` null) or to one of its (saved) questions. */
  async addAssignmentMedia(actor: Actor, assignmentId: string, questionId: string | null, upload: LessonMediaUpload): Promise<MediaRef> {
    await this.db.read((tx) => this.editableAssignment(tx, actor, assignmentId, questionId)); // refuse before storing anything
    const body = upload.body;
    if (!body) throw fail('media_body_missing');
    const name = cleanMediaName(upload.name);
    if (name === null) throw fail('media_name_invalid');
    const type = lessonMediaType(upload.detectedExt);
    if (!type || type.kind !== upload.declaredKind) throw fail('media_type_unsupported');
    const stored = await this.blobs.put(body);
    return this.db.write(async (tx) => {
      const a = await this.editableAssignment(tx, actor, assignmentId, questionId);
      const at = now();
      const m: LessonMediaRecord = { id: newId(), schoolId: a.schoolId, lessonId: null, sha256: stored.sha256, kind: type.kind, mime: type.mime, size: stored.size, name, description: '', assignmentId: a.id, questionId };
      await tx.blobCatalog.ensure(m, at);
      await tx.lessonMedia.insert({ ...m, createdBy: actor.kind === 'user' ? actor.userId : null, createdAt: at });
      await this.assignmentMediaChanged(tx, a, at);
      return mediaRef(m);
    });
  }

  removeAssignmentMedia(actor: Actor, assignmentId: string, mediaId: string): Promise<void> {
    return this.db.write(async (tx) => {
      const a = await this.editableAssignment(tx, actor, assignmentId);
      if (!(await tx.lessonMedia.removeFromAssignment(a.id, mediaId))) throw fail('media_not_found');
      await this.assignmentMediaChanged(tx, a, now());
    });
  }

  describeAssignmentMedia(actor: Actor, assignmentId: string, mediaId: string, description: string): Promise<MediaRef> {
    return this.db.write(async (tx) => {
      const a = await this.editableAssignment(tx, actor, assignmentId);
      if (!(await tx.lessonMedia.describeOnAssignment(a.id, mediaId, description.trim()))) throw fail('media_not_found');
      await this.assignmentMediaChanged(tx, a, now());
      const m = await tx.lessonMedia.byId(mediaId);
      if (!m) throw fail('media_not_found');
      return mediaRef(m);
    });
  }

  /** A published assignment's media changed: the tablets that see it pull it again (its version stays: the questions did not change). */
  private async assignmentMediaChanged(tx: Tx, a: AssignmentRecord, at: string) {
    await tx.assignments.update(a.id, { updatedAt: at });
    await recordContentChange(tx, 'assignment', a, { status: a.status, groupId: a.groupId }, at);
  }

  /** Removes a medium from a lesson. The blob stays: other lessons may share the bytes, tablets may still hold them. */
  removeLessonMedia(actor: Actor, lessonId: string, mediaId: string): Promise<void> {
    return this.db.write(async (tx) => {
      const l = await this.editableLesson(tx, actor, lessonId);
      if (!(await tx.lessonMedia.remove(l.id, mediaId))) throw fail('media_not_found');
      await this.lessonMediaChanged(tx, l, now());
    });
  }

  /** The teacher describes a lesson's medium (its alternative text on the tablets): tablets that see the lesson pull it again. */
  describeLessonMedia(actor: Actor, lessonId: string, mediaId: string, description: string): Promise<MediaRef> {
    return this.db.write(async (tx) => {
      const l = await this.editableLesson(tx, actor, lessonId);
      if (!(await tx.lessonMedia.describe(l.id, mediaId, description.trim()))) throw fail('media_not_found');
      await this.lessonMediaChanged(tx, l, now());
      const m = await tx.lessonMedia.byId(mediaId);
      if (!m) throw fail('media_not_found');
      return mediaRef(m);
    });
  }

  /** A published lesson's media list changed: the tablets that can see it must pull it again. */
  private async lessonMediaChanged(tx: Tx, l: LessonRecord, at: string) {
    await tx.lessons.update(l.id, { updatedAt: at });
    await recordContentChange(tx, 'lesson', l, { status: l.status, groupId: l.groupId }, at);
  }

  // ---- uploads (tus) --------------------------------------------------------------------------

  /** Whether this upload is the student's (someone else's upload looks exactly like no upload). */
  uploadOwnedBy(actor: StudentActor, uploadId: string): Promise<boolean> {
    return this.db.read(async (tx) => (await tx.attachments.byUploadId(uploadId))?.studentId === actor.studentId);
  }

  /**
   * Checks a new upload and points the attachment at it. Returns the upload id the attachment
   * had before (its partial bytes can be dropped), or null.
   */
  async beginUpload(actor: StudentActor, d: UploadDeclaration): Promise<string | null> {
    if (!UUID.test(d.attachmentId)) throw fail('attachment_id_invalid');
    if (d.kind !== 'photo' && d.kind !== 'audio') throw fail('attachment_kind_invalid');
    const kind: AttachmentKind = d.kind;
    // Only the base type is kept: what reaches a Content-Type header later is from the allow-list.
    const mime = allowedAttachmentMime(kind, d.mime);
    if (!mime) throw fail('attachment_mime_unsupported', { kind });
    if (!SHA256_HEX.test(d.sha256)) throw fail('sha256_invalid');
    if (d.size === undefined) throw fail('upload_length_missing');
    if (d.size > maxBytesFor(kind)) throw fail('attachment_too_large', { max: maxBytesFor(kind) });
    const size = d.size;
    return this.db.write(async (tx) => {
      const existing = await tx.attachments.byId(d.attachmentId);
      if (existing && existing.studentId !== actor.studentId) throw fail('attachment_id_taken');
      if (existing?.complete) {
        if (existing.sha256 === d.sha256) throw fail('attachment_already_uploaded', undefined, { complete: true });
        throw fail('attachment_id_conflict', undefined, { complete: false });
      }
      await tx.attachments.beginUpload({
        id: d.attachmentId, schoolId: actor.schoolId, studentId: actor.studentId, kind, mime, size, sha256: d.sha256, uploadId: d.uploadId, at: now(),
      });
      return existing?.uploadId ?? null;
    });
  }

  /** The attachment an upload fills, or upload_not_found. */
  uploadTarget(uploadId: string): Promise<AttachmentRecord> {
    return this.db.read(async (tx) => {
      const a = await tx.attachments.byUploadId(uploadId);
      if (!a) throw fail('upload_not_found');
      return a;
    });
  }

  /** Forgets the upload of an incomplete attachment (refused or discarded). */
  discardUpload(attachmentId: string): Promise<void> {
    return this.db.write((tx) => tx.attachments.clearUpload(attachmentId));
  }

  /** The verified bytes are in the blob store: the attachment is complete, and its submissions re-stamped. */
  completeUpload(a: AttachmentRecord, stored: BlobInfo): Promise<void> {
    return this.db.write(async (tx) => {
      const at = now();
      await tx.blobCatalog.ensure({ sha256: stored.sha256, size: stored.size, mime: a.mime }, at);
      await tx.attachments.markComplete(a.id, at);
      for (const id of await tx.submissions.idsReferencingAttachment(a.studentId, a.id)) await tx.changes.put(`student:${a.studentId}`, 'submission', id, at);
    });
  }
}
