/**
 * Where an assignment sits on the student's home screen (à faire / brouillon / rendu /
 * corrigé), with its late and "changed by the teacher" flags, from SYNC's pure
 * `reconcileWork` view, so the home screen and the assignment screen never disagree.
 * Also what each list shows: the most relevant few, the rest behind « Tout afficher (N) ».
 */
import type { Assignment } from '../../protocol/entities.ts';
import type { WorkView } from '../../db/reconcile-work.ts';

export type HomeGroup = 'todo' | 'draft' | 'submitted' | 'returned';
export const HOME_GROUPS: readonly HomeGroup[] = ['todo', 'draft', 'submitted', 'returned'];

/** What the home needs of an assignment (not its instructions or questions). */
export type HomeAssignment = Pick<Assignment, 'id' | 'title' | 'dueAt'>;

export interface HomeItem<A extends HomeAssignment = HomeAssignment> {
  assignment: A;
  group: HomeGroup;
  view: WorkView;
  /** The due date that applies to this pupil: their own if the teacher gave one, else the assignment's. */
  dueAt: string | null;
  /** Past the due date and not handed in, or handed in late. */
  late: boolean;
}

/** Items a home list shows before « Tout afficher »: a screenful on a tablet, enough for a week or two of work. */
export const HOME_LIST_CAP = 12;

const GROUP_OF: Record<WorkView['status'], HomeGroup> = {
  not_started: 'todo',
  // Sent back by the teacher: to do again, at the top of « À faire ».
  redo: 'todo',
  draft: 'draft',
  // Refused work is back in the student's hands: it shows with the drafts, flagged.
  needs_attention: 'draft',
  submitted_pending: 'submitted',
  received: 'submitted',
  returned: 'returned',
};

/** Classifies one assignment from its reconciled view. Pure. */
export function classify<A extends HomeAssignment>(assignment: A, view: WorkView, now: Date): HomeItem<A> {
  const group = GROUP_OF[view.status];
  const dueAt = view.dueAt ?? assignment.dueAt;
  const due = dueAt ? new Date(dueAt).getTime() : null;
  const handedIn = group === 'submitted' || group === 'returned';
  const late = view.late || (due !== null && (handedIn ? !!view.at && new Date(view.at).getTime() > due : now.getTime() > due));
  return { assignment, group, view, dueAt, late };
}

// One collator for every sort (localeCompare with a locale builds one per call: slow on 300 items).
const byTitle = new Intl.Collator('fr').compare;
const dueKey = (i: HomeItem) => (i.dueAt ? Date.parse(i.dueAt) : Number.MAX_SAFE_INTEGER);
const atKey = (i: HomeItem) => (i.view.at ? Date.parse(i.view.at) : 0);
type Order = (x: HomeItem, y: HomeItem) => number;
// Still to do (à faire, brouillon): soonest due first, no due date last; a refused draft before all, work sent back to redo first of « À faire ».
const soonestDue: Order = (x, y) => dueKey(x) - dueKey(y);
const redoFirst: Order = (x, y) => Number(y.view.status === 'redo') - Number(x.view.status === 'redo') || soonestDue(x, y);
const refusedFirst: Order = (x, y) => Number(y.view.status === 'needs_attention') - Number(x.view.status === 'needs_attention') || soonestDue(x, y);
// Done (rendu, corrigé): the latest handed in / returned first, so a new mark is on top.
const mostRecent: Order = (x, y) => atKey(y) - atKey(x) || soonestDue(x, y);
const ORDER: Record<HomeGroup, Order> = { todo: redoFirst, draft: refusedFirst, submitted: mostRecent, returned: mostRecent };

/** Groups, each in its order (see ORDER), ties by title. Pure. */
export function groupAssignments<A extends HomeAssignment>(items: Array<{ assignment: A; view: WorkView }>, now: Date): Record<HomeGroup, Array<HomeItem<A>>> {
  const out: Record<HomeGroup, Array<HomeItem<A>>> = { todo: [], draft: [], submitted: [], returned: [] };
  for (const { assignment, view } of items) {
    const item = classify(assignment, view, now);
    out[item.group].push(item);
  }
  for (const g of HOME_GROUPS) out[g].sort((x, y) => ORDER[g](x, y) || byTitle(x.assignment.title, y.assignment.title));
  return out;
}

export interface CappedList<T> {
  /** The items to render now. */
  shown: readonly T[];
  /** How many there are in all (the toggle says « Tout afficher (total) »). */
  total: number;
  /** Whether the list needs a « Tout afficher » / « Afficher moins » toggle at all. */
  toggle: boolean;
}

/** The first `cap` items of an (already ordered) list, or all of them once expanded. Pure. */
export function capList<T>(items: readonly T[], expanded: boolean, cap = HOME_LIST_CAP): CappedList<T> {
  const toggle = items.length > cap;
  return { shown: toggle && !expanded ? items.slice(0, cap) : items, total: items.length, toggle };
}
