/**
 * Classes, their teachers, students and groups, and the roster import. Rules:
 * - class names are unique in a school; only active teachers of the school can be given a class;
 * - a student moved to another class leaves the old class's groups, and the old class's
 *   tablets drop them (tombstone); a new secret or an archive signs them out everywhere;
 * - group members are active students of the group's class; new members receive the group's
 *   published content (its change rows are re-stamped);
 * - every roster change is recorded for the tablets (`class:<id>` scope) in its transaction.
 * Secrets are hashed before the transaction opens (a transaction never waits on scrypt).
 */
import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/audit-log.ts';
import type { Database, Tx } from '../store/repositories.ts';
import type { ClassRecord, GroupRecord } from '../store/records.ts';
import type { StudentCard } from '../../src/protocol/entities.ts';
import type {
  ClassSummary, CreateClassRequest, CreateGroupRequest, CreateStudentRequest, GroupInfo, RosterImportReport, UpdateClassRequest, UpdateGroupRequest,
  UpdateStudentRequest,
} from '../../src/protocol/console.ts';
import type { Actor } from '../access/actor.ts';
import { classFor, requireUser } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import { groupWire, studentCard } from '../content/wire.ts';
import { hashStudentSecret } from './student-secret.ts';
import { applyRosterImport, parseRosterFile } from './roster-import.ts';
import { insertClass, insertStudent, moveStudentOut, restampGroupContent } from './roster-writes.ts';
import { cleanSubject } from '../content/subject.ts';

export class RosterService {
  constructor(private readonly db: Database) {}

  listClasses(actor: Actor, schoolId?: string): Promise<ClassSummary[]> {
    return this.db.read(async (tx) => {
      const u = requireUser(actor);
      const school = u?.schoolId ?? schoolId;
      if (!school) throw fail('school_not_found');
      const classes = await tx.classes.listBySchool(school, u?.role === 'teacher' ? u.userId : undefined);
      return Promise.all(classes.map((c) => classSummary(tx, c)));
    });
  }

  createClass(actor: Actor, req: CreateClassRequest, schoolId?: string): Promise<ClassSummary> {
    return this.db.write(async (tx) => {
      const it = requireUser(actor, 'it');
      const school = it?.schoolId ?? schoolId;
      if (!school) throw fail('school_not_found');
      const teacherIds = [...new Set(req.teacherIds ?? [])];
      await checkTeachers(tx, school, teacherIds);
      const c = await insertClass(tx, school, req.name.trim(), now(), cleanSubject(req.subject) ?? null);
      await tx.classes.setTeachers(c.id, teacherIds);
      return classSummary(tx, c);
    });
  }

  updateClass(actor: Actor, id: string, patch: UpdateClassRequest): Promise<ClassSummary> {
    return this.db.write(async (tx) => {
      const c = await classFor(tx, actor, id, 'it');
      const name = patch.name?.trim();
      if (name !== undefined && name !== c.name && (await tx.classes.byName(c.schoolId, name))) throw fail('class_name_taken', { name });
      if (patch.teacherIds) {
        const ids = [...new Set(patch.teacherIds)];
        await checkTeachers(tx, c.schoolId, ids);
        await tx.classes.setTeachers(id, ids);
      }
      const subject = cleanSubject(patch.subject);
      await tx.classes.update(id, { name, archived: patch.archived, subject });
      if (name !== undefined || patch.archived !== undefined || subject !== undefined) await tx.changes.put(`class:${id}`, 'class', id, now());
      return classSummary(tx, await mustClass(tx, id));
    });
  }

  /**
   * The class's subject (its assignments' default, the pupils' diary label and colour): a
   * teacher of the class sets it for their class; the IT referent for any class of the school.
   */
  setClassSubject(actor: Actor, id: string, subject: string | null): Promise<ClassSummary> {
    return this.db.write(async (tx) => {
      const c = await classFor(tx, actor, id, 'staff');
      const next = cleanSubject(subject) ?? null;
      if (next !== c.subject) {
        await tx.classes.update(id, { subject: next });
        await tx.changes.put(`class:${id}`, 'class', id, now());
      }
      return classSummary(tx, await mustClass(tx, id));
    });
  }

