/**
 * The student's AnswerController: every change goes through the work repository (the work
 * record and its outbox entry in one transaction), always for the signed-in student.
 */
import type { CartableDb } from '../../db/schema.ts';
import type { Assignment } from '../../protocol/entities.ts';
import { addAttachment, removeAttachment, saveAnswer } from '../../db/work-repository.ts';
import type { LocalWriteResult } from '../../db/local-write.ts';
import type { AnswerController, SaveOutcome } from './answer-controller.ts';
import { prepareAttachment } from './prepare-attachment.ts';
import { notifyLocalChange } from '../sync/use-sync-status.ts';

function outcome(r: LocalWriteResult<unknown>): SaveOutcome {
  if (r.ok) notifyLocalChange();
  return r.ok ? { ok: true } : { ok: false, message: r.message };
}

export function localAnswerController(db: CartableDb, studentId: string, assignment: Pick<Assignment, 'id' | 'version'>): AnswerController {
  return {
    async saveAnswer(answer) {
      return outcome(await saveAnswer(db, studentId, assignment, answer));
    },
    async addAttachment(questionId, kind, raw) {
      const prepared = await prepareAttachment(kind, raw); // outside the transaction: no worker call inside one
      return outcome(await addAttachment(db, { studentId, assignmentId: assignment.id, questionId, kind, ...prepared }));
    },
    async removeAttachment(_questionId, attachmentId) {
      return outcome(await removeAttachment(db, studentId, attachmentId));
    },
  };
}
