/**
 * Sync test fixtures: a school written with SQL straight into the real server's database
 * (with their change-log rows, like the services write them), and tablets on fake-indexeddb
 * (one IDBFactory each: separate devices) enrolled with a device token and signed-in
 * students' sessions.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { recordChange, type TestStore } from './test-store.ts';
import { contentScope } from '../../server/content/content-changes.ts';
import { newToken } from '../../server/auth/secrets.ts';
import { newId } from '../../server/ids.ts';
import type { Question } from '../../src/protocol/entities.ts';
import { CartableDb } from '../../src/db/schema.ts';

const at = () => new Date().toISOString();

export const QUESTIONS: Question[] = [
  { id: 'q1', kind: 'text', prompt: 'Explique la photosynthèse.', points: 5 },
  { id: 'q2', kind: 'choice', prompt: 'Combien font 2 + 2 ?', points: 1, choices: [{ id: 'c3', label: '3' }, { id: 'c4', label: '4' }] },
];

export interface School {
  schoolId: string;
  teacherId: string;
}

export function createSchool(store: TestStore): School {
  const schoolId = newId();
  const teacherId = newId();
  store.db.prepare('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)').run(schoolId, 'Collège Test', at());
  store.db.prepare(`INSERT INTO users (id, school_id, role, login, display_name, password_hash, created_at) VALUES (?, ?, 'teacher', ?, 'Mme Prof', 'x', ?)`)
    .run(teacherId, schoolId, `prof-${teacherId.slice(0, 8)}`, at());
  return { schoolId, teacherId };
}

export function createClass(store: TestStore, school: School, name = `5e-${newId().slice(0, 6)}`): string {
  const id = newId();
  store.db.transaction(() => {
    store.db.prepare('INSERT INTO classes (id, school_id, name, created_at) VALUES (?, ?, ?, ?)').run(id, school.schoolId, name, at());
    store.db.prepare('INSERT INTO class_teachers (class_id, user_id) VALUES (?, ?)').run(id, school.teacherId);
    recordChange(store.db, `class:${id}`, 'class', id);
  })();
  return id;
}

export function createStudent(store: TestStore, school: School, classId: string, firstName = 'Léa'): string {
  const id = newId();
  store.db.transaction(() => {
    store.db.prepare(`INSERT INTO students (id, school_id, class_id, last_name, first_name, secret_hash, created_at, updated_at) VALUES (?, ?, ?, 'Martin', ?, 'x', ?, ?)`)
      .run(id, school.schoolId, classId, firstName, at(), at());
    recordChange(store.db, `class:${classId}`, 'student', id);
  })();
  return id;
}

export function createGroup(store: TestStore, classId: string, studentIds: string[]): string {
  const id = newId();
  store.db.transaction(() => {
    store.db.prepare('INSERT INTO groups (id, class_id, name, created_at) VALUES (?, ?, ?, ?)').run(id, classId, 'Groupe A', at());
    for (const s of studentIds) store.db.prepare('INSERT INTO group_members (group_id, student_id) VALUES (?, ?)').run(id, s);
    recordChange(store.db, `class:${classId}`, 'group', id);
  })();
  return id;
}

export function addToGroup(store: TestStore, groupId: string, studentId: string) {
  store.db.transaction(() => {
    store.db.prepare('INSERT INTO group_members (group_id, student_id) VALUES (?, ?)').run(groupId, studentId);
    const classId = store.db.prepare('SELECT class_id FROM groups WHERE id = ?').pluck().get(groupId) as string;
    recordChange(store.db, `class:${classId}`, 'group', groupId);
  })();
}

export interface EnrolledDevice {
  deviceId: string;
  deviceToken: string;
}

export function enrolDevice(store: TestStore, school: School, classId: string | null): EnrolledDevice {
  const deviceId = newId();
  const { token, hash } = newToken();
  store.db.prepare('INSERT INTO devices (id, school_id, class_id, name, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(deviceId, school.schoolId, classId, `Tablette ${deviceId.slice(0, 4)}`, hash, at());
  return { deviceId, deviceToken: token };
}

/** A student session bound to the device (what POST /api/auth/student creates). */
export function openSession(store: TestStore, studentId: string, deviceId: string): string {
  const { token, hash } = newToken();
  store.db.prepare(`INSERT INTO sessions (token_hash, kind, student_id, device_id, created_at, expires_at) VALUES (?, 'student', ?, ?, ?, ?)`)
    .run(hash, studentId, deviceId, at(), new Date(Date.now() + 86_400_000).toISOString());
  return token;
}

export interface ContentOptions {
  classId: string;
  groupId?: string | null;
  questions?: Question[];
  dueAt?: string | null;
  status?: 'draft' | 'published';
  title?: string;
}

