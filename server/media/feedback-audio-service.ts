/**
 * The teacher's spoken comment on a copy (issue 13). Rules:
 * - only a teacher of the pupil's class records or deletes it (the IT referent may not); the
 *   real type is read from the bytes (a WebM, Ogg, MP4 or MP3 recording), within the audio
 *   size limit of pupils' recordings and MAX_FEEDBACK_AUDIO_SEC long;
 * - it belongs to the feedback (created empty when the teacher speaks before writing); like a
 *   written edit, a new or deleted comment after the return waits for the next return;
 * - re-recording detaches the previous one (kept: a tablet may still play it offline until its
 *   next sync), the bytes go to the content-addressed blob store (before the transaction);
 * - it is read by the staff of the class, and by its pupil once the feedback was returned.
 */
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Database, Tx } from '../store/repositories.ts';
import type { FeedbackAudioRecord, FeedbackRecord, SubmissionRecord } from '../store/records.ts';
import type { Feedback } from '../../src/protocol/entities.ts';
import { MAX_FEEDBACK_AUDIO_SEC } from '../../src/protocol/follow-up.ts';
import type { Actor } from '../access/actor.ts';
import { classFor, signingTeacher, submissionFor } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import { feedbackWire } from '../content/wire.ts';
import { UUID } from './upload-policy.ts';

/** Real type (file-type extension) → the MIME type stored and served. */
const AUDIO_TYPES: Record<string, string> = { webm: 'audio/webm', ogg: 'audio/ogg', opus: 'audio/ogg', oga: 'audio/ogg', m4a: 'audio/mp4', mp4: 'audio/mp4', mp3: 'audio/mpeg' };

/** A recorder stops at the limit; its measured length may run a little over. */
const DURATION_SLACK_MS = 2000;

export interface FeedbackAudioUpload {
  body: Uint8Array | null;
  /** The real type read from the bytes (file-type extension). */
  detectedExt: string | undefined;
  durationMs: number;
}

export class FeedbackAudioService {
  constructor(private readonly db: Database, private readonly blobs: BlobStore) {}

  /** Records the teacher's spoken comment on the copy (replacing the previous one). */
  async attach(actor: Actor, submissionId: string, upload: FeedbackAudioUpload): Promise<Feedback> {
    await this.db.read((tx) => submissionFor(tx, actor, submissionId, 'teacher')); // refuse before storing anything
    if (!upload.body) throw fail('media_body_missing');
    const mime = upload.detectedExt ? AUDIO_TYPES[upload.detectedExt] : undefined;
    if (!mime) throw fail('feedback_audio_type_unsupported');
    if (upload.durationMs > MAX_FEEDBACK_AUDIO_SEC * 1000 + DURATION_SLACK_MS) throw fail('feedback_audio_too_long', { max: MAX_FEEDBACK_AUDIO_SEC / 60 });
    const stored = await this.blobs.put(upload.body);
    return this.db.write(async (tx) => {
      const { submission, assignment } = await submissionFor(tx, actor, submissionId, 'teacher');
      const teacherId = await signingTeacher(tx, actor, assignment.classId);
      const at = now();
      const f = await this.unreturnedFeedback(tx, submission, teacherId, assignment.questions.reduce((s, q) => s + q.points, 0), at);
      await tx.blobCatalog.ensure({ sha256: stored.sha256, size: stored.size, mime }, at);
      await tx.feedbackAudio.detach(submission.id, at);
      await tx.feedbackAudio.insert({
        id: newId(), schoolId: assignment.schoolId, submissionId: submission.id, sha256: stored.sha256, mime, size: stored.size,
        durationMs: Math.round(upload.durationMs), createdBy: teacherId, createdAt: at,
      });
      return feedbackWire(tx, f, submission);
    });
  }

  /** Deletes the copy's spoken comment. */
  remove(actor: Actor, submissionId: string): Promise<Feedback> {
    return this.db.write(async (tx) => {
      const { submission, assignment } = await submissionFor(tx, actor, submissionId, 'teacher');
      const teacherId = await signingTeacher(tx, actor, assignment.classId);
      const at = now();
      if (!(await tx.feedbackAudio.detach(submission.id, at))) throw fail('media_not_found');
      const f = await this.unreturnedFeedback(tx, submission, teacherId, 0, at);
      return feedbackWire(tx, f, submission);
    });
  }

  /** A spoken comment the actor may listen to. */
  async readable(actor: Actor, id: string): Promise<FeedbackAudioRecord> {
    if (!UUID.test(id)) throw fail('media_id_invalid');
    return this.db.read(async (tx) => {
      const a = await tx.feedbackAudio.byId(id);
      if (!a || actor.kind === 'system' || a.schoolId !== actor.schoolId) throw fail('media_not_found');
      const sub = await tx.submissions.byId(a.submissionId);
      const assignment = sub ? await tx.assignments.byId(sub.assignmentId) : null;
      if (!sub || !assignment) throw fail('media_not_found');
      if (actor.kind === 'student') {
        const f = await tx.feedback.bySubmission(sub.id);
        // Before the return the pupil never learnt its id; a detached one may still be on their tablet's returned copy.
        if (sub.studentId !== actor.studentId || !f || (!f.returnedAt && !a.detachedAt)) throw fail('media_not_found');
      } else {
        await classFor(tx, actor, assignment.classId, 'staff', 'media_not_found');
      }
      return a;
    });
  }

  /** The copy's feedback, marked not returned (again) yet; an empty one when the teacher has written nothing. */
  private async unreturnedFeedback(tx: Tx, submission: SubmissionRecord, teacherId: string, maxMark: number, at: string): Promise<FeedbackRecord> {
    const existing = await tx.feedback.bySubmission(submission.id);
    if (existing) await tx.feedback.update(existing.id, { teacherId, returnedAt: null }, at);
    else await tx.feedback.insert({ id: newId(), submissionId: submission.id, teacherId, perQuestion: [], comment: '', mark: null, maxMark, at });
    const f = await tx.feedback.bySubmission(submission.id);
    if (!f) throw fail('feedback_missing');
    return f;
  }
}
