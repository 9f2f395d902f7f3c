/**
 * What the assignment's question area needs from its owner, so the very same components
 * serve the student (answers saved on the tablet, see local-answer-controller.ts) and the
 * teacher's "preview as a student" (answers kept in memory, see preview-controller.ts).
 */
import type { Answer } from '../../protocol/entities.ts';

/** A photo or recording shown under its question. */
export interface AttachmentView {
  id: string;
  questionId: string;
  kind: 'photo' | 'audio';
  mime: string;
  blob: Blob;
}

/** The outcome of one change: saved, or a failure in plain words (the previous answer is intact). */
export type SaveOutcome = { ok: true } | { ok: false; message: string };

export interface AnswerController {
  /** Replaces the answer to one question (called on every change). */
  saveAnswer(answer: Answer): Promise<SaveOutcome>;
  /** Adds a photo (raw camera / file blob: the controller compresses it) or a recording to a question. */
  addAttachment(questionId: string, kind: 'photo' | 'audio', blob: Blob): Promise<SaveOutcome>;
  /** Removes a photo or recording from its question. */
  removeAttachment(questionId: string, attachmentId: string): Promise<SaveOutcome>;
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
