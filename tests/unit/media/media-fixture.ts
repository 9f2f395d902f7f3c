/**
 * A small school for the media tests: one class with two students (Ana, Ben) on one
 * enrolled tablet, a student of another class (Cleo), their teacher, a teacher of another
 * class, and the IT referent — each with a live session token. Written straight into the
 * test database (the REST APIs that create these belong to other areas).
 */
import { randomUUID } from 'node:crypto';
import { recordChange, type TestStore } from '../../helpers/test-store.ts';
import { newToken } from '../../../server/auth/secrets.ts';

export interface MediaFixture {
  schoolId: string;
  classId: string;
  otherClassId: string;
  deviceToken: string;
  /** Student session tokens (bound to the tablet above). */
  ana: { id: string; token: string };
  ben: { id: string; token: string };
  cleo: { id: string; token: string };
  teacher: { id: string; token: string };
  otherTeacher: { id: string; token: string };
  it: { id: string; token: string };
  /** Headers of a student request from the tablet. */
  studentHeaders(token: string): Record<string, string>;
  userHeaders(token: string): Record<string, string>;
  /** A lesson of the class; published unless said. */
  addLesson(opts?: { published?: boolean; groupId?: string | null; classId?: string }): string;
  /** A submission of `studentId` whose handed-in revision references the attachments. */
  addSubmission(studentId: string, attachmentIds: string[]): string;
}

export async function createMediaFixture(store: TestStore): Promise<MediaFixture> {
  const db = store.db;
  const at = new Date().toISOString();
  const later = new Date(Date.now() + 24 * 3600_000).toISOString();
  const schoolId = randomUUID();
  const classId = randomUUID();
  const otherClassId = randomUUID();
  db.prepare('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)').run(schoolId, 'Collège Test', at);
  for (const [id, name] of [[classId, '5e A'], [otherClassId, '4e B']]) {
    db.prepare('INSERT INTO classes (id, school_id, name, created_at) VALUES (?, ?, ?, ?)').run(id, schoolId, name, at);
  }
  const device = newToken();
  const deviceId = randomUUID();
  db.prepare('INSERT INTO devices (id, school_id, class_id, name, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)').run(deviceId, schoolId, classId, 'Tablette 1', device.hash, at);

  const student = async (first: string, cls: string) => {
    const id = randomUUID();
    db.prepare('INSERT INTO students (id, school_id, class_id, last_name, first_name, secret_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      id, schoolId, cls, 'Test', first, 'x', at, at,
    );
    const t = newToken();
    db.prepare("INSERT INTO sessions (token_hash, kind, student_id, device_id, created_at, expires_at) VALUES (?, 'student', ?, ?, ?, ?)").run(t.hash, id, deviceId, at, later);
    return { id, token: t.token };
  };
  const user = async (login: string, role: 'teacher' | 'it', cls: string | null) => {
    const id = randomUUID();
    db.prepare('INSERT INTO users (id, school_id, role, login, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, schoolId, role, `${login}-${id.slice(0, 8)}`, login, 'x', at);
    if (cls) db.prepare('INSERT INTO class_teachers (class_id, user_id) VALUES (?, ?)').run(cls, id);
    const t = newToken();
    db.prepare("INSERT INTO sessions (token_hash, kind, user_id, device_id, created_at, expires_at) VALUES (?, 'user', ?, NULL, ?, ?)").run(t.hash, id, at, later);
    return { id, token: t.token };
  };

  const teacher = await user('prof', 'teacher', classId);
  const fx: MediaFixture = {
    schoolId,
    classId,
    otherClassId,
    deviceToken: device.token,
    ana: await student('Ana', classId),
    ben: await student('Ben', classId),
    cleo: await student('Cleo', otherClassId),
    teacher,
    otherTeacher: await user('autre', 'teacher', otherClassId),
    it: await user('it', 'it', null),
    studentHeaders: (token) => ({ authorization: `Bearer ${token}`, 'x-cartable-device': device.token }),
    userHeaders: (token) => ({ authorization: `Bearer ${token}` }),
    addLesson({ published = true, groupId = null, classId: cls = classId } = {}) {
      const id = randomUUID();
      db.prepare(
        `INSERT INTO lessons (id, school_id, class_id, group_id, author_id, title, body_md, status, published_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, schoolId, cls, groupId, teacher.id, 'Leçon', '# Leçon', published ? 'published' : 'draft', published ? at : null, at, at);
      if (published) recordChange(db, groupId ? `group:${groupId}` : `class:${cls}`, 'lesson', id);
      return id;
    },
    addSubmission(studentId, attachmentIds) {
      const assignmentId = randomUUID();
      db.prepare(
        `INSERT INTO assignments (id, school_id, class_id, author_id, title, instructions_md, questions_json, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'Devoir', '', '[]', 'published', ?, ?)`,
      ).run(assignmentId, schoolId, classId, teacher.id, at, at);
      const subId = randomUUID();
      const revId = randomUUID();
      db.prepare(
        `INSERT INTO submissions (id, assignment_id, student_id, state, latest_revision_id, submitted_revision_id, submitted_at, created_at, updated_at)
         VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?, ?)`,
      ).run(subId, assignmentId, studentId, revId, revId, at, at, at);
      db.prepare(
        `INSERT INTO submission_revisions (id, submission_id, number, kind, answers_json, assignment_version, created_at) VALUES (?, ?, 1, 'submit', ?, 1, ?)`,
      ).run(revId, subId, JSON.stringify([{ questionId: 'q1', attachmentIds }]), at);
      return subId;
    },
  };
  return fx;
}
