import type { Db } from './database.ts';
import type { ClassRecord, GroupRecord, RosterEntry, RosterOutcome, RosterStore, StudentPatch } from '../roster-store.ts';
import type { StudentCard } from '../../../src/protocol/entities.ts';
import type { ClassSummary, GroupInfo } from '../../../src/protocol/console.ts';
import { classFromRow, groupFromRow, studentCardFromRow } from './serializers.ts';
import { recordDelete, recordPut } from './change-log.ts';
import { badRequest, conflict, notFound } from '../../errors.ts';
import { newId, now } from '../../ids.ts';

type Row = Record<string, unknown>;

/** Names compare case-, accent-form- and space-insensitively ("  Léa " = "léa"). */
export const normName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr');

export class SqliteRosterStore implements RosterStore {
  constructor(private readonly db: Db) {}

  private summary(r: Row): ClassSummary {
    const teacherIds = this.db.prepare('SELECT user_id FROM class_teachers WHERE class_id = ? ORDER BY user_id').pluck().all(r.id) as string[];
    const studentCount = this.db.prepare('SELECT COUNT(*) FROM students WHERE class_id = ? AND archived = 0').pluck().get(r.id) as number;
    return { ...classFromRow(r), teacherIds, studentCount };
  }

  private groupInfo(r: Row): GroupInfo {
    return { ...groupFromRow(this.db, r), archived: r.archived === 1 };
  }

  async classById(id: string): Promise<ClassRecord | null> {
    const r = this.db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as Row | undefined;
    return r ? { ...classFromRow(r), schoolId: r.school_id as string } : null;
  }

  async listClasses(schoolId: string, teacherId?: string) {
    const rows = teacherId
      ? this.db.prepare('SELECT c.* FROM classes c JOIN class_teachers t ON t.class_id = c.id WHERE c.school_id = ? AND t.user_id = ? ORDER BY c.archived, c.name').all(schoolId, teacherId)
      : this.db.prepare('SELECT * FROM classes WHERE school_id = ? ORDER BY archived, name').all(schoolId);
    return (rows as Row[]).map((r) => this.summary(r));
  }

  async classSummary(id: string) {
    const r = this.db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as Row | undefined;
    return r ? this.summary(r) : null;
  }

  async isTeacherOf(classId: string, userId: string) {
    return !!this.db.prepare('SELECT 1 FROM class_teachers WHERE class_id = ? AND user_id = ?').get(classId, userId);
  }

  private checkTeachers(schoolId: string, teacherIds: string[]) {
    for (const id of new Set(teacherIds)) {
      const u = this.db.prepare('SELECT role FROM users WHERE id = ? AND school_id = ? AND archived = 0').get(id, schoolId) as Row | undefined;
      if (!u) throw badRequest(`No teacher of this school has the id ${id}.`);
      if (u.role !== 'teacher') throw badRequest('Only teachers can be given a class.');
    }
  }

  private setTeachers(classId: string, teacherIds: string[]) {
    this.db.prepare('DELETE FROM class_teachers WHERE class_id = ?').run(classId);
    for (const id of new Set(teacherIds)) this.db.prepare('INSERT INTO class_teachers (class_id, user_id) VALUES (?, ?)').run(classId, id);
  }

  private insertClass(schoolId: string, name: string, at: string): string {
    const taken = this.db.prepare('SELECT 1 FROM classes WHERE school_id = ? AND name = ?').get(schoolId, name);
    if (taken) throw conflict(`The school already has a class named "${name}".`);
    const id = newId();
    this.db.prepare('INSERT INTO classes (id, school_id, name, archived, created_at) VALUES (?, ?, ?, 0, ?)').run(id, schoolId, name, at);
    recordPut(this.db, `class:${id}`, 'class', id, at);
    return id;
  }

  async createClass(schoolId: string, name: string, teacherIds: string[]) {
    return this.db.transaction(() => {
      this.checkTeachers(schoolId, teacherIds);
      const id = this.insertClass(schoolId, name, now());
      this.setTeachers(id, teacherIds);
      return this.summary(this.db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as Row);
    })();
  }

  async updateClass(id: string, patch: { name?: string; archived?: boolean; teacherIds?: string[] }) {
    return this.db.transaction(() => {
      const r = this.db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as Row | undefined;
      if (!r) throw notFound('This class');
      if (patch.name !== undefined && patch.name !== r.name) {
        if (this.db.prepare('SELECT 1 FROM classes WHERE school_id = ? AND name = ? AND id != ?').get(r.school_id, patch.name, id)) {
          throw conflict(`The school already has a class named "${patch.name}".`);
        }
      }
      if (patch.teacherIds) {
        this.checkTeachers(r.school_id as string, patch.teacherIds);
        this.setTeachers(id, patch.teacherIds);
      }
      const archived = patch.archived === undefined ? r.archived : patch.archived ? 1 : 0;
      this.db.prepare('UPDATE classes SET name = ?, archived = ? WHERE id = ?').run(patch.name ?? r.name, archived, id);
      if (patch.name !== undefined || patch.archived !== undefined) recordPut(this.db, `class:${id}`, 'class', id, now());
      return this.summary(this.db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as Row);
    })();
  }