export function publishAssignment(store: TestStore, school: School, o: ContentOptions): string {
  const id = newId();
  const status = o.status ?? 'published';
  store.db.transaction(() => {
    store.db.prepare(
      `INSERT INTO assignments (id, school_id, class_id, group_id, author_id, title, instructions_md, questions_json, due_at, status, version, published_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'Réponds.', ?, ?, ?, 1, ?, ?, ?)`,
    ).run(id, school.schoolId, o.classId, o.groupId ?? null, school.teacherId, o.title ?? 'Devoir', JSON.stringify(o.questions ?? QUESTIONS), o.dueAt ?? null, status, status === 'published' ? at() : null, at(), at());
    if (status === 'published') recordChange(store.db, contentScope(o.classId, o.groupId ?? null), 'assignment', id);
  })();
  return id;
}

export function publishLesson(store: TestStore, school: School, o: ContentOptions & { body?: string }): string {
  const id = newId();
  const status = o.status ?? 'published';
  store.db.transaction(() => {
    store.db.prepare(
      `INSERT INTO lessons (id, school_id, class_id, group_id, author_id, title, body_md, status, version, published_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    ).run(id, school.schoolId, o.classId, o.groupId ?? null, school.teacherId, o.title ?? 'Leçon', o.body ?? '# Leçon\n\nTexte.', status, status === 'published' ? at() : null, at(), at());
    if (status === 'published') recordChange(store.db, contentScope(o.classId, o.groupId ?? null), 'lesson', id);
  })();
  return id;
}

/** The teacher edits a published assignment: version + 1 (what PATCH /api/assignments/:id does). */
export function editAssignment(store: TestStore, id: string, patch: { questions?: Question[]; title?: string; dueAt?: string | null }) {
  store.db.transaction(() => {
    const r = store.db.prepare('SELECT * FROM assignments WHERE id = ?').get(id) as Record<string, unknown>;
    store.db.prepare('UPDATE assignments SET questions_json = ?, title = ?, due_at = ?, version = version + 1, updated_at = ? WHERE id = ?').run(
      patch.questions ? JSON.stringify(patch.questions) : r.questions_json, patch.title ?? r.title, patch.dueAt === undefined ? r.due_at : patch.dueAt, at(), id,
    );
    recordChange(store.db, contentScope(r.class_id as string, (r.group_id as string | null) ?? null), 'assignment', id);
  })();
}

export function unpublishAssignment(store: TestStore, id: string) {
  store.db.transaction(() => {
    const r = store.db.prepare('SELECT * FROM assignments WHERE id = ?').get(id) as Record<string, unknown>;
    store.db.prepare(`UPDATE assignments SET status = 'draft', updated_at = ? WHERE id = ?`).run(at(), id);
    recordChange(store.db, contentScope(r.class_id as string, (r.group_id as string | null) ?? null), 'assignment', id, 'delete');
  })();
}

/** The teacher grades and returns a submission (what PUT feedback + POST return do). */
export function returnFeedback(store: TestStore, school: School, submissionId: string, mark = 15) {
  store.db.transaction(() => {
    const sub = store.db.prepare('SELECT * FROM submissions WHERE id = ?').get(submissionId) as Record<string, unknown>;
    const id = newId();
    store.db.prepare(
      `INSERT INTO feedback (id, submission_id, teacher_id, per_question_json, comment, mark, max_mark, returned_at, created_at, updated_at) VALUES (?, ?, ?, '[]', 'Bien.', ?, 20, ?, ?, ?)`,
    ).run(id, submissionId, school.teacherId, mark, at(), at(), at());
    store.db.prepare(`UPDATE submissions SET state = 'returned', version = version + 1, updated_at = ? WHERE id = ?`).run(at(), submissionId);
    recordChange(store.db, `student:${sub.student_id as string}`, 'feedback', id);
    recordChange(store.db, `student:${sub.student_id as string}`, 'submission', submissionId);
  })();
}

/** A tablet: its own IndexedDB (fake), enrolled, with signed-in students. */
const factories = new WeakMap<CartableDb, IDBFactory>();

export async function makeTablet(device: EnrolledDevice, school: School, students: { studentId: string; classId: string; token: string | null }[]): Promise<CartableDb> {
  const factory = new IDBFactory();
  const db = new CartableDb(`cartable-${device.deviceId}`, { indexedDB: factory, IDBKeyRange });
  factories.set(db, factory);
  await db.device.put({ key: 'device', deviceId: device.deviceId, deviceToken: device.deviceToken, schoolId: school.schoolId, classId: null, name: 'T', enrolledAt: at(), nextSeq: 1 });
  for (const s of students) await signIn(db, s);
  return db;
}

export async function signIn(db: CartableDb, s: { studentId: string; classId: string; token: string | null }) {
  await db.localSessions.put({
    studentId: s.studentId, classId: s.classId, firstName: 'X', lastName: 'Y', token: s.token, expiresAt: null, verifier: null,
    lastSignInAt: at(), failedAttempts: 0, lockedUntil: null,
  });
}

/** The same tablet database after an app restart (a new connection to the same IndexedDB). */
export function reopen(db: CartableDb): CartableDb {
  db.close();
  const factory = factories.get(db)!;
  const again = new CartableDb(db.name, { indexedDB: factory, IDBKeyRange });
  factories.set(again, factory);
  return again;
}