  listStudents(actor: Actor, classId: string): Promise<StudentCard[]> {
    return this.db.read(async (tx) => {
      await classFor(tx, actor, classId, 'staff');
      return (await tx.students.listByClass(classId)).map(studentCard);
    });
  }

  async createStudent(actor: Actor, classId: string, req: CreateStudentRequest): Promise<StudentCard> {
    const secretHash = await hashStudentSecret(req.secret);
    return this.db.write(async (tx) => {
      const cls = await classFor(tx, actor, classId, 'it');
      const s = await insertStudent(tx, { schoolId: cls.schoolId, classId: cls.id, firstName: req.firstName, lastName: req.lastName, secretHash, secretLength: req.secret.length }, now());
      return studentCard(s);
    });
  }

  async updateStudent(actor: Actor, id: string, req: UpdateStudentRequest): Promise<StudentCard> {
    const secretHash = req.secret === undefined ? undefined : await hashStudentSecret(req.secret);
    return this.db.write(async (tx) => {
      const it = requireUser(actor, 'it');
      const st = await tx.students.byId(id);
      if (!st || (it && st.schoolId !== it.schoolId)) throw fail('student_not_found');
      const at = now();
      const newClass = req.classId ?? st.classId;
      if (newClass !== st.classId) {
        const target = await tx.classes.byId(newClass);
        if (!target || target.schoolId !== st.schoolId) throw fail('target_class_unknown');
        await moveStudentOut(tx, st, at);
      }
      await tx.students.update(id, { firstName: req.firstName?.trim(), lastName: req.lastName?.trim(), classId: newClass, secretHash, secretLength: req.secret?.length, archived: req.archived }, at);
      await tx.changes.put(`class:${newClass}`, 'student', id, at);
      // A new secret or an archived student signs the student out of every tablet.
      if (secretHash || req.archived) await tx.sessions.revokeAllOf({ studentId: id }, at);
      return studentCard(await mustStudent(tx, id));
    });
  }

  listGroups(actor: Actor, classId: string): Promise<GroupInfo[]> {
    return this.db.read(async (tx) => {
      await classFor(tx, actor, classId, 'staff');
      return Promise.all((await tx.groups.listByClass(classId)).map((g) => groupInfo(tx, g)));
    });
  }

  createGroup(actor: Actor, classId: string, req: CreateGroupRequest): Promise<GroupInfo> {
    return this.db.write(async (tx) => {
      await classFor(tx, actor, classId, 'staff');
      const members = [...new Set(req.studentIds)];
      await checkMembers(tx, classId, members);
      const id = newId();
      const at = now();
      await tx.groups.insert({ id, classId, name: req.name.trim(), createdAt: at });
      await tx.groups.setMembers(id, members);
      await tx.changes.put(`class:${classId}`, 'group', id, at);
      return groupInfo(tx, await mustGroup(tx, id));
    });
  }

  updateGroup(actor: Actor, id: string, patch: UpdateGroupRequest): Promise<GroupInfo> {
    return this.db.write(async (tx) => {
      const g = await tx.groups.byId(id);
      if (!g) throw fail('group_not_found');
      await classFor(tx, actor, g.classId, 'staff', 'group_not_found');
      const at = now();
      if (patch.studentIds) {
        const members = [...new Set(patch.studentIds)];
        await checkMembers(tx, g.classId, members);
        const before = new Set(await tx.groups.memberIds(id));
        await tx.groups.setMembers(id, members);
        // Members who just joined receive the group's published content at their next pull.
        if (members.some((sid) => !before.has(sid))) await restampGroupContent(tx, id, at);
      }
      await tx.groups.update(id, { name: patch.name?.trim(), archived: patch.archived });
      const after = await mustGroup(tx, id);
      if (after.archived) await tx.changes.remove(`class:${g.classId}`, 'group', id, at);
      else await tx.changes.put(`class:${g.classId}`, 'group', id, at);
      return groupInfo(tx, after);
    });
  }

