/**
 * Paper homework coming back (pupils with no connection): the teacher photographs the sheet
 * and it becomes that student's handed-in work — an attachment (bytes already in the blob
 * store) and a 'submit' revision appended on the student's behalf, by the same rules as a
 * hand-in from a tablet (sync/work-revisions.ts): late after the due date, a resubmission
 * after grading. The new revision starts from the student's latest answers (a draft begun on
 * a tablet is kept) and adds the photo to the chosen question (default: the first photo
 * question, else the first question). Recorded in the student's scope: their tablet sees it.
 */
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Database } from '../store/repositories.ts';
import type { Answer, AttachmentMeta, Submission } from '../../src/protocol/entities.ts';
import type { Actor } from '../access/actor.ts';
import { assignmentFor, contentVisibleToStudent } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import { attachmentMeta, submissionWire } from '../content/wire.ts';
import { appendRevision, submissionOf } from '../sync/work-revisions.ts';
import { isAllowedAttachmentMime, realTypeMatches } from '../media/upload-policy.ts';

export interface PaperPhoto {
  /** The raw body (null when absent or empty). */
  body: Uint8Array | null;
  /** The request's Content-Type. */
  declaredMime: string;
  /** The real type read from the bytes (file-type extension). */
  detectedExt: string | undefined;
}

const MIME_OF_EXT: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export class PaperService {
  constructor(private readonly db: Database, private readonly blobs: BlobStore) {}

  async attachPaperWork(actor: Actor, assignmentId: string, studentId: string, questionId: string | null, photo: PaperPhoto): Promise<{ submission: Submission; attachment: AttachmentMeta }> {
    await this.db.read((tx) => assignmentFor(tx, actor, assignmentId, 'teacher')); // rights before the body is looked at
    if (!photo.body || !isAllowedAttachmentMime('photo', photo.declaredMime)) throw fail('photo_body_missing');
    const mime = photo.detectedExt ? MIME_OF_EXT[photo.detectedExt] : undefined;
    if (!mime || !realTypeMatches('photo', photo.declaredMime, photo.detectedExt)) throw fail('photo_type_unsupported');
    // The blob stays even when refused below: content-addressed, harmless, and possibly shared.
    const stored = await this.blobs.put(photo.body);
    return this.db.write(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      if (a.status !== 'published') throw fail('assignment_not_published');
      const student = await tx.students.byId(studentId);
      if (!student || !(await contentVisibleToStudent(tx, a, studentId))) throw fail('student_not_found');
      const question = questionId ? a.questions.find((q) => q.id === questionId) : (a.questions.find((q) => q.kind === 'photo') ?? a.questions[0]);
      if (!question) throw fail('question_not_found');

      const at = now();
      await tx.paperPacks.markReceived(a.id, studentId, at); // the follow-up's « reçu le » (no pack: nothing to mark)
      const attachment = { id: newId(), schoolId: a.schoolId, studentId, kind: 'photo' as const, mime, size: stored.size, sha256: stored.sha256 };
      await tx.blobCatalog.ensure(attachment, at);
      await tx.attachments.insertComplete(attachment, at);

      const sub = await submissionOf(tx, a.id, studentId, at);
      const latest = sub.latestRevisionId ? await tx.revisions.byId(sub.latestRevisionId) : null;
      const answers: Answer[] = latest?.answers ?? [];
      const prev = answers.find((x) => x.questionId === question.id) ?? { questionId: question.id };
      const next: Answer = { ...prev, attachmentIds: [...(prev.attachmentIds ?? []), attachment.id].slice(-10) };
      const after = await appendRevision(tx, {
        assignment: a, studentId, answers: [...answers.filter((x) => x.questionId !== question.id), next], kind: 'submit',
        assignmentVersion: a.version, deviceId: null, at,
      });
      return { submission: await submissionWire(tx, after), attachment: attachmentMeta({ ...attachment, complete: true, uploadId: null }) };
    });
  }
}
