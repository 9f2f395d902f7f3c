/**
 * What the homework diary shows, read from IndexedDB for ONE pupil: their visible assignments
 * placed by day (diary-days.ts) with the subject (the assignment's, else its class's), its
 * colour and the teacher's name; and the visit record that makes « Nouveau » and « Corrigé ! ».
 */
import type { CartableDb, DiaryVisitRow } from '../../db/schema.ts';
import { reconcileWork, type WorkView } from '../../db/reconcile-work.ts';
import { visibleAssignments, type StudentScope } from '../common/student-scope.ts';
import { loadWorkInputs } from '../common/work-inputs.ts';
import { DIARY_DAYS, diaryPlace, type DiaryDay, type LastVisit } from './diary-days.ts';

export interface DiaryItem {
  id: string;
  title: string;
  dueAt: string | null;
  subject: string | null;
  teacher: string | null;
  view: WorkView;
  isNew: boolean;
  corrected: boolean;
}

export interface DiaryData {
  days: Record<DiaryDay, DiaryItem[]>;
  /** What this visit shows, to remember for the next one. */
  seen: LastVisit;
}

/** The pupil's last visit, or null for their first. */
export async function lastDiaryVisit(db: CartableDb, studentId: string): Promise<DiaryVisitRow | null> {
  return (await db.diaryVisits.get(studentId)) ?? null;
}

/** Remembers what this visit showed (added to what earlier visits did: a hidden-then-back item is not new again). */
export async function recordDiaryVisit(db: CartableDb, studentId: string, seen: LastVisit, at = new Date()): Promise<void> {
  await db.transaction('rw', db.diaryVisits, async () => {
    const before = await db.diaryVisits.get(studentId);
    await db.diaryVisits.put({
      studentId, visitedAt: at.toISOString(),
      seenAssignments: [...new Set([...(before?.seenAssignments ?? []), ...seen.seenAssignments])],
      seenCorrections: [...new Set([...(before?.seenCorrections ?? []), ...seen.seenCorrections])],
    });
  });
}

const HANDED_IN: ReadonlySet<WorkView['status']> = new Set(['submitted_pending', 'received', 'returned']);
const byDue = (x: DiaryItem, y: DiaryItem) => (x.dueAt ? Date.parse(x.dueAt) : Infinity) - (y.dueAt ? Date.parse(y.dueAt) : Infinity) || x.title.localeCompare(y.title, 'fr');

/** Reads and places the diary of the pupil in `scope`, marked against `last` (their previous visit). */
export async function loadDiaryData(db: CartableDb, scope: StudentScope, last: LastVisit | null, now = new Date()): Promise<DiaryData> {
  const sid = scope.studentId;
  const assignments = await visibleAssignments(db, scope);
  const [inputs, classes] = await Promise.all([loadWorkInputs(db, sid, assignments), db.classes.bulkGet([...new Set(assignments.map((a) => a.classId))])]);
  const classSubject = new Map(classes.filter((c) => !!c).map((c) => [c!.id, c!.subject ?? null]));
  const days = Object.fromEntries(DIARY_DAYS.map((d) => [d, [] as DiaryItem[]])) as Record<DiaryDay, DiaryItem[]>;
  const seenCorrections: string[] = [];
  for (const a of assignments) {
    const input = inputs.get(a.id)!;
    const view = reconcileWork(input);
    const fb = input.feedback;
    const correction = fb?.returnedAt ? `${fb.id}@${fb.returnedAt}` : null;
    if (correction) seenCorrections.push(correction);
    const place = diaryPlace({ id: a.id, dueAt: view.dueAt ?? a.dueAt, handedIn: HANDED_IN.has(view.status), started: !!(input.work || input.submission), correction }, last, now);
    if (!place) continue;
    days[place.day].push({
      id: a.id, title: a.title, dueAt: view.dueAt ?? a.dueAt, subject: a.subject ?? classSubject.get(a.classId) ?? null, teacher: a.authorName ?? null,
      view, isNew: place.isNew, corrected: place.corrected,
    });
  }
  for (const d of DIARY_DAYS) days[d].sort(byDue);
  return { days, seen: { seenAssignments: assignments.map((a) => a.id), seenCorrections } };
}
