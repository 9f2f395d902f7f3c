/**
 * The school's rules for a student's work, applied the same way to a hand-in from a tablet
 * (sync push) and to paper homework photographed back (paper area):
 * - submissions are append-only revisions, so two tablets never overwrite each other; the
 *   latest revision is the last one received;
 * - a draft after handing in keeps the handed-in revision until the student hands in again;
 * - a hand-in after the due date (the pupil's own one if the teacher gave one) is ACCEPTED and marked `late` (the teacher decides what
 *   late means: refusing would lose a child's work on a bus with no network); after grading
 *   ('returned') it is a resubmission, the earlier feedback stays for the teacher;
 * - every write records the submission in the student's scope, in the caller's transaction.
 */
import type { Tx } from '../store/repositories.ts';
import type { AssignmentRecord, SubmissionRecord } from '../store/records.ts';
import type { Answer, Question } from '../../src/protocol/entities.ts';
import { newId } from '../ids.ts';
import { markAnswers } from '../../src/protocol/auto-marking.ts';

/** Answers that refer only to questions and choices the assignment has. */
export function answersFit(answers: readonly Answer[], questions: readonly Question[]): boolean {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return answers.every((ans) => {
    const q = byId.get(ans.questionId);
    if (!q) return false;
    if (!ans.choiceIds?.length) return true;
    const choices = new Set((q.choices ?? []).map((c) => c.id));
    return ans.choiceIds.every((c) => choices.has(c));
  });
}

/** Handed in after the due date (instants compared, not strings). */
export const isLate = (dueAt: string | null, at: string) => dueAt !== null && Date.parse(at) > Date.parse(dueAt);

/** The student's submission for the assignment, created (empty) when there is none yet. */
export async function submissionOf(tx: Tx, assignmentId: string, studentId: string, at: string): Promise<SubmissionRecord> {
  const found = await tx.submissions.byAssignmentAndStudent(assignmentId, studentId);
  if (found) return found;
  const id = newId();
  await tx.submissions.insert({ id, assignmentId, studentId, at });
  const created = await tx.submissions.byId(id);
  if (!created) throw new Error('submission insert lost');
  return created;
}

export interface NewRevision {
  assignment: AssignmentRecord;
  studentId: string;
  answers: Answer[];
  kind: 'draft' | 'submit';
  assignmentVersion: number;
  deviceId: string | null;
  at: string;
  /** Only these questions are marked automatically (paper work: the rest is on the page, marked by hand). */
  markOnly?: ReadonlySet<string>;
  /** The hand-in time when it is not `at` (a teacher confirming a paper copy's boxes keeps the pupil's). */
  handedInAt?: string;
}

/** Appends a revision and moves the submission's state; returns the submission after it. */
export async function appendRevision(tx: Tx, r: NewRevision): Promise<SubmissionRecord> {
  const sub = await submissionOf(tx, r.assignment.id, r.studentId, r.at);
  const revId = newId();
  await tx.revisions.insert({
    id: revId, submissionId: sub.id, number: await tx.revisions.nextNumber(sub.id), kind: r.kind, answers: r.answers,
    assignmentVersion: r.assignmentVersion, deviceId: r.deviceId, createdAt: r.at,
    // Marked at hand-in against the keys of the moment, kept with the revision (issue 13).
    autoMarks: r.kind === 'submit' ? markAnswers(r.markOnly ? r.assignment.questions.filter((q) => r.markOnly!.has(q.id)) : r.assignment.questions, r.answers) : null,
  });
  if (r.kind === 'submit') {
    // Late against the pupil's own due date when the teacher gave one; a copy sent back to redo comes back as a resubmission.
    const followUp = await tx.followUps.get(r.assignment.id, r.studentId);
    await tx.submissions.update(sub.id, {
      state: 'submitted', latestRevisionId: revId, submittedRevisionId: revId, submittedAt: r.handedInAt ?? r.at, late: isLate(followUp?.dueAt ?? r.assignment.dueAt, r.handedInAt ?? r.at),
      resubmitted: sub.state === 'returned' || sub.resubmitted || (sub.state === 'draft' && !!followUp?.sentBackAt && !!sub.submittedRevisionId),
    }, r.at);
  } else {
    await tx.submissions.update(sub.id, { latestRevisionId: revId }, r.at);
  }
  await tx.changes.put(`student:${r.studentId}`, 'submission', sub.id, r.at);
  const after = await tx.submissions.byId(sub.id);
  if (!after) throw new Error('submission lost');
  return after;
}
