/**
 * A class's gradebook (« Carnet de notes »): its published assignments × its pupils, with each
 * pupil's mark, and the work that is late, missing or waiting to be marked. Read by the console
 * (GET /api/classes/:id/gradebook) and exported for a spreadsheet (…/gradebook.csv).
 */
import { Type, type Static } from 'typebox';
import { Id, Instant, StudentCard } from './entities.ts';

/**
 * One pupil × one assignment:
 * - `not_assigned`: a group's assignment, the pupil is not in the group;
 * - `pending`: not handed in, the due date not passed (or none);
 * - `missing`: not handed in, the due date passed;
 * - `to_mark`: handed in, no mark yet;
 * - `marked`: marked, not yet returned to the pupil;
 * - `returned`: returned (with or without a mark).
 */
export const GradebookStatus = Type.Union([
  Type.Literal('not_assigned'), Type.Literal('pending'), Type.Literal('missing'),
  Type.Literal('to_mark'), Type.Literal('marked'), Type.Literal('returned'),
]);
export type GradebookStatus = Static<typeof GradebookStatus>;

export const GradebookCell = Type.Object({
  assignmentId: Id,
  status: GradebookStatus,
  /** The teacher's mark, null when none (yet). */
  mark: Type.Union([Type.Number(), Type.Null()]),
  maxMark: Type.Union([Type.Number(), Type.Null()]),
  /** Handed in after the due date. */
  late: Type.Boolean(),
  /** The copy, for a link to the marking desk (null: nothing handed in or saved). */
  submissionId: Type.Union([Id, Type.Null()]),
});
export type GradebookCell = Static<typeof GradebookCell>;

export const GradebookAssignment = Type.Object({
  id: Id,
  title: Type.String(),
  dueAt: Type.Union([Instant, Type.Null()]),
  publishedAt: Type.Union([Instant, Type.Null()]),
  /** The group it was set to (null: the whole class). */
  groupName: Type.Union([Type.String(), Type.Null()]),
  /** What its marks are out of: the one most of them use, else the sum of its questions' points. */
  outOf: Type.Number(),
  /** Mean of its marks on 20 (null: no mark yet). */
  averageOn20: Type.Union([Type.Number(), Type.Null()]),
});
export type GradebookAssignment = Static<typeof GradebookAssignment>;

export const GradebookRow = Type.Object({
  student: StudentCard,
  /** One per assignment, in the order of `assignments`. */
  cells: Type.Array(GradebookCell),
  /** Mean of the pupil's marks, each brought to 20 (null: no mark yet). */
  averageOn20: Type.Union([Type.Number(), Type.Null()]),
  lateCount: Type.Integer(),
  missingCount: Type.Integer(),
});
export type GradebookRow = Static<typeof GradebookRow>;

export const Gradebook = Type.Object({
  classId: Id,
  className: Type.String(),
  /** Published assignments, oldest first (as a gradebook reads, left to right). */
  assignments: Type.Array(GradebookAssignment),
  /** Active pupils, by last name. */
  rows: Type.Array(GradebookRow),
  /** The mean of the pupils' averages on 20 (null: no mark yet). */
  classAverageOn20: Type.Union([Type.Number(), Type.Null()]),
  at: Instant,
});
export type Gradebook = Static<typeof Gradebook>;

/** A mark brought to 20, rounded to the hundredth (null when it cannot be: no mark, or out of 0). */
export function markOn20(mark: number | null, maxMark: number | null): number | null {
  if (mark === null || maxMark === null || maxMark <= 0) return null;
  return Math.round((mark / maxMark) * 2000) / 100;
}

/** The mean of the numbers that are there, rounded to the hundredth; null if none. */
export function meanOf(values: Array<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return null;
  return Math.round((present.reduce((a, b) => a + b, 0) / present.length) * 100) / 100;
}
