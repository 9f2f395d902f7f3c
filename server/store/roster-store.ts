/**
 * Classes, their teachers, students and groups. Roster writes record their change for the
 * tablets (`class:<id>` scope) in the same transaction; adding students to a group
 * re-stamps that group's published content so the new members receive it.
 */
import type { StudentCard } from '../../src/protocol/entities.ts';
import type { ClassSummary, GroupInfo } from '../../src/protocol/console.ts';

export interface ClassRecord {
  id: string;
  schoolId: string;
  name: string;
  archived: boolean;
}

export interface GroupRecord {
  id: string;
  classId: string;
  schoolId: string;
  name: string;
  archived: boolean;
}

export interface StudentPatch {
  firstName?: string;
  lastName?: string;
  classId?: string;
  secretHash?: string;
  archived?: boolean;
}

/** One student line of a roster import, already checked for shape. */
export interface RosterEntry {
  line: number;
  className: string;
  lastName: string;
  firstName: string;
  /** Hash of the secret (from the file or generated); null in a dry run. */
  secretHash: string | null;
  /** True when the file gave the secret (an archived student found again gets it); false when generated. */
  secretFromFile: boolean;
}

export type RosterOutcome =
  | { line: number; outcome: 'created' | 'updated'; studentId: string | null }
  | { line: number; outcome: 'refused'; reason: string };

export interface RosterStore {
  classById(id: string): Promise<ClassRecord | null>;
  /** Every class of the school, or only those `teacherId` teaches. */
  listClasses(schoolId: string, teacherId?: string): Promise<ClassSummary[]>;
  classSummary(id: string): Promise<ClassSummary | null>;
  isTeacherOf(classId: string, userId: string): Promise<boolean>;
  /** 409 HttpError when the school already has a class of that name. */
  createClass(schoolId: string, name: string, teacherIds: string[]): Promise<ClassSummary>;
  updateClass(id: string, patch: { name?: string; archived?: boolean; teacherIds?: string[] }): Promise<ClassSummary>;

  /** Archived students too (the console shows them greyed). */
  listStudents(classId: string): Promise<StudentCard[]>;
  studentById(id: string): Promise<(StudentCard & { schoolId: string }) | null>;
  createStudent(s: { schoolId: string; classId: string; firstName: string; lastName: string; secretHash: string }): Promise<StudentCard>;
  /** Moving to another class removes the student from the old class's groups. */
  updateStudent(id: string, patch: StudentPatch): Promise<StudentCard>;

  listGroups(classId: string): Promise<GroupInfo[]>;
  groupById(id: string): Promise<GroupRecord | null>;
  createGroup(classId: string, name: string, studentIds: string[]): Promise<GroupInfo>;
  updateGroup(id: string, patch: { name?: string; studentIds?: string[]; archived?: boolean }): Promise<GroupInfo>;

  /**
   * Applies a roster import in one transaction (nothing when `dryRun`): creates missing
   * classes, refuses duplicates (same class and names, in the file or already there),
   * brings back archived students found again. Names compare case- and space-insensitively.
   */
  importRoster(schoolId: string, entries: RosterEntry[], dryRun: boolean): Promise<{ outcomes: RosterOutcome[]; classesCreated: string[] }>;
}