  /**
   * Parses and imports a roster file; null: the body was not a file. A dry run writes nothing
   * and seals its report (`confirmation`); the import itself must send that seal back
   * (`options.confirm`: issue 19, nothing changes until the referent saw what will) and is
   * refused `roster_preview_stale` unless the same file with the same option would still do
   * exactly what the dry run said — checked in the import's own transaction.
   */
  async importRoster(actor: Actor, bytes: Uint8Array | null, dryRun: boolean, schoolId?: string, options: { archiveMissing?: boolean; confirm?: string } = {}): Promise<RosterImportReport> {
    const it = requireUser(actor, 'it');
    const school = it?.schoolId ?? schoolId;
    if (!school) throw fail('school_not_found');
    if (!bytes) throw fail('roster_not_csv');
    if (!dryRun && !options.confirm) throw fail('roster_preview_required');
    const prepared = await parseRosterFile(bytes, dryRun);
    const archiveMissing = options.archiveMissing ?? false;
    return this.db.write(async (tx) => {
      const preview = await applyRosterImport(tx, school, prepared, { dryRun: true, archiveMissing });
      const seal = previewSeal(bytes, archiveMissing, preview);
      if (dryRun) return { ...preview, confirmation: seal };
      if (options.confirm !== seal) throw fail('roster_preview_stale');
      const report = await applyRosterImport(tx, school, prepared, { dryRun, archiveMissing });
      await recordAudit(tx, actor, 'roster_import', null, {
        created: report.created.length, updated: report.updated.length, archived: report.archived.length, refused: report.refused.length,
        ...(report.uai?.adopted ? { uai: report.uai.value } : {}),
      }, school);
      return report;
    });
  }
}

// ---- rules shared by the methods above and the import -------------------------------------

/** What a dry run promises: the file, the option, and everything its report says will happen (secrets aside: a dry run has none). */
export function previewSeal(bytes: Uint8Array, archiveMissing: boolean, preview: RosterImportReport): string {
  const { confirmation: _none, secrets: _secrets, ...promised } = preview;
  return createHash('sha256').update(createHash('sha256').update(bytes).digest('hex')).update(JSON.stringify({ archiveMissing, promised })).digest('hex');
}

export async function classSummary(tx: Tx, c: ClassRecord): Promise<ClassSummary> {
  return { id: c.id, name: c.name, archived: c.archived, teacherIds: await tx.classes.teacherIds(c.id), studentCount: await tx.students.countActive(c.id), subject: c.subject };
}

async function groupInfo(tx: Tx, g: GroupRecord): Promise<GroupInfo> {
  return { ...(await groupWire(tx, g)), archived: g.archived };
}

async function checkTeachers(tx: Tx, schoolId: string, teacherIds: string[]) {
  for (const id of teacherIds) {
    const u = await tx.users.byId(id);
    if (!u || u.schoolId !== schoolId || u.archived) throw fail('teacher_unknown');
    if (u.role !== 'teacher') throw fail('not_a_teacher');
  }
}

async function checkMembers(tx: Tx, classId: string, studentIds: string[]) {
  for (const sid of studentIds) {
    const s = await tx.students.byId(sid);
    if (!s || s.classId !== classId || s.archived) throw fail('student_not_in_class');
  }
}

async function mustClass(tx: Tx, id: string) {
  const c = await tx.classes.byId(id);
  if (!c) throw fail('class_not_found');
  return c;
}
async function mustStudent(tx: Tx, id: string) {
  const s = await tx.students.byId(id);
  if (!s) throw fail('student_not_found');
  return s;
}
async function mustGroup(tx: Tx, id: string) {
  const g = await tx.groups.byId(id);
  if (!g) throw fail('group_not_found');
  return g;
}
