/**
 * Where an assignment sits on the student's home screen (à faire / brouillon / rendu /
 * corrigé), with its late and "changed by the teacher" flags, from SYNC's pure
 * `reconcileWork` view, so the home screen and the assignment screen never disagree.
 */
import type { Assignment } from '../../protocol/entities.ts';
import type { WorkView } from '../../db/reconcile-work.ts';

export type HomeGroup = 'todo' | 'draft' | 'submitted' | 'returned';
export const HOME_GROUPS: readonly HomeGroup[] = ['todo', 'draft', 'submitted', 'returned'];

export interface HomeItem {
  assignment: Assignment;
  group: HomeGroup;
  view: WorkView;
  /** Past the due date and not handed in, or handed in late. */
  late: boolean;
}

const GROUP_OF: Record<WorkView['status'], HomeGroup> = {
  not_started: 'todo',
  draft: 'draft',
  // Refused work is back in the student's hands: it shows with the drafts, flagged.
  needs_attention: 'draft',
  submitted_pending: 'submitted',
  received: 'submitted',
  returned: 'returned',
};

/** Classifies one assignment from its reconciled view. Pure. */
export function classify(assignment: Assignment, view: WorkView, now: Date): HomeItem {
  const group = GROUP_OF[view.status];
  const due = assignment.dueAt ? new Date(assignment.dueAt).getTime() : null;
  const handedIn = group === 'submitted' || group === 'returned';
  const late = view.late || (due !== null && (handedIn ? !!view.at && new Date(view.at).getTime() > due : now.getTime() > due));
  return { assignment, group, view, late };
}

/** Groups and sorts (soonest due first, no due date last). Pure. */
export function groupAssignments(items: Array<{ assignment: Assignment; view: WorkView }>, now: Date): Record<HomeGroup, HomeItem[]> {
  const out: Record<HomeGroup, HomeItem[]> = { todo: [], draft: [], submitted: [], returned: [] };
  for (const { assignment, view } of items) {
    const item = classify(assignment, view, now);
    out[item.group].push(item);
  }
  const key = (i: HomeItem) => (i.assignment.dueAt ? new Date(i.assignment.dueAt).getTime() : Number.MAX_SAFE_INTEGER);
  for (const g of HOME_GROUPS) out[g].sort((x, y) => key(x) - key(y) || x.assignment.title.localeCompare(y.assignment.title, 'fr'));
  return out;
}
