/**
 * What a pushed answer may name (issue #11): the tablet writes answers against one version
 * of an assignment, so
 * - an `assignmentVersion` newer than the server's is impossible (no tablet saw it): refused;
 * - answers written against the CURRENT version must name its questions and their choices
 *   (choices only on a choice question), or carry over what this pupil's earlier revisions,
 *   written against an older version, already named (after an `assignment_changed` conflict
 *   the tablet hands in again at the new version with the answers it had): anything else is
 *   forged or corrupt, refused;
 * - answers written against an OLDER version may name what the teacher has since removed:
 *   that is honest drift, handled by the caller (a save is kept as a draft, a hand-in is a
 *   `conflict` asking the pupil to check) — never refused, so no work is lost.
 * A refusal keeps the work on the tablet under « À revoir » (SYNC.md, invariant 1).
 */
import type { Answer, Question } from '../../src/protocol/entities.ts';

export type AnswerRefusal =
  | { code: 'assignment_version_invalid'; params: { assignmentVersion: number; version: number } }
  | { code: 'answer_question_unknown'; params: { questionId: string } }
  | { code: 'answer_choice_unknown'; params: { questionId: string; choiceId: string } };

/** Null when the answers may be stored; else why not. */
export async function refuseAnswers(
  answers: Answer[],
  assignmentVersion: number,
  current: { version: number; questions: Question[] },
  /** Answers of the pupil's earlier revisions written against older versions (read only when needed). */
  earlierAnswers: () => Promise<Answer[]>,
): Promise<AnswerRefusal | null> {
  if (!Number.isSafeInteger(assignmentVersion) || assignmentVersion > current.version) {
    return { code: 'assignment_version_invalid', params: { assignmentVersion, version: current.version } };
  }
  if (assignmentVersion < current.version) return null;
  const byId = new Map(current.questions.map((q) => [q.id, q]));
  let carried: Set<string> | null = null;
  const named = async () => (carried ??= new Set((await earlierAnswers()).flatMap((a) => [a.questionId, ...(a.choiceIds ?? []).map((c) => `${a.questionId}\u0000${c}`)])));
  const wasNamed = async (questionId: string, choiceId?: string) => (await named()).has(choiceId === undefined ? questionId : `${questionId}\u0000${choiceId}`);
  for (const ans of answers) {
    const q = byId.get(ans.questionId);
    const choiceIds = ans.choiceIds ?? [];
    if (!q) {
      if (await wasNamed(ans.questionId)) {
        const carriedChoices = await Promise.all(choiceIds.map((c) => wasNamed(ans.questionId, c)));
        if (carriedChoices.every(Boolean)) continue;
      }
      return { code: 'answer_question_unknown', params: { questionId: ans.questionId } };
    }
    const choices = new Set(q.kind === 'choice' ? (q.choices ?? []).map((c) => c.id) : []);
    for (const c of choiceIds) {
      if (!choices.has(c) && !(await wasNamed(q.id, c))) return { code: 'answer_choice_unknown', params: { questionId: q.id, choiceId: c } };
    }
  }
  return null;
}