  async listStudents(classId: string) {
    const rows = this.db.prepare('SELECT * FROM students WHERE class_id = ? ORDER BY archived, last_name COLLATE NOCASE, first_name COLLATE NOCASE').all(classId) as Row[];
    return rows.map(studentCardFromRow);
  }

  async studentById(id: string) {
    const r = this.db.prepare('SELECT * FROM students WHERE id = ?').get(id) as Row | undefined;
    return r ? { ...studentCardFromRow(r), schoolId: r.school_id as string } : null;
  }

  private insertStudent(s: { schoolId: string; classId: string; firstName: string; lastName: string; secretHash: string }, at: string): string {
    const id = newId();
    this.db
      .prepare('INSERT INTO students (id, school_id, class_id, last_name, first_name, secret_hash, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)')
      .run(id, s.schoolId, s.classId, s.lastName.trim(), s.firstName.trim(), s.secretHash, at, at);
    recordPut(this.db, `class:${s.classId}`, 'student', id, at);
    return id;
  }

  async createStudent(s: { schoolId: string; classId: string; firstName: string; lastName: string; secretHash: string }): Promise<StudentCard> {
    return this.db.transaction(() => {
      const id = this.insertStudent(s, now());
      return studentCardFromRow(this.db.prepare('SELECT * FROM students WHERE id = ?').get(id) as Row);
    })();
  }

  async updateStudent(id: string, patch: StudentPatch) {
    return this.db.transaction(() => {
      const r = this.db.prepare('SELECT * FROM students WHERE id = ?').get(id) as Row | undefined;
      if (!r) throw notFound('This student');
      const at = now();
      const oldClass = r.class_id as string;
      const newClass = patch.classId ?? oldClass;
      if (newClass !== oldClass) {
        const c = this.db.prepare('SELECT school_id FROM classes WHERE id = ?').get(newClass) as Row | undefined;
        if (!c || c.school_id !== r.school_id) throw badRequest('The target class does not exist in this school.');
        // Leaving the class means leaving its groups; the old class's tablets drop the student.
        const groups = this.db.prepare('SELECT gm.group_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.student_id = ? AND g.class_id = ?').pluck().all(id, oldClass) as string[];
        for (const g of groups) {
          this.db.prepare('DELETE FROM group_members WHERE group_id = ? AND student_id = ?').run(g, id);
          recordPut(this.db, `class:${oldClass}`, 'group', g, at);
        }
        recordDelete(this.db, `class:${oldClass}`, 'student', id, at);
      }
      this.db
        .prepare('UPDATE students SET first_name = ?, last_name = ?, class_id = ?, secret_hash = ?, archived = ?, updated_at = ? WHERE id = ?')
        .run(
          patch.firstName?.trim() ?? r.first_name, patch.lastName?.trim() ?? r.last_name, newClass, patch.secretHash ?? r.secret_hash,
          patch.archived === undefined ? r.archived : patch.archived ? 1 : 0, at, id,
        );
      recordPut(this.db, `class:${newClass}`, 'student', id, at);
      return studentCardFromRow(this.db.prepare('SELECT * FROM students WHERE id = ?').get(id) as Row);
    })();
  }

  async listGroups(classId: string) {
    return (this.db.prepare('SELECT * FROM groups WHERE class_id = ? ORDER BY archived, name').all(classId) as Row[]).map((r) => this.groupInfo(r));
  }

  async groupById(id: string): Promise<GroupRecord | null> {
    const r = this.db.prepare('SELECT g.*, c.school_id FROM groups g JOIN classes c ON c.id = g.class_id WHERE g.id = ?').get(id) as Row | undefined;
    return r ? { id: r.id as string, classId: r.class_id as string, schoolId: r.school_id as string, name: r.name as string, archived: r.archived === 1 } : null;
  }

  private checkMembers(classId: string, studentIds: string[]) {
    for (const sid of new Set(studentIds)) {
      const ok = this.db.prepare('SELECT 1 FROM students WHERE id = ? AND class_id = ? AND archived = 0').get(sid, classId);
      if (!ok) throw badRequest(`The student ${sid} is not in this class.`);
    }
  }

  /** Re-stamps the group's published content so members who just joined receive it at their next pull. */
  private restampGroupContent(groupId: string, at: string) {
    for (const table of ['lessons', 'assignments'] as const) {
      const ids = this.db.prepare(`SELECT id FROM ${table} WHERE group_id = ? AND status = 'published' AND deleted_at IS NULL`).pluck().all(groupId) as string[];
      for (const cid of ids) recordPut(this.db, `group:${groupId}`, table === 'lessons' ? 'lesson' : 'assignment', cid, at);
    }
  }

