/**
 * Schools for e2e tests, created through the services (no SQL):
 * - `seedSchool` — a SMALL, predictable school: one IT referent, one teacher, class 5e B
 *   with three students (Inès Martin first), one enrolled device, an enrolment code, and
 *   no content (tests create what they need through the API).
 * - `seedFullDemo` — the real demo school of `npm start` (server/seed/demo-school.ts:
 *   15 students, lessons with media, three assignments), for benches and screenshots.
 */
import { SYSTEM } from '../../server/access/actor.ts';
import { seedDemoSchool, type DemoInfo } from '../../server/seed/demo-school.ts';
import type { Services } from '../../server/services.ts';

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

/** Seeds the small e2e school into a fresh store and returns its accounts. */
export async function seedSchool(services: Services): Promise<SeededSchool> {
  const { school: schools, roster, devices } = services;
  const school = await schools.createSchool('Collège Jean Moulin');
  const itAccount = { login: 'it@college.test', password: 'referent-e2e-pass' };
  const teacherAccount = { login: 'prof@college.test', password: 'prof-e2e-pass' };
  const it = await schools.createUser(SYSTEM, { schoolId: school.id, role: 'it', login: itAccount.login, displayName: 'Référent numérique', password: itAccount.password });
  const teacher = await schools.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: teacherAccount.login, displayName: 'Mme Durand', password: teacherAccount.password });
  const cls = await roster.createClass(SYSTEM, { name: '5e B', teacherIds: [teacher.id] }, school.id);
  const students = [];
  for (const [firstName, lastName, secret] of [['Inès', 'Martin', '1234'], ['Noah', 'Bernard', '2345'], ['Léa', 'Petit', '3456']] as const) {
    const s = await roster.createStudent(SYSTEM, cls.id, { firstName, lastName, secret });
    students.push({ id: s.id, firstName, lastName, secret });
  }
  const { code: enrolmentCode } = await devices.issueCode(SYSTEM, { schoolId: school.id, classId: cls.id, createdBy: teacher.id });
  const device = await devices.enrol(enrolmentCode, 'Tablette 01');

  return {
    schoolId: school.id,
    schoolName: school.name,
    classId: cls.id,
    className: cls.name,
    it: { id: it.id, ...itAccount },
    teacher: { id: teacher.id, ...teacherAccount },
    students,
    device: { id: device.deviceId, token: device.deviceToken, name: 'Tablette 01' },
    enrolmentCode,
  };
}

/** Seeds the full demo school (as `npm start` does on a first start). */
export function seedFullDemo(services: Services): Promise<DemoInfo> {
  return seedDemoSchool(services);
}
