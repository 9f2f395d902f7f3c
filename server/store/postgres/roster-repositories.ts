/** PostgreSQL: classes and their teachers, students, groups and their members. */
import type { PgSession } from './pg-session.ts';
import type { ClassRepository, GroupRepository, StudentRepository } from '../repositories.ts';
import type { ClassRecord, GroupRecord, StudentRecord } from '../records.ts';

interface ClassRow {
  id: string;
  school_id: string;
  name: string;
  archived: boolean;
  subject: string | null;
}
const classFromRow = (r: ClassRow): ClassRecord => ({ id: r.id, schoolId: r.school_id, name: r.name, archived: r.archived, subject: r.subject });
const CLASS_COLUMNS = 'c.id, c.school_id, c.name, c.archived, c.subject';

export class PgClassRepository implements ClassRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM classes c WHERE c.id = $1`, [id]);
    return r ? classFromRow(r) : null;
  }
  async listBySchool(schoolId: string, teacherId?: string) {
    const rows = teacherId
      ? await this.db.rows<ClassRow>(
          `SELECT ${CLASS_COLUMNS} FROM classes c JOIN class_teachers t ON t.class_id = c.id WHERE c.school_id = $1 AND t.user_id = $2 ORDER BY c.archived, c.name`,
          [schoolId, teacherId],
        )
      : await this.db.rows<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM classes c WHERE c.school_id = $1 ORDER BY c.archived, c.name`, [schoolId]);
    return rows.map(classFromRow);
  }
  async byName(schoolId: string, name: string) {
    const r = await this.db.one<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM classes c WHERE c.school_id = $1 AND c.name = $2`, [schoolId, name]);
    return r ? classFromRow(r) : null;
  }
  async insert(c: { id: string; schoolId: string; name: string; subject?: string | null; createdAt: string }) {
    await this.db.run('INSERT INTO classes (id, school_id, name, archived, subject, created_at) VALUES ($1, $2, $3, FALSE, $4, $5)', [c.id, c.schoolId, c.name, c.subject ?? null, c.createdAt]);
  }
  async update(id: string, patch: { name?: string; archived?: boolean; subject?: string | null }) {
    await this.db.run(
      'UPDATE classes SET name = COALESCE($2, name), archived = COALESCE($3, archived), subject = CASE WHEN $4::boolean THEN $5 ELSE subject END WHERE id = $1',
      [id, patch.name ?? null, patch.archived ?? null, patch.subject !== undefined, patch.subject ?? null],
    );
  }
  async teacherIds(classId: string) {
    return (await this.db.rows<{ user_id: string }>('SELECT user_id FROM class_teachers WHERE class_id = $1 ORDER BY user_id', [classId])).map((r) => r.user_id);
  }
  async setTeachers(classId: string, userIds: string[]) {
    await this.db.run('DELETE FROM class_teachers WHERE class_id = $1', [classId]);
    if (userIds.length) {
      await this.db.run('INSERT INTO class_teachers (class_id, user_id) SELECT $1::text, u FROM unnest($2::text[]) AS u ON CONFLICT DO NOTHING', [classId, userIds]);
    }
  }
  async isTeacher(userId: string, classId: string) {
    return (await this.db.one('SELECT 1 AS one FROM class_teachers WHERE user_id = $1 AND class_id = $2', [userId, classId])) !== null;
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
  archived: boolean;
  external_id: string | null;
}
const studentFromRow = (r: StudentRow): StudentRecord => ({
  id: r.id, schoolId: r.school_id, classId: r.class_id, firstName: r.first_name, lastName: r.last_name, secretHash: r.secret_hash, secretLength: r.secret_length, archived: r.archived,
  externalId: r.external_id,
});
const STUDENT_COLUMNS = 'id, school_id, class_id, first_name, last_name, secret_hash, secret_length, archived, external_id';

export class PgStudentRepository implements StudentRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<StudentRow>(`SELECT ${STUDENT_COLUMNS} FROM students WHERE id = $1`, [id]);
    return r ? studentFromRow(r) : null;
  }
  async listByClass(classId: string, opts: { activeOnly?: boolean; orderBy?: 'lastName' | 'firstName' } = {}) {
    const order = opts.orderBy === 'firstName' ? 'lower(first_name), lower(last_name)' : 'lower(last_name), lower(first_name)';
    const rows = await this.db.rows<StudentRow>(
      `SELECT ${STUDENT_COLUMNS} FROM students WHERE class_id = $1 AND (NOT archived OR NOT $2) ORDER BY archived, ${order}`,
      [classId, opts.activeOnly === true],
    );
    return rows.map(studentFromRow);
  }
  async countActive(classId: string) {
    return (await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM students WHERE class_id = $1 AND NOT archived', [classId]))?.n ?? 0;
  }
  async listBySchool(schoolId: string) {
    return (await this.db.rows<StudentRow>(`SELECT ${STUDENT_COLUMNS} FROM students WHERE school_id = $1`, [schoolId])).map(studentFromRow);
  }
  async byExternalId(schoolId: string, externalId: string) {
    const r = await this.db.one<StudentRow>(`SELECT ${STUDENT_COLUMNS} FROM students WHERE school_id = $1 AND external_id = $2`, [schoolId, externalId]);
    return r ? studentFromRow(r) : null;
  }
  async insert(s: Omit<StudentRecord, 'archived' | 'externalId'> & { externalId?: string | null; createdAt: string }) {
    await this.db.run(
      'INSERT INTO students (id, school_id, class_id, last_name, first_name, secret_hash, secret_length, external_id, archived, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $9, $7, FALSE, $8, $8)',
      [s.id, s.schoolId, s.classId, s.lastName, s.firstName, s.secretHash, s.externalId ?? null, s.createdAt, s.secretLength],
    );
  }
  async replaceSecretHash(id: string, from: string, to: string) {
    return (await this.db.run('UPDATE students SET secret_hash = $1 WHERE id = $2 AND secret_hash = $3', [to, id, from])) === 1;
  }
  async update(id: string, patch: { firstName?: string; lastName?: string; classId?: string; secretHash?: string; secretLength?: number; archived?: boolean; externalId?: string }, at: string) {
    await this.db.run(
      `UPDATE students SET first_name = COALESCE($2, first_name), last_name = COALESCE($3, last_name),
         class_id = COALESCE($4, class_id), secret_hash = COALESCE($5, secret_hash), secret_length = COALESCE($9, secret_length),
         archived = COALESCE($6, archived), external_id = COALESCE($8, external_id), updated_at = $7 WHERE id = $1`,
      [id, patch.firstName ?? null, patch.lastName ?? null, patch.classId ?? null, patch.secretHash ?? null, patch.archived ?? null, at, patch.externalId ?? null, patch.secretLength ?? null],
    );
  }
}

interface GroupRow {
  id: string;
  class_id: string;
  name: string;
  archived: boolean;
  siecle: boolean;
}
const groupFromRow = (r: GroupRow): GroupRecord => ({ id: r.id, classId: r.class_id, name: r.name, archived: r.archived, siecle: r.siecle });
const GROUP_COLUMNS = 'id, class_id, name, archived, siecle';

export class PgGroupRepository implements GroupRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE id = $1`, [id]);
    return r ? groupFromRow(r) : null;
  }
  async listByClass(classId: string) {
    return (await this.db.rows<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE class_id = $1 ORDER BY archived, name`, [classId])).map(groupFromRow);
  }
  async insert(g: { id: string; classId: string; name: string; createdAt: string; siecle?: boolean }) {
    await this.db.run('INSERT INTO groups (id, class_id, name, archived, created_at, siecle) VALUES ($1, $2, $3, FALSE, $4, $5)', [g.id, g.classId, g.name, g.createdAt, g.siecle === true]);
  }
  async update(id: string, patch: { name?: string; archived?: boolean; siecle?: boolean }) {
    await this.db.run(
      'UPDATE groups SET name = COALESCE($2, name), archived = COALESCE($3, archived), siecle = COALESCE($4, siecle) WHERE id = $1',
      [id, patch.name ?? null, patch.archived ?? null, patch.siecle ?? null],
    );
  }
  async memberIds(groupId: string) {
    return (await this.db.rows<{ student_id: string }>('SELECT student_id FROM group_members WHERE group_id = $1 ORDER BY student_id', [groupId])).map((r) => r.student_id);
  }
  async setMembers(groupId: string, studentIds: string[]) {
    await this.db.run('DELETE FROM group_members WHERE group_id = $1', [groupId]);
    if (studentIds.length) {
      await this.db.run('INSERT INTO group_members (group_id, student_id) SELECT $1::text, s FROM unnest($2::text[]) AS s ON CONFLICT DO NOTHING', [groupId, studentIds]);
    }
  }
  async removeMember(groupId: string, studentId: string) {
    await this.db.run('DELETE FROM group_members WHERE group_id = $1 AND student_id = $2', [groupId, studentId]);
  }
  async groupIdsOf(studentId: string) {
    return (await this.db.rows<{ group_id: string }>('SELECT group_id FROM group_members WHERE student_id = $1', [studentId])).map((r) => r.group_id);
  }
  async isMember(groupId: string, studentId: string) {
    return (await this.db.one('SELECT 1 AS one FROM group_members WHERE group_id = $1 AND student_id = $2', [groupId, studentId])) !== null;
  }
}
