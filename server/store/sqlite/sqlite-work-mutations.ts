/**
 * The server's rules for a student's work (policy, one place):
 * - Rights come from the verified session only: the submission is always the session
 *   student's own (looked up by assignment + student, never by a client id); the assignment
 *   must be published, not deleted, in the student's current class and, when it targets a
 *   group, the student must be in it; attachments referenced must be theirs (or not yet
 *   uploaded). Anything else is `rejected` with a reason in plain words.
 * - `work.save` appends a draft revision: append-only, so two tablets never overwrite each
 *   other; the latest revision is the last one received. A save after handing in keeps the
 *   handed-in revision (state unchanged) until the student hands in again.
 * - `work.submit` appends a 'submit' revision and moves the state to 'submitted'.
 *   After the due date it is ACCEPTED and marked `late` (the teacher decides what late means;
 *   refusing would lose a child's work on a bus with no network). After grading ('returned')
 *   it is a resubmission (`resubmitted`), the earlier feedback stays for the teacher.
 *   If the teacher changed the assignment since the draft AND the answers no longer fit it
 *   (a question or a choice they answered is gone), the hand-in is a `conflict`: the answers
 *   are kept as a draft revision and the student is asked to check and hand in again.
 * Every write records the change-log row ('student:<id>', 'submission') in the same
 * transaction (the caller's).
 */
import type { Db } from './database.ts';
import { recordPut } from './change-log.ts';
import { submissionFromRow } from './serializers.ts';
import type { Answer, Question } from '../../../src/protocol/entities.ts';
import type { Mutation, MutationResult } from '../../../src/protocol/sync.ts';
import type { SyncActor } from '../sync-store.ts';
import { newId } from '../../ids.ts';

type Row = Record<string, unknown>;

const reject = (m: Mutation, code: string, message: string): MutationResult => ({ status: 'rejected', mutationId: m.mutationId, code, message });

/** Whether the student may see (and so answer) this assignment row now. */
export function assignmentVisibleTo(db: Db, a: Row | undefined, actor: SyncActor): boolean {
  if (!a || a.status !== 'published' || a.deleted_at || a.school_id !== actor.schoolId) return false;
  const st = db.prepare('SELECT class_id, archived FROM students WHERE id = ?').get(actor.studentId) as Row | undefined;
  if (!st || st.archived === 1 || st.class_id !== a.class_id) return false;
  if (!a.group_id) return true;
  return !!db.prepare('SELECT 1 FROM group_members WHERE group_id = ? AND student_id = ?').get(a.group_id, actor.studentId);
}

/** Answers that refer to a question or a choice the assignment no longer has. */
export function answersFit(answers: Answer[], questions: Question[]): boolean {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return answers.every((ans) => {
    const q = byId.get(ans.questionId);
    if (!q) return false;
    if (!ans.choiceIds?.length) return true;
    const choices = new Set((q.choices ?? []).map((c) => c.id));
    return ans.choiceIds.every((c) => choices.has(c));
  });
}

/** Applies one work mutation (inside the caller's transaction) and returns its result. */
export function applyWorkMutation(db: Db, actor: SyncActor, m: Mutation, at: string): MutationResult {
  const a = db.prepare('SELECT * FROM assignments WHERE id = ?').get(m.assignmentId) as Row | undefined;
  if (!assignmentVisibleTo(db, a, actor)) {
    return reject(m, 'assignment_unavailable', 'Ce devoir n’est plus disponible (retiré ou non publié par l’enseignant). Ton travail reste sur la tablette.');
  }
  const attachmentIds = m.answers.flatMap((x) => x.attachmentIds ?? []);
  for (const id of attachmentIds) {
    const owner = db.prepare('SELECT student_id FROM attachments WHERE id = ?').pluck().get(id) as string | undefined;
    if (owner !== undefined && owner !== actor.studentId) return reject(m, 'attachment_not_yours', 'Une pièce jointe de ce travail appartient à un autre élève.');
  }

  let sub = db.prepare('SELECT * FROM submissions WHERE assignment_id = ? AND student_id = ?').get(m.assignmentId, actor.studentId) as Row | undefined;
  if (!sub) {
    const id = newId();
    db.prepare(
      `INSERT INTO submissions (id, assignment_id, student_id, state, version, created_at, updated_at) VALUES (?, ?, ?, 'draft', 0, ?, ?)`,
    ).run(id, m.assignmentId, actor.studentId, at, at);
    sub = db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as Row;
  }
  const questions = JSON.parse(a!.questions_json as string) as Question[];
  const changed = m.assignmentVersion < (a!.version as number) && !answersFit(m.answers, questions);
  const kind = m.type === 'work.submit' && !changed ? 'submit' : 'draft';

  const number = ((db.prepare('SELECT MAX(number) FROM submission_revisions WHERE submission_id = ?').pluck().get(sub.id) as number | null) ?? 0) + 1;
  const revId = newId();
  db.prepare(
    `INSERT INTO submission_revisions (id, submission_id, number, kind, answers_json, assignment_version, device_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(revId, sub.id, number, kind, JSON.stringify(m.answers), m.assignmentVersion, actor.deviceId, at);

  if (kind === 'submit') {
    const late = a!.due_at && Date.parse(at) > Date.parse(a!.due_at as string) ? 1 : 0;
    const resubmitted = sub.state === 'returned' || sub.resubmitted === 1 ? 1 : 0;
    db.prepare(
      `UPDATE submissions SET state = 'submitted', latest_revision_id = ?, submitted_revision_id = ?, submitted_at = ?, late = ?, resubmitted = ?,
         version = version + 1, updated_at = ? WHERE id = ?`,
    ).run(revId, revId, at, late, resubmitted, at, sub.id);
  } else {
    db.prepare('UPDATE submissions SET latest_revision_id = ?, version = version + 1, updated_at = ? WHERE id = ?').run(revId, at, sub.id);
  }
  recordPut(db, `student:${actor.studentId}`, 'submission', sub.id as string, at);
  const submission = submissionFromRow(db, db.prepare('SELECT * FROM submissions WHERE id = ?').get(sub.id) as Row);
  if (changed && m.type === 'work.submit') {
    return {
      status: 'conflict', mutationId: m.mutationId, code: 'assignment_changed', submission,
      message: 'L’enseignant a modifié ce devoir depuis ton brouillon : vérifie tes réponses puis rends-le à nouveau. Ton travail est gardé.',
    };
  }
  return { status: 'applied', mutationId: m.mutationId, submission };
}
