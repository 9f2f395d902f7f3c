/**
 * What the assignment's question area needs from its owner, so the very same components
 * serve the student (answers saved on the tablet, see local-answer-controller.ts) and the
 * teacher's "preview as a student" (answers kept in memory, see preview-controller.ts).
 */
import type { Answer } from '../../protocol/entities.ts';
import type { LocalWriteCode } from '../../db/local-write.ts';

/** A photo or recording shown under its question. */
export interface AttachmentView {
  id: string;
  questionId: string;
  kind: 'photo' | 'audio';
  mime: string;
  blob: Blob;
}

/**
 * Why a change was not saved (the previous answer is intact): a storage failure, a photo or
 * recording the tablet could not prepare (unreadable file, compression failed), or a bug.
 * The screen words it (`save.<code>` in i18n/).
 */
export type SaveFailureCode = LocalWriteCode | 'media_unreadable' | 'unexpected';

/** The outcome of one change: saved, or why not. */
export type SaveOutcome = { ok: true } | { ok: false; code: SaveFailureCode };

export interface AnswerController {
  /** Replaces the answer to one question (called on every change). */
  saveAnswer(answer: Answer): Promise<SaveOutcome>;
  /** Adds a photo (raw camera / file blob: the controller compresses it) or a recording to a question. */
  addAttachment(questionId: string, kind: 'photo' | 'audio', blob: Blob): Promise<SaveOutcome>;
  /** Removes a photo or recording from its question. */
  removeAttachment(questionId: string, attachmentId: string): Promise<SaveOutcome>;
  /**
   * Replaces a photo or recording (a retake, a new recording): the old one stays until the new
   * one is prepared and stored; on failure nothing changes.
   */
  replaceAttachment(questionId: string, oldAttachmentId: string, kind: 'photo' | 'audio', blob: Blob): Promise<SaveOutcome>;
}

/** The answer to `questionId` in `answers`, or an empty one. */
export function answerFor(answers: readonly Answer[], questionId: string): Answer {
  return answers.find((a) => a.questionId === questionId) ?? { questionId };
}

/** Questions without any answer yet (warned about before handing in). Pure. */
export function unansweredCount(questionIds: readonly string[], answers: readonly Answer[]): number {
  return questionIds.filter((id) => {
    const a = answerFor(answers, id);
    return !(a.text?.trim() || a.choiceIds?.length || a.attachmentIds?.length);
  }).length;
}
