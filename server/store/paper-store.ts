/**
 * Paper homework coming back (pupils with no connection): the teacher photographs the
 * sheet and it becomes that student's handed-in work — an attachment (bytes already in the
 * blob store) and a 'submit' revision appended on the student's behalf, recorded in the
 * student's change scope so their tablet sees it at its next sync.
 */
import type { AttachmentMeta, Submission } from '../../src/protocol/entities.ts';

export interface PaperWork {
  assignmentId: string;
  studentId: string;
  /** The question the photo answers; null: the first photo question, else the first question. */
  questionId: string | null;
  /** Stored bytes (blob store key, size, real MIME type). */
  blob: { sha256: string; size: number; mime: string };
  attachmentId: string;
  at: string;
}

export type PaperResult =
  | { ok: true; submission: Submission; attachment: AttachmentMeta }
  /** not_published: the assignment is a draft; not_targeted: the student is not one it targets; unknown_question: bad questionId. */
  | { ok: false; reason: 'not_published' | 'not_targeted' | 'unknown_question' };

export interface PaperStore {
  /** In one transaction: blob row, attachment, 'submit' revision (keeping the student's other answers), submission state, change log. */
  attachPaperWork(p: PaperWork): Promise<PaperResult>;
}
