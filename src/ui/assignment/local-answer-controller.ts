/**
 * The student's AnswerController: every change goes through the work repository (the work
 * record and its outbox entry in one transaction), always for the signed-in student. Every
 * write — answers, photos, recordings, handing in, "J'ai compris", sending refused work
 * again — goes through here, returns an outcome the screen shows, and wakes the sync worker
 * (a hand-in or a retry asks for a sync now; a save lets the worker send it a few seconds later).
 */
import type { CartableDb } from '../../db/schema.ts';
import type { Assignment } from '../../protocol/entities.ts';
import { acknowledgeAssignmentChange, addAttachment, removeAttachment, replaceAttachment, retryRejected, saveAnswer, submitWork } from '../../db/work-repository.ts';
import type { LocalWriteResult } from '../../db/local-write.ts';
import type { AnswerController, SaveOutcome } from './answer-controller.ts';
import { prepareAttachment, type PreparedAttachment } from './prepare-attachment.ts';

/** What the controller needs besides the database (tests pass their own). */
export interface StudentControllerDeps {
  /** Compresses a photo / hashes a recording (the media worker by default). */
  prepare?: (kind: 'photo' | 'audio', blob: Blob) => Promise<PreparedAttachment>;
  /** A local write was stored: 'soon' (a save) or 'now' (handed in, sent again). */
  wake(when: 'soon' | 'now'): void;
}

/** The student's controller: the question area's changes plus the screen's own actions. */
export interface StudentWorkController extends AnswerController {
  /** Hands the work in (then asks for a sync now). */
  submit(): Promise<SaveOutcome>;
  /** "J'ai compris": the draft now answers the assignment's current version. */
  acknowledgeChange(): Promise<SaveOutcome>;
  /** Sends refused work again (fresh mutation ids). */
  retryRejected(): Promise<SaveOutcome>;
}

export function localAnswerController(
  db: CartableDb,
  studentId: string,
  assignment: Pick<Assignment, 'id' | 'version'>,
  deps: StudentControllerDeps,
): StudentWorkController {
  const prepare = deps.prepare ?? prepareAttachment;
  const outcome = (r: LocalWriteResult<unknown>, when: 'soon' | 'now' = 'soon'): SaveOutcome => {
    if (!r.ok) return { ok: false, code: r.code };
    deps.wake(when);
    return { ok: true };
  };
  /** Outside any transaction (no worker call inside one); a file the tablet cannot read changes nothing. */
  const prepared = (kind: 'photo' | 'audio', raw: Blob) => prepare(kind, raw).then((p) => ({ ok: true, p }) as const, () => ({ ok: false }) as const);
  const base = { studentId, assignmentId: assignment.id };
  return {
    async saveAnswer(answer) {
      return outcome(await saveAnswer(db, studentId, assignment, answer));
    },
    async addAttachment(questionId, kind, raw) {
      const r = await prepared(kind, raw);
      if (!r.ok) return { ok: false, code: 'media_unreadable' };
      return outcome(await addAttachment(db, { ...base, questionId, kind, ...r.p }));
    },
    async replaceAttachment(questionId, oldId, kind, raw) {
      const r = await prepared(kind, raw);
      if (!r.ok) return { ok: false, code: 'media_unreadable' };
      return outcome(await replaceAttachment(db, oldId, { ...base, questionId, kind, ...r.p }));
    },
    async removeAttachment(_questionId, attachmentId) {
      return outcome(await removeAttachment(db, studentId, attachmentId));
    },
    async submit() {
      return outcome(await submitWork(db, studentId, assignment.id), 'now');
    },
    async acknowledgeChange() {
      return outcome(await acknowledgeAssignmentChange(db, studentId, assignment.id));
    },
    async retryRejected() {
      return outcome(await retryRejected(db, studentId, assignment.id), 'now');
    },
  };
}
