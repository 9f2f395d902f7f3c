/**
 * The teacher's annotations over a pupil's photo (issue 13): a vector layer per photo of a
 * copy, stored beside the photo (whose bytes never change). Rules: only a teacher of the
 * class annotates, only a photo of this copy's handed-in or latest work, and the pupil sees a
 * layer only once the copy is returned — the return copies each current layer to the one the
 * tablet receives (marking-service.ts), so an edit after the return waits for the next return,
 * as the comment and the mark do.
 */
import type { Database } from '../store/repositories.ts';
import { annotationProblem, type AnnotationMark, type PhotoAnnotations } from '../../src/protocol/annotations.ts';
import type { Actor } from '../access/actor.ts';
import { signingTeacher, submissionFor } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { now } from '../ids.ts';
import { annotationsWire } from './wire.ts';

export class AnnotationService {
  constructor(private readonly db: Database) {}

  /** Replaces the teacher's layer over one photo of the copy (an empty list erases it). */
  save(actor: Actor, submissionId: string, attachmentId: string, marks: AnnotationMark[]): Promise<PhotoAnnotations> {
    return this.db.write(async (tx) => {
      const { submission, assignment } = await submissionFor(tx, actor, submissionId, 'teacher');
      if (submission.state === 'draft') throw fail('not_handed_in');
      // Only a photo this copy shows: someone else's attachment id is as unknown as a made-up one.
      const revisionIds = [...new Set([submission.latestRevisionId, submission.submittedRevisionId])].filter((id): id is string => !!id);
      const revisions = await Promise.all(revisionIds.map((id) => tx.revisions.byId(id)));
      const shown = revisions.some((r) => r?.answers.some((a) => a.attachmentIds?.includes(attachmentId)));
      const [attachment] = shown ? await tx.attachments.listOwned(submission.studentId, [attachmentId]) : [];
      if (!attachment) throw fail('attachment_not_found');
      if (attachment.kind !== 'photo') throw fail('annotation_not_photo');
      if (!attachment.complete) throw fail('attachment_uploading');
      const problem = annotationProblem(marks);
      if (problem) throw fail(problem);
      const teacherId = await signingTeacher(tx, actor, assignment.classId);
      await tx.annotations.save({ submissionId, attachmentId, teacherId, marks }, now());
      const saved = (await tx.annotations.listBySubmission(submissionId)).find((a) => a.attachmentId === attachmentId);
      if (!saved) throw fail('attachment_not_found');
      return annotationsWire([saved])[0]!;
    });
  }
}
