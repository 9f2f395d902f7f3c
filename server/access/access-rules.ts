/**
 * The access rules, each defined once (routes, the sync serialiser, media and paper all
 * call these):
 * - a user sees their own school only; a teacher only the classes they teach, the IT
 *   referent every class of the school. Anything else is the same 404 as an unknown id, so
 *   an id from another class or school reveals nothing;
 * - 'teacher' needs: a teacher of the class; 'it': the IT referent; 'staff': either;
 * - a student sees content published to their class or one of their groups (protocol
 *   visibility.ts), not deleted, while not archived; their own work and attachments only.
 */
import type { Tx } from '../store/repositories.ts';
import type { AssignmentRecord, AttachmentRecord, ClassRecord, ContentRecord, LessonRecord, StudentRecord, SubmissionRecord } from '../store/records.ts';
import type { ErrorCode } from '../../src/protocol/error-codes.ts';
import { isPublishedTo } from '../../src/protocol/visibility.ts';
import { fail } from '../domain/domain-error.ts';
import type { Actor, StudentActor, UserActor } from './actor.ts';

export type ClassNeed = 'staff' | 'teacher' | 'it';

/** A signed-in teacher or IT referent (optionally only the IT referent). SYSTEM passes as IT. */
export function requireUser(actor: Actor | null, need: 'staff' | 'it' = 'staff'): UserActor | null {
  if (!actor) throw fail('unauthenticated');
  if (actor.kind === 'system') return null;
  if (actor.kind !== 'user') throw fail('staff_only');
  if (need === 'it' && actor.role !== 'it') throw fail('it_only');
  return actor;
}

/** A signed-in student on their enrolled tablet. */
export function requireStudent(actor: Actor | null): StudentActor {
  if (!actor) throw fail('unauthenticated');
  if (actor.kind !== 'student') throw fail('students_only');
  return actor;
}

/** Whether this user teaches this class (the one definition of "teacher of the class"). */
export const isTeacherOfClass = (tx: Tx, userId: string, classId: string) => tx.classes.isTeacher(userId, classId);

/** Who signs a teacher's write: the teacher; for SYSTEM (the demo seed, the CLI), one of the class's teachers. */
export async function signingTeacher(tx: Tx, actor: Actor | null, classId: string): Promise<string> {
  const user = requireUser(actor);
  if (user) return user.userId;
  const [first] = await tx.classes.teacherIds(classId);
  if (!first) throw fail('teacher_unknown');
  return first;
}

/** The class, if `actor` may `need` it; else `notFound` (default: class_not_found), teacher_only or it_only. */
export async function classFor(tx: Tx, actor: Actor | null, classId: string, need: ClassNeed, notFound: ErrorCode = 'class_not_found'): Promise<ClassRecord> {
  const user = requireUser(actor);
  const cls = await tx.classes.byId(classId);
  if (!cls) throw fail(notFound);
  if (!user) return cls;
  if (cls.schoolId !== user.schoolId) throw fail(notFound);
  if (user.role === 'teacher' && !(await isTeacherOfClass(tx, user.userId, classId))) throw fail(notFound);
  if (need === 'it' && user.role !== 'it') throw fail('it_only');
  if (need === 'teacher' && user.role !== 'teacher') throw fail('teacher_only');
  return cls;
}

/** A live (not deleted) lesson the actor may `need`. */
export async function lessonFor(tx: Tx, actor: Actor | null, id: string, need: ClassNeed): Promise<LessonRecord> {
  const l = await tx.lessons.byId(id);
  if (!l || l.deletedAt) throw fail('lesson_not_found');
  await classFor(tx, actor, l.classId, need, 'lesson_not_found');
  return l;
}

/** A live assignment the actor may `need`. */
export async function assignmentFor(tx: Tx, actor: Actor | null, id: string, need: ClassNeed): Promise<AssignmentRecord> {
  const a = await tx.assignments.byId(id);
  if (!a || a.deletedAt) throw fail('assignment_not_found');
  await classFor(tx, actor, a.classId, need, 'assignment_not_found');
  return a;
}

/** A submission (and its assignment) the actor may `need` as staff. */
export async function submissionFor(tx: Tx, actor: Actor | null, id: string, need: ClassNeed): Promise<{ submission: SubmissionRecord; assignment: AssignmentRecord }> {
  const submission = await tx.submissions.byId(id);
  const assignment = submission ? await tx.assignments.byId(submission.assignmentId) : null;
  if (!submission || !assignment) throw fail('submission_not_found');
  await classFor(tx, actor, assignment.classId, need, 'submission_not_found');
  return { submission, assignment };
}

/** The groups of the student's own class they belong to. */
export async function studentGroupIds(tx: Tx, student: StudentRecord): Promise<Set<string>> {
  const ids = await tx.groups.groupIdsOf(student.id);
  const mine = new Set<string>();
  for (const id of ids) if ((await tx.groups.byId(id))?.classId === student.classId) mine.add(id);
  return mine;
}

/** Whether the student may see (and so answer) this content now. */
export async function contentVisibleToStudent(tx: Tx, content: ContentRecord, studentId: string): Promise<boolean> {
  if (content.deletedAt) return false;
  const student = await tx.students.byId(studentId);
  if (!student || student.archived || student.schoolId !== content.schoolId) return false;
  return isPublishedTo(content, { classId: student.classId, groupIds: await studentGroupIds(tx, student) });
}

/** Whether the actor may read this attachment: its student, a teacher of the student's class, the school's IT referent. */
export async function attachmentReadableBy(tx: Tx, actor: Actor, a: AttachmentRecord): Promise<boolean> {
  if (actor.kind === 'system') return true;
  if (a.schoolId !== actor.schoolId) return false;
  if (actor.kind === 'student') return actor.studentId === a.studentId;
  if (actor.role === 'it') return true;
  const student = await tx.students.byId(a.studentId);
  return !!student && (await isTeacherOfClass(tx, actor.userId, student.classId));
}

/** The change-log scopes a student reads: their class, their groups, their own records. */
export async function studentScopes(tx: Tx, studentId: string): Promise<string[]> {
  const student = await tx.students.byId(studentId);
  if (!student) return [];
  const groups = await tx.groups.groupIdsOf(studentId);
  return [`class:${student.classId}`, ...groups.map((g) => `group:${g}`), `student:${studentId}`];
}
