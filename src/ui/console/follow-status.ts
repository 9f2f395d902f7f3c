/**
 * Where each student stands on an assignment, for the teacher's follow table and chart.
 * Pure: tested in tests/unit/console/follow-status.test.ts.
 */
import type { SubmissionRow } from '../../protocol/console.ts';

/** In the order the chart stacks them (most advanced first). */
export const FOLLOW_STATUSES = ['returned', 'on-time', 'late', 'draft', 'not-started'] as const;
export type FollowStatus = (typeof FOLLOW_STATUSES)[number];

/** The status of one student's work. A returned copy handed in again counts as handed in (to mark again). */
export function followStatus(row: Pick<SubmissionRow, 'submission' | 'feedback'>): FollowStatus {
  const s = row.submission;
  if (!s || (!s.latest && !s.submitted)) return 'not-started';
  if (s.state === 'returned') return 'returned';
  if (s.state === 'submitted') return s.late ? 'late' : 'on-time';
  return 'draft';
}

/** How many students are in each status, and the total. */
export function followCounts(rows: readonly Pick<SubmissionRow, 'submission' | 'feedback'>[]): Record<FollowStatus, number> & { total: number } {
  const counts = { returned: 0, 'on-time': 0, late: 0, draft: 0, 'not-started': 0, total: rows.length };
  for (const r of rows) counts[followStatus(r)]++;
  return counts;
}

/** One segment of the progress bar: its share of the width in percent (0–100), left to right. */
export interface BarSegment {
  status: FollowStatus;
  count: number;
  x: number;
  width: number;
}

/** Lays the counts out as a stacked bar; empty statuses get no segment. Widths sum to 100 when total > 0. */
export function progressSegments(counts: Record<FollowStatus, number> & { total: number }): BarSegment[] {
  if (counts.total === 0) return [];
  const out: BarSegment[] = [];
  let x = 0;
  for (const status of FOLLOW_STATUSES) {
    const count = counts[status];
    if (count === 0) continue;
    const width = (count / counts.total) * 100;
    out.push({ status, count, x, width });
    x += width;
  }
  return out;
}

/** Sorts rows for the table: by last name then first name, French collation. */
export function sortRows<T extends Pick<SubmissionRow, 'student'>>(rows: readonly T[]): T[] {
  const coll = new Intl.Collator('fr', { sensitivity: 'base' });
  return [...rows].sort((a, b) => coll.compare(a.student.lastName, b.student.lastName) || coll.compare(a.student.firstName, b.student.firstName));
}
