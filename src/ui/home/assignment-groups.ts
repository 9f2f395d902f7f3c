/**
 * Where an assignment sits on the student's home screen (à faire / brouillon / rendu /
 * corrigé), with its late and "changed by the teacher" flags. Pure: from the records the
 * tablet holds for ONE student, so it is table-tested.
 */
import type { Assignment, Feedback, Submission } from '../../protocol/entities.ts';
import type { WorkRow } from '../../db/schema.ts';

export type HomeGroup = 'todo' | 'draft' | 'submitted' | 'returned';
export const HOME_GROUPS: readonly HomeGroup[] = ['todo', 'draft', 'submitted', 'returned'];

export interface HomeItem {
  assignment: Assignment;
  group: HomeGroup;
  /** Past the due date and not handed in, or handed in late. */
  late: boolean;
  /** The teacher changed the assignment since this draft was started. */
  changed: boolean;
  work: WorkRow | undefined;
}

function hasAnswer(work: WorkRow | undefined): boolean {
  return !!work?.answers.some((a) => (a.text?.trim() ?? '') !== '' || (a.choiceIds?.length ?? 0) > 0 || (a.attachmentIds?.length ?? 0) > 0);
}

/** Classifies one assignment for one student. */
export function classify(
  assignment: Assignment,
  work: WorkRow | undefined,
  submission: Submission | undefined,
  feedback: Feedback | undefined,
  now: Date,
): HomeItem {
  const returned = !!feedback?.returnedAt || submission?.state === 'returned';
  const localHandedIn = work?.state === 'submitting' || work?.state === 'received';
  // A draft edited after grading is a resubmission in progress: it shows as a draft.
  const group: HomeGroup =
    returned && work?.state !== 'draft'
      ? 'returned'
      : localHandedIn || submission?.state === 'submitted'
        ? 'submitted'
        : hasAnswer(work)
          ? 'draft'
          : returned
            ? 'returned'
            : 'todo';
  const due = assignment.dueAt ? new Date(assignment.dueAt).getTime() : null;
  const handedInAt = work?.submittedAt ?? submission?.submittedAt ?? null;
  const late =
    submission?.late === true ||
    (due !== null && (handedInAt ? new Date(handedInAt).getTime() > due : group !== 'returned' && now.getTime() > due));
  const changed = group === 'draft' && !!work && work.assignmentVersion < assignment.version;
  return { assignment, group, late, changed, work };
}

/** Groups and sorts (soonest due first, no due date last) every assignment of a student. */
export function groupAssignments(
  assignments: Assignment[],
  works: WorkRow[],
  submissions: Submission[],
  feedback: Feedback[],
  now: Date,
): Record<HomeGroup, HomeItem[]> {
  const workBy = new Map(works.map((w) => [w.assignmentId, w]));
  const subBy = new Map(submissions.map((s) => [s.assignmentId, s]));
  const fbBy = new Map(feedback.map((f) => [f.assignmentId, f]));
  const out: Record<HomeGroup, HomeItem[]> = { todo: [], draft: [], submitted: [], returned: [] };
  for (const a of assignments) {
    const item = classify(a, workBy.get(a.id), subBy.get(a.id), fbBy.get(a.id), now);
    out[item.group].push(item);
  }
  const key = (i: HomeItem) => (i.assignment.dueAt ? new Date(i.assignment.dueAt).getTime() : Number.MAX_SAFE_INTEGER);
  for (const g of HOME_GROUPS) out[g].sort((x, y) => key(x) - key(y) || x.assignment.title.localeCompare(y.assignment.title, 'fr'));
  return out;
}
