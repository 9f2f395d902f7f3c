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
export async function insertStudent(tx: Tx, s: { schoolId: string; classId: string; firstName: string; lastName: string; secretHash: string }, at: string): Promise<StudentRecord> {
  const id = newId();
  await tx.students.insert({ id, schoolId: s.schoolId, classId: s.classId, firstName: s.firstName.trim(), lastName: s.lastName.trim(), secretHash: s.secretHash, createdAt: at });
  await tx.changes.put(`class:${s.classId}`, 'student', id, at);
  const st = await tx.students.byId(id);
  if (!st) throw fail('student_not_found');
  return st;
}

