/** Roster writes shared by the roster service and the import: each records its change for the class's tablets. */
import type { Tx } from '../store/repositories.ts';
import type { ClassRecord, StudentRecord } from '../store/records.ts';
import { fail } from '../domain/domain-error.ts';
import { newId } from '../ids.ts';

/** A new class (its name free in the school), recorded for the tablets. */
export async function insertClass(tx: Tx, schoolId: string, name: string, at: string, subject: string | null = null): Promise<ClassRecord> {
  if (await tx.classes.byName(schoolId, name)) throw fail('class_name_taken', { name });
  const id = newId();
  await tx.classes.insert({ id, schoolId, name, subject, createdAt: at });
  await tx.changes.put(`class:${id}`, 'class', id, at);
  const c = await tx.classes.byId(id);
  if (!c) throw fail('class_not_found');
  return c;
}

/** A new student, recorded for the class's tablets. */
export async function insertStudent(
  tx: Tx, s: { schoolId: string; classId: string; firstName: string; lastName: string; secretHash: string; secretLength: number; externalId?: string | null }, at: string,
): Promise<StudentRecord> {
  const id = newId();
  await tx.students.insert({ id, schoolId: s.schoolId, classId: s.classId, firstName: s.firstName.trim(), lastName: s.lastName.trim(), secretHash: s.secretHash, secretLength: s.secretLength, externalId: s.externalId ?? null, createdAt: at });
  await tx.changes.put(`class:${s.classId}`, 'student', id, at);
  const st = await tx.students.byId(id);
  if (!st) throw fail('student_not_found');
  return st;
}


/**
 * Moves a student to another class of the school: they leave the old class's groups (its
 * tablets learn the new membership), and the old class's tablets drop them (tombstone).
 */
export async function moveStudentOut(tx: Tx, st: StudentRecord, at: string): Promise<void> {
  for (const gid of await tx.groups.groupIdsOf(st.id)) {
    const g = await tx.groups.byId(gid);
    if (g?.classId !== st.classId) continue;
    await tx.groups.removeMember(gid, st.id);
    await tx.changes.put(`class:${st.classId}`, 'group', gid, at);
  }
  await tx.changes.remove(`class:${st.classId}`, 'student', st.id, at);
}

/** Archives a student: recorded for the class's tablets, and signed out of every tablet. */
export async function archiveStudent(tx: Tx, st: StudentRecord, at: string): Promise<void> {
  await tx.students.update(st.id, { archived: true }, at);
  await tx.changes.put(`class:${st.classId}`, 'student', st.id, at);
  await tx.sessions.revokeAllOf({ studentId: st.id }, at);
}

/** Adds students to a group; those who just joined receive the group's published content at their next pull. */
export async function addGroupMembers(tx: Tx, groupId: string, classId: string, studentIds: string[], at: string): Promise<void> {
  const before = new Set(await tx.groups.memberIds(groupId));
  const joining = studentIds.filter((id) => !before.has(id));
  if (joining.length === 0) return;
  await tx.groups.setMembers(groupId, [...before, ...joining]);
  await restampGroupContent(tx, groupId, at);
  await tx.changes.put(`class:${classId}`, 'group', groupId, at);
}

/** Re-stamps a group's published content (new members must receive it). */
export async function restampGroupContent(tx: Tx, groupId: string, at: string): Promise<void> {
  for (const cid of await tx.lessons.publishedIdsForGroup(groupId)) await tx.changes.put(`group:${groupId}`, 'lesson', cid, at);
  for (const cid of await tx.assignments.publishedIdsForGroup(groupId)) await tx.changes.put(`group:${groupId}`, 'assignment', cid, at);
}
