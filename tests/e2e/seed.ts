/**
 * Schools for e2e tests, created through the store interfaces (no SQL):
 * - `seedSchool` — a SMALL, predictable school: one IT referent, one teacher, class 5e B
 *   with three students (Inès Martin first), one enrolled device, an enrolment code, and
 *   no content (tests create what they need through the API). Cheap scrypt parameters.
 * - `seedFullDemo` — the real demo school of `npm start` (server/seed/demo-school.ts:
 *   15 students, lessons with media, three assignments), for benches and screenshots.
 */
import { hashSecret, newToken } from '../../server/auth/secrets.ts';
import { hashEnrolmentCode, issueEnrolmentCode } from '../../server/devices/enrolment-codes.ts';
import { newId, now } from '../../server/ids.ts';
import { seedDemoSchool, type DemoInfo } from '../../server/seed/demo-school.ts';
import type { Store } from '../../server/store/store.ts';

/** What a test needs to sign in as anyone of the seeded school. */
export interface SeededSchool {
  schoolId: string;
  schoolName: string;
  classId: string;
  className: string;
  it: { id: string; login: string; password: string };
  teacher: { id: string; login: string; password: string };
  students: Array<{ id: string; firstName: string; lastName: string; secret: string }>;
  /** An enrolled device (send `token` as X-Cartable-Device). */
  device: { id: string; token: string; name: string };
  /** A code for POST /api/devices/enrol (class 5e B; the server's usual uses and lifetime). */
  enrolmentCode: string;
}

const FAST_SCRYPT = { N: 1 << 10, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Seeds the small e2e school into a fresh store and returns its accounts. */
export async function seedSchool(store: Store): Promise<SeededSchool> {
  const hash = (secret: string) => hashSecret(secret, FAST_SCRYPT);
  const school = await store.school.createSchool('Collège Jean Moulin');
  const itAccount = { login: 'it@college.test', password: 'referent-e2e-pass' };
  const teacherAccount = { login: 'prof@college.test', password: 'prof-e2e-pass' };
  const it = await store.school.createUser({ schoolId: school.id, role: 'it', login: itAccount.login, displayName: 'Référent numérique', passwordHash: await hash(itAccount.password) });
  const teacher = await store.school.createUser({ schoolId: school.id, role: 'teacher', login: teacherAccount.login, displayName: 'Mme Durand', passwordHash: await hash(teacherAccount.password) });
  const cls = await store.roster.createClass(school.id, '5e B', [teacher.id]);
  const students = [];
  for (const [firstName, lastName, secret] of [['Inès', 'Martin', '1234'], ['Noah', 'Bernard', '2345'], ['Léa', 'Petit', '3456']] as const) {
    const s = await store.roster.createStudent({ schoolId: school.id, classId: cls.id, firstName, lastName, secretHash: await hash(secret) });
    students.push({ id: s.id, firstName, lastName, secret });
  }
  const { code: enrolmentCode } = await issueEnrolmentCode(store, { schoolId: school.id, classId: cls.id, createdBy: teacher.id });
  const deviceToken = newToken();
  const device = await store.devices.enrol({ codeHash: hashEnrolmentCode(enrolmentCode), deviceId: newId(), name: 'Tablette 01', tokenHash: deviceToken.hash, at: now() });
  if (!device) throw new Error('seed: the enrolment code was refused');

  return {
    schoolId: school.id,
    schoolName: school.name,
    classId: cls.id,
    className: cls.name,
    it: { id: it.id, ...itAccount },
    teacher: { id: teacher.id, ...teacherAccount },
    students,
    device: { id: device.deviceId, token: deviceToken.token, name: 'Tablette 01' },
    enrolmentCode,
  };
}

/** Seeds the full demo school (as `npm start` does on a first start). */
export function seedFullDemo(store: Store): Promise<DemoInfo> {
  return seedDemoSchool(store);
}
