/**
 * An in-memory AnswerController for the teacher's "preview as a student": the same
 * question components, nothing saved, no submission ever made.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Answer } from '../../protocol/entities.ts';
import type { AnswerController, AttachmentView } from './answer-controller.ts';

export interface PreviewState {
  answers: Answer[];
  attachments: AttachmentView[];
  controller: AnswerController;
}

/** Answers and attachments live in component state and vanish with it. */
export function usePreviewController(): PreviewState {
  const [answers, setAnswers] = useState<Answer[]>([]);
  const [attachments, setAttachments] = useState<AttachmentView[]>([]);
  const controller = useMemo<AnswerController>(() => {
    const put = (answer: Answer) => setAnswers((prev) => [...prev.filter((a) => a.questionId !== answer.questionId), answer]);
    return {
      async saveAnswer(answer) {
        put(answer);
        return { ok: true };
      },
      async addAttachment(questionId, kind, blob) {
        const id = crypto.randomUUID();
        setAttachments((prev) => [...prev, { id, questionId, kind, mime: blob.type, blob }]);
        setAnswers((prev) => {
          const a = prev.find((x) => x.questionId === questionId) ?? { questionId };
          return [...prev.filter((x) => x.questionId !== questionId), { ...a, attachmentIds: [...(a.attachmentIds ?? []), id] }];
        });
        return { ok: true };
      },
      async removeAttachment(questionId, attachmentId) {
        setAttachments((prev) => prev.filter((x) => x.id !== attachmentId));
        setAnswers((prev) =>
          prev.map((a) => (a.questionId === questionId ? { ...a, attachmentIds: (a.attachmentIds ?? []).filter((i) => i !== attachmentId) } : a)),
        );
        return { ok: true };
      },
      async replaceAttachment(questionId, oldId, kind, blob) {
        const id = crypto.randomUUID();
        setAttachments((prev) => [...prev.filter((x) => x.id !== oldId), { id, questionId, kind, mime: blob.type, blob }]);
        setAnswers((prev) =>
          prev.map((a) => (a.questionId === questionId ? { ...a, attachmentIds: (a.attachmentIds ?? []).map((i) => (i === oldId ? id : i)) } : a)),
        );
        return { ok: true };
      },
    };
  }, []);
  return { answers, attachments, controller };
}
