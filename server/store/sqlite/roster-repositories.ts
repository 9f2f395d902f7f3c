/** SQLite: classes and their teachers, students, groups and their members. */
import type { Db } from './database.ts';
import type { ClassRepository, GroupRepository, StudentRepository } from '../repositories.ts';
import type { ClassRecord, GroupRecord, StudentRecord } from '../records.ts';
import { bool } from './school-repositories.ts';

interface ClassRow {
  id: string;
  school_id: string;
  name: string;
  archived: number;
  subject: string | null;
}
const classFromRow = (r: ClassRow): ClassRecord => ({ id: r.id, schoolId: r.school_id, name: r.name, archived: r.archived === 1, subject: r.subject });

const classStatements = (db: Db) => ({
  byId: db.prepare<[string], ClassRow>('SELECT id, school_id, name, archived, subject FROM classes WHERE id = ?'),
  list: db.prepare<[string], ClassRow>('SELECT id, school_id, name, archived, subject FROM classes WHERE school_id = ? ORDER BY archived, name'),
  listTaught: db.prepare<[string, string], ClassRow>(
    'SELECT c.id, c.school_id, c.name, c.archived, c.subject FROM classes c JOIN class_teachers t ON t.class_id = c.id WHERE c.school_id = ? AND t.user_id = ? ORDER BY c.archived, c.name',
  ),
  byName: db.prepare<[string, string], ClassRow>('SELECT id, school_id, name, archived, subject FROM classes WHERE school_id = ? AND name = ?'),
  insert: db.prepare<[string, string, string, string | null, string]>('INSERT INTO classes (id, school_id, name, archived, subject, created_at) VALUES (?, ?, ?, 0, ?, ?)'),
  update: db.prepare<[{ id: string; name: string | null; archived: number | null; set_subject: number; subject: string | null }]>(
    `UPDATE classes SET name = COALESCE(@name, name), archived = COALESCE(@archived, archived),
       subject = CASE WHEN @set_subject THEN @subject ELSE subject END WHERE id = @id`,
  ),
  teacherIds: db.prepare<[string], { user_id: string }>('SELECT user_id FROM class_teachers WHERE class_id = ? ORDER BY user_id'),
  clearTeachers: db.prepare<[string]>('DELETE FROM class_teachers WHERE class_id = ?'),
  addTeacher: db.prepare<[string, string]>('INSERT OR IGNORE INTO class_teachers (class_id, user_id) VALUES (?, ?)'),
  isTeacher: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM class_teachers WHERE user_id = ? AND class_id = ?'),
});

export class SqliteClassRepository implements ClassRepository {
  private readonly q: ReturnType<typeof classStatements>;
  constructor(db: Db) {
    this.q = classStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? classFromRow(r) : null;
  }
  async listBySchool(schoolId: string, teacherId?: string) {
    return (teacherId ? this.q.listTaught.all(schoolId, teacherId) : this.q.list.all(schoolId)).map(classFromRow);
  }
  async byName(schoolId: string, name: string) {
    const r = this.q.byName.get(schoolId, name);
    return r ? classFromRow(r) : null;
  }
  async insert(c: { id: string; schoolId: string; name: string; subject?: string | null; createdAt: string }) {
    this.q.insert.run(c.id, c.schoolId, c.name, c.subject ?? null, c.createdAt);
  }
  async update(id: string, patch: { name?: string; archived?: boolean; subject?: string | null }) {
    this.q.update.run({ id, name: patch.name ?? null, archived: bool(patch.archived), set_subject: patch.subject === undefined ? 0 : 1, subject: patch.subject ?? null });
  }
  async teacherIds(classId: string) {
    return this.q.teacherIds.all(classId).map((r) => r.user_id);
  }
  async setTeachers(classId: string, userIds: string[]) {
    this.q.clearTeachers.run(classId);
    for (const id of userIds) this.q.addTeacher.run(classId, id);
  }
  async isTeacher(userId: string, classId: string) {
    return this.q.isTeacher.get(userId, classId) !== undefined;
  }
}

