/**
 * The homework diary's days (« Cahier de textes »): where a piece of work sits by its due
 * date, in the tablet's own calendar (local midnight, weeks from Monday to Sunday), and what
 * is new since the pupil's last visit. Pure: tested in tests/unit/ui/diary-days.test.ts.
 *
 * Rules:
 * - Work still to hand in goes under its day: « En retard » (past its due instant), today,
 *   tomorrow, the rest of this week, later (after Sunday, or no due date).
 * - Work handed in stays under its day while that day is ahead (with « Rendu »); once past,
 *   it leaves the diary — unless its correction came back since the last visit: then it is on
 *   top, under « Nouvelles corrections », marked « Corrigé ! ».
 * - « Nouveau »: an assignment the diary never showed this pupil (on their first visit, all)
 *   and that they have not started yet (work they already answered is not news to them).
 */
export type DiaryDay = 'corrected' | 'late' | 'today' | 'tomorrow' | 'week' | 'later';
export const DIARY_DAYS: readonly DiaryDay[] = ['corrected', 'late', 'today', 'tomorrow', 'week', 'later'];

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

/** The day of a due date, ignoring whether the work is handed in. */
export function dueDay(dueAt: string | null, now: Date): Exclude<DiaryDay, 'corrected'> {
  if (!dueAt) return 'later';
  const due = new Date(dueAt);
  if (due.getTime() < now.getTime()) return 'late';
  const today = startOfDay(now);
  if (due < addDays(today, 1)) return 'today';
  if (due < addDays(today, 2)) return 'tomorrow';
  const daysToMonday = (8 - today.getDay()) % 7 || 7; // Sunday → 1, Monday → 7
  return due < addDays(today, daysToMonday) ? 'week' : 'later';
}

export interface DiaryEntryInput {
  id: string;
  dueAt: string | null;
  /** Handed in (received or waiting to be sent) or returned. */
  handedIn: boolean;
  /** The pupil has already answered something (a draft exists on the tablet). */
  started?: boolean;
  /** The returned correction's key (`${feedbackId}@${returnedAt}`), if any. */
  correction: string | null;
}

export interface DiaryPlace {
  day: DiaryDay;
  isNew: boolean;
  corrected: boolean;
}

export interface LastVisit {
  seenAssignments: readonly string[];
  seenCorrections: readonly string[];
}

/** Where one piece of work goes in the diary (null: not in it) and its marks. */
export function diaryPlace(e: DiaryEntryInput, last: LastVisit | null, now: Date): DiaryPlace | null {
  const corrected = e.correction !== null && !(last?.seenCorrections.includes(e.correction) ?? false);
  const isNew = !e.started && !e.handedIn && !(last?.seenAssignments.includes(e.id) ?? false);
  const day = dueDay(e.dueAt, now);
  if (!e.handedIn) return { day, isNew, corrected: false };
  if (corrected) return { day: 'corrected', isNew: false, corrected: true };
  if (day === 'late') return null;
  return { day, isNew, corrected: false };
}