  async createGroup(classId: string, name: string, studentIds: string[]) {
    return this.db.transaction(() => {
      this.checkMembers(classId, studentIds);
      const id = newId();
      const at = now();
      this.db.prepare('INSERT INTO groups (id, class_id, name, archived, created_at) VALUES (?, ?, ?, 0, ?)').run(id, classId, name, at);
      for (const sid of new Set(studentIds)) this.db.prepare('INSERT INTO group_members (group_id, student_id) VALUES (?, ?)').run(id, sid);
      recordPut(this.db, `class:${classId}`, 'group', id, at);
      return this.groupInfo(this.db.prepare('SELECT * FROM groups WHERE id = ?').get(id) as Row);
    })();
  }

  async updateGroup(id: string, patch: { name?: string; studentIds?: string[]; archived?: boolean }) {
    return this.db.transaction(() => {
      const r = this.db.prepare('SELECT * FROM groups WHERE id = ?').get(id) as Row | undefined;
      if (!r) throw notFound('This group');
      const classId = r.class_id as string;
      const at = now();
      if (patch.studentIds) {
        this.checkMembers(classId, patch.studentIds);
        const before = new Set(this.db.prepare('SELECT student_id FROM group_members WHERE group_id = ?').pluck().all(id) as string[]);
        this.db.prepare('DELETE FROM group_members WHERE group_id = ?').run(id);
        for (const sid of new Set(patch.studentIds)) this.db.prepare('INSERT INTO group_members (group_id, student_id) VALUES (?, ?)').run(id, sid);
        if (patch.studentIds.some((sid) => !before.has(sid))) this.restampGroupContent(id, at);
      }
      const archived = patch.archived === undefined ? (r.archived as number) : patch.archived ? 1 : 0;
      this.db.prepare('UPDATE groups SET name = ?, archived = ? WHERE id = ?').run(patch.name ?? r.name, archived, id);
      if (archived === 1) recordDelete(this.db, `class:${classId}`, 'group', id, at);
      else recordPut(this.db, `class:${classId}`, 'group', id, at);
      return this.groupInfo(this.db.prepare('SELECT * FROM groups WHERE id = ?').get(id) as Row);
    })();
  }

  async importRoster(schoolId: string, entries: RosterEntry[], dryRun: boolean) {
    const run = () => {
      const at = now();
      const classes = new Map<string, string>();
      for (const c of this.db.prepare('SELECT id, name FROM classes WHERE school_id = ?').all(schoolId) as Row[]) classes.set(normName(c.name as string), c.id as string);
      const classesCreated: string[] = [];
      const seen = new Map<string, number>();
      const outcomes: RosterOutcome[] = [];
      for (const e of entries) {
        let classId = classes.get(normName(e.className));
        if (!classId) {
          classId = dryRun ? `new:${normName(e.className)}` : this.insertClass(schoolId, e.className.trim(), at);
          classes.set(normName(e.className), classId);
          classesCreated.push(e.className.trim());
        }
        const key = `${classId}|${normName(e.lastName)}|${normName(e.firstName)}`;
        const first = seen.get(key);
        if (first !== undefined) {
          outcomes.push({ line: e.line, outcome: 'refused', reason: `Duplicate: the same student is already on line ${first}.` });
          continue;
        }
        seen.set(key, e.line);
        const existing = (this.db.prepare('SELECT id, last_name, first_name, archived, secret_hash FROM students WHERE class_id = ?').all(classId) as Row[])
          .find((s) => normName(s.last_name as string) === normName(e.lastName) && normName(s.first_name as string) === normName(e.firstName));
        if (existing && existing.archived === 0) {
          outcomes.push({ line: e.line, outcome: 'refused', reason: `Duplicate: ${e.firstName} ${e.lastName} is already in class ${e.className}.` });
        } else if (existing) {
          if (!dryRun) {
            const secretHash = e.secretFromFile && e.secretHash ? e.secretHash : existing.secret_hash;
            this.db.prepare('UPDATE students SET archived = 0, secret_hash = ?, updated_at = ? WHERE id = ?').run(secretHash, at, existing.id);
            recordPut(this.db, `class:${classId}`, 'student', existing.id as string, at);
          }
          outcomes.push({ line: e.line, outcome: 'updated', studentId: dryRun ? null : (existing.id as string) });
        } else {
          const id = dryRun || !e.secretHash ? null : this.insertStudent({ schoolId, classId, firstName: e.firstName, lastName: e.lastName, secretHash: e.secretHash }, at);
          outcomes.push({ line: e.line, outcome: 'created', studentId: id });
        }
      }
      return { outcomes, classesCreated };
    };
    return this.db.transaction(run)();
  }
}