interface StudentRow {
  id: string;
  school_id: string;
  class_id: string;
  first_name: string;
  last_name: string;
  secret_hash: string;
  secret_length: number | null;
  archived: number;
  external_id: string | null;
}
const studentFromRow = (r: StudentRow): StudentRecord => ({
  id: r.id, schoolId: r.school_id, classId: r.class_id, firstName: r.first_name, lastName: r.last_name, secretHash: r.secret_hash, secretLength: r.secret_length, archived: r.archived === 1,
  externalId: r.external_id,
});
const STUDENT_COLUMNS = 'id, school_id, class_id, first_name, last_name, secret_hash, secret_length, archived, external_id';

const studentStatements = (db: Db) => ({
  byId: db.prepare<[string], StudentRow>(`SELECT ${STUDENT_COLUMNS} FROM students WHERE id = ?`),
  byClassLast: db.prepare<[string, number], StudentRow>(
    `SELECT ${STUDENT_COLUMNS} FROM students WHERE class_id = ? AND archived <= ? ORDER BY archived, last_name COLLATE NOCASE, first_name COLLATE NOCASE`,
  ),
  byClassFirst: db.prepare<[string, number], StudentRow>(
    `SELECT ${STUDENT_COLUMNS} FROM students WHERE class_id = ? AND archived <= ? ORDER BY archived, first_name COLLATE NOCASE, last_name COLLATE NOCASE`,
  ),
  countActive: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM students WHERE class_id = ? AND archived = 0'),
  bySchool: db.prepare<[string], StudentRow>(`SELECT ${STUDENT_COLUMNS} FROM students WHERE school_id = ?`),
  byExternal: db.prepare<[string, string], StudentRow>(`SELECT ${STUDENT_COLUMNS} FROM students WHERE school_id = ? AND external_id = ?`),
  insert: db.prepare<[string, string, string, string, string, string, number | null, string | null, string, string]>(
    'INSERT INTO students (id, school_id, class_id, last_name, first_name, secret_hash, secret_length, external_id, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)',
  ),
  update: db.prepare<[{ id: string; first_name: string | null; last_name: string | null; class_id: string | null; secret_hash: string | null; secret_length: number | null; archived: number | null; external_id: string | null; at: string }]>(
    `UPDATE students SET first_name = COALESCE(@first_name, first_name), last_name = COALESCE(@last_name, last_name),
       class_id = COALESCE(@class_id, class_id), secret_hash = COALESCE(@secret_hash, secret_hash), secret_length = COALESCE(@secret_length, secret_length),
       archived = COALESCE(@archived, archived), external_id = COALESCE(@external_id, external_id), updated_at = @at WHERE id = @id`,
  ),
  replaceHash: db.prepare<[string, string, string]>('UPDATE students SET secret_hash = ? WHERE id = ? AND secret_hash = ?'),
});

export class SqliteStudentRepository implements StudentRepository {
  private readonly q: ReturnType<typeof studentStatements>;
  constructor(db: Db) {
    this.q = studentStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? studentFromRow(r) : null;
  }
  async listByClass(classId: string, opts: { activeOnly?: boolean; orderBy?: 'lastName' | 'firstName' } = {}) {
    const st = opts.orderBy === 'firstName' ? this.q.byClassFirst : this.q.byClassLast;
    return st.all(classId, opts.activeOnly ? 0 : 1).map(studentFromRow);
  }
  async countActive(classId: string) {
    return this.q.countActive.get(classId)?.n ?? 0;
  }
  async listBySchool(schoolId: string) {
    return this.q.bySchool.all(schoolId).map(studentFromRow);
  }
  async replaceSecretHash(id: string, from: string, to: string) {
    return this.q.replaceHash.run(to, id, from).changes === 1;
  }
  async byExternalId(schoolId: string, externalId: string) {
    const r = this.q.byExternal.get(schoolId, externalId);
    return r ? studentFromRow(r) : null;
  }
  async insert(s: Omit<StudentRecord, 'archived' | 'externalId'> & { externalId?: string | null; createdAt: string }) {
    this.q.insert.run(s.id, s.schoolId, s.classId, s.lastName, s.firstName, s.secretHash, s.secretLength, s.externalId ?? null, s.createdAt, s.createdAt);
  }
  async update(id: string, patch: { firstName?: string; lastName?: string; classId?: string; secretHash?: string; secretLength?: number; archived?: boolean; externalId?: string }, at: string) {
    this.q.update.run({
      id, first_name: patch.firstName ?? null, last_name: patch.lastName ?? null, class_id: patch.classId ?? null, secret_hash: patch.secretHash ?? null, secret_length: patch.secretLength ?? null,
      archived: bool(patch.archived), external_id: patch.externalId ?? null, at,
    });
  }
}

