/**
 * What the home screen shows, read from IndexedDB in one live query and reduced to the few
 * fields it renders (titles, dates, states: no lesson bodies, instructions or questions), so
 * the result compares cheaply and a sync page that changes nothing shown costs no re-render.
 */
import type { CartableDb } from '../../db/schema.ts';
import type { ErrorParams } from '../../protocol/error-codes.ts';
import type { Reminder } from '../../protocol/entities.ts';
import { dismissedNoticeIds } from '../../db/notice-repository.ts';
import { reconcileWork } from '../../db/reconcile-work.ts';
import { visibleAssignments, visibleLessons, type StudentScope } from '../common/student-scope.ts';
import { loadWorkInputs, orphanWorks } from '../common/work-inputs.ts';
import { groupAssignments, type HomeAssignment, type HomeGroup, type HomeItem } from './assignment-groups.ts';

export interface HomeData {
  /** Each group in its display order (see assignment-groups.ts). */
  groups: Record<HomeGroup, HomeItem[]>;
  /** Most recently published first. */
  lessons: Array<{ id: string; title: string }>;
  /** Work whose assignment this tablet no longer shows (never hidden: « à revoir »). */
  orphans: Array<{ id: string; assignmentId: string; attentionCode: string | null; attentionParams: ErrorParams | null }>;
  /** Assignments and orphans: zero shows « Aucun devoir ». */
  count: number;
  /** The teachers' reminders the pupil has not closed yet, newest first (work not handed in only). */
  reminders: Array<{ assignmentId: string; title: string; reminder: Reminder }>;
}

/** Reads and derives the home of the student in `scope`. */
export async function loadHomeData(db: CartableDb, scope: StudentScope, now = new Date()): Promise<HomeData> {
  const sid = scope.studentId;
  const [assignments, lessons, dismissed] = await Promise.all([visibleAssignments(db, scope), visibleLessons(db, scope), dismissedNoticeIds(db, sid)]);
  const inputs = await loadWorkInputs(db, sid, assignments);
  const items = assignments.map((a) => ({ assignment: { id: a.id, title: a.title, dueAt: a.dueAt } satisfies HomeAssignment, view: reconcileWork(inputs.get(a.id)!) }));
  const orphans = await orphanWorks(db, sid, new Set(assignments.map((a) => a.id)));
  const reminders = items
    .flatMap(({ assignment, view }) => (view.reminder && !dismissed.has(view.reminder.id) ? [{ assignmentId: assignment.id, title: assignment.title, reminder: view.reminder }] : []))
    .sort((x, y) => y.reminder.at.localeCompare(x.reminder.at));
  return {
    groups: groupAssignments(items, now),
    lessons: lessons.map((l) => ({ id: l.id, title: l.title })),
    orphans: orphans.map((w) => ({ id: w.id, assignmentId: w.assignmentId, attentionCode: w.needsAttentionCode ?? null, attentionParams: w.needsAttentionParams ?? null })),
    count: assignments.length + orphans.length,
    reminders,
  };
}
