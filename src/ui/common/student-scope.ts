/**
 * What one signed-in student may see on a shared tablet. Every UI query goes through
 * these helpers with the signed-in studentId: class content must be published to their
 * class (or to a group they belong to), and their own records are read by studentId.
 */
import type { CartableDb } from '../../db/schema.ts';
import type { Assignment, Lesson } from '../../protocol/entities.ts';
import { isPublishedTo, type StudentScope as ContentScope } from '../../protocol/visibility.ts';

export interface StudentScope extends ContentScope {
  studentId: string;
}

/** Published to the student's class as a whole, or to one of their groups: the server's own rule (protocol/visibility.ts). Pure. */
export const isVisibleTo = (item: Pick<Lesson | Assignment, 'classId' | 'groupId' | 'status'>, scope: StudentScope): boolean => isPublishedTo(item, scope);

/** The scope of `studentId` from the tablet's database, or null if they never signed in here. */
export async function loadScope(db: CartableDb, studentId: string): Promise<StudentScope | null> {
  const session = await db.localSessions.get(studentId);
  const card = await db.students.get(studentId);
  const classId = card?.classId ?? session?.classId;
  if (!session || !classId) return null;
  const groups = await db.groups.where('studentIds').equals(studentId).toArray();
  return { studentId, classId, groupIds: new Set(groups.filter((g) => g.classId === classId).map((g) => g.id)) };
}

export async function visibleLessons(db: CartableDb, scope: StudentScope): Promise<Lesson[]> {
  const all = await db.lessons.where('classId').equals(scope.classId).toArray();
  return all.filter((l) => isVisibleTo(l, scope)).sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
}

export async function visibleAssignments(db: CartableDb, scope: StudentScope): Promise<Assignment[]> {
  const all = await db.assignments.where('classId').equals(scope.classId).toArray();
  return all.filter((a) => isVisibleTo(a, scope));
}

/** One lesson, only if this student may see it (a URL with another class's id shows nothing). */
export async function visibleLesson(db: CartableDb, scope: StudentScope, id: string): Promise<Lesson | null> {
  const l = await db.lessons.get(id);
  return l && isVisibleTo(l, scope) ? l : null;
}

export async function visibleAssignment(db: CartableDb, scope: StudentScope, id: string): Promise<Assignment | null> {
  const a = await db.assignments.get(id);
  return a && isVisibleTo(a, scope) ? a : null;
}