interface GroupRow {
  id: string;
  class_id: string;
  name: string;
  archived: number;
  siecle: number;
}
const groupFromRow = (r: GroupRow): GroupRecord => ({ id: r.id, classId: r.class_id, name: r.name, archived: r.archived === 1, siecle: r.siecle === 1 });

const groupStatements = (db: Db) => ({
  byId: db.prepare<[string], GroupRow>('SELECT id, class_id, name, archived, siecle FROM groups WHERE id = ?'),
  byClass: db.prepare<[string], GroupRow>('SELECT id, class_id, name, archived, siecle FROM groups WHERE class_id = ? ORDER BY archived, name'),
  insert: db.prepare<[string, string, string, string, number]>('INSERT INTO groups (id, class_id, name, archived, created_at, siecle) VALUES (?, ?, ?, 0, ?, ?)'),
  update: db.prepare<[{ id: string; name: string | null; archived: number | null; siecle: number | null }]>(
    'UPDATE groups SET name = COALESCE(@name, name), archived = COALESCE(@archived, archived), siecle = COALESCE(@siecle, siecle) WHERE id = @id',
  ),
  members: db.prepare<[string], { student_id: string }>('SELECT student_id FROM group_members WHERE group_id = ? ORDER BY student_id'),
  clearMembers: db.prepare<[string]>('DELETE FROM group_members WHERE group_id = ?'),
  addMember: db.prepare<[string, string]>('INSERT OR IGNORE INTO group_members (group_id, student_id) VALUES (?, ?)'),
  removeMember: db.prepare<[string, string]>('DELETE FROM group_members WHERE group_id = ? AND student_id = ?'),
  groupsOf: db.prepare<[string], { group_id: string }>('SELECT group_id FROM group_members WHERE student_id = ?'),
  isMember: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM group_members WHERE group_id = ? AND student_id = ?'),
});

export class SqliteGroupRepository implements GroupRepository {
  private readonly q: ReturnType<typeof groupStatements>;
  constructor(db: Db) {
    this.q = groupStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? groupFromRow(r) : null;
  }
  async listByClass(classId: string) {
    return this.q.byClass.all(classId).map(groupFromRow);
  }
  async insert(g: { id: string; classId: string; name: string; createdAt: string; siecle?: boolean }) {
    this.q.insert.run(g.id, g.classId, g.name, g.createdAt, g.siecle ? 1 : 0);
  }
  async update(id: string, patch: { name?: string; archived?: boolean; siecle?: boolean }) {
    this.q.update.run({ id, name: patch.name ?? null, archived: bool(patch.archived), siecle: bool(patch.siecle) });
  }
  async memberIds(groupId: string) {
    return this.q.members.all(groupId).map((r) => r.student_id);
  }
  async setMembers(groupId: string, studentIds: string[]) {
    this.q.clearMembers.run(groupId);
    for (const id of studentIds) this.q.addMember.run(groupId, id);
  }
  async removeMember(groupId: string, studentId: string) {
    this.q.removeMember.run(groupId, studentId);
  }
  async groupIdsOf(studentId: string) {
    return this.q.groupsOf.all(studentId).map((r) => r.group_id);
  }
  async isMember(groupId: string, studentId: string) {
    return this.q.isMember.get(groupId, studentId) !== undefined;
  }
}
