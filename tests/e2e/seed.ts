/**
 * A small school for e2e tests: one IT referent, one teacher, one class of three students,
 * one enrolled device and a fresh enrolment code. Interim: written with SQL on the store
 * until the SERVER-API area's server/seed/demo-school.ts lands — then only this file changes
 * (keep the returned shape). Secrets are hashed with cheap scrypt parameters (tests only).
 */
import { hashSecret, newToken } from '../../server/auth/secrets.ts';
import { issueEnrolmentCode } from '../../server/routes/device-routes.ts';
import { newId, now } from '../../server/ids.ts';
import type { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';

/** What a test needs to sign in as anyone of the seeded school. */
export interface SeededSchool {
  schoolId: string;
  schoolName: string;
  classId: string;
  className: string;
  it: { id: string; login: string; password: string };
  teacher: { id: string; login: string; password: string };
  students: Array<{ id: string; firstName: string; lastName: string; secret: string }>;
  /** An enrolled device (send `deviceToken` as X-Cartable-Device). */
  device: { id: string; token: string; name: string };
  /** A code for POST /api/devices/enrol (class 5e B; the server's usual uses and lifetime). */
  enrolmentCode: string;
}

const FAST_SCRYPT = { N: 1 << 10, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Seeds the school into a fresh store and returns its accounts. */
export async function seedSchool(store: SqliteStore): Promise<SeededSchool> {
  const db = store.db;
  const at = now();
  const schoolId = newId();
  const classId = newId();
  const it = { id: newId(), login: 'it@college.test', password: 'referent-e2e-pass' };
  const teacher = { id: newId(), login: 'prof@college.test', password: 'prof-e2e-pass' };
  const students = [
    { id: newId(), firstName: 'Inès', lastName: 'Martin', secret: '1234' },
    { id: newId(), firstName: 'Noah', lastName: 'Bernard', secret: '2345' },
    { id: newId(), firstName: 'Léa', lastName: 'Petit', secret: '3456' },
  ];
  const device = { id: newId(), ...newToken(), name: 'Tablette 01' };
  const hashes = await Promise.all([it.password, teacher.password, ...students.map((s) => s.secret)].map((s) => hashSecret(s, FAST_SCRYPT)));

  db.transaction(() => {
    db.prepare('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)').run(schoolId, 'Collège Jean Moulin', at);
    const user = db.prepare('INSERT INTO users (id, school_id, role, login, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    user.run(it.id, schoolId, 'it', it.login, 'Référent numérique', hashes[0], at);
    user.run(teacher.id, schoolId, 'teacher', teacher.login, 'Mme Durand', hashes[1], at);
    db.prepare('INSERT INTO classes (id, school_id, name, created_at) VALUES (?, ?, ?, ?)').run(classId, schoolId, '5e B', at);
    db.prepare('INSERT INTO class_teachers (class_id, user_id) VALUES (?, ?)').run(classId, teacher.id);
    const student = db.prepare(
      'INSERT INTO students (id, school_id, class_id, last_name, first_name, secret_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    students.forEach((s, i) => student.run(s.id, schoolId, classId, s.lastName, s.firstName, hashes[2 + i], at, at));
    db.prepare('INSERT INTO devices (id, school_id, class_id, name, token_hash, enrolled_by, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      device.id, schoolId, classId, device.name, device.hash, it.id, at,
    );
  })();
  const { code: enrolmentCode } = await issueEnrolmentCode(store, { schoolId, classId, createdBy: teacher.id });

  return {
    schoolId,
    schoolName: 'Collège Jean Moulin',
    classId,
    className: '5e B',
    it,
    teacher,
    students,
    device: { id: device.id, token: device.token, name: device.name },
    enrolmentCode,
  };
}
