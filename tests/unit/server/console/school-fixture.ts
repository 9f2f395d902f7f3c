/**
 * Two schools on one real in-process server, signed in through the real routes: school A
 * (IT referent, a teacher of 5e B, a teacher of 4e A, students, an enrolled tablet with a
 * signed-in student, a group, content) and school B (its own IT referent and class).
 */
import type { TestApp } from '../../../helpers/test-app.ts';
import type { TestStore } from '../../../helpers/test-store.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { newId, now } from '../../../../server/ids.ts';

export const PASSWORD = 'correct horse battery';
export const SECRET = '4321';

export interface Fixture {
  schoolA: string;
  schoolB: string;
  classA: string;
  /** Another class of school A, taught by teacher2 only. */
  classA2: string;
  classB: string;
  students: string[];
  studentOther: string;
  groupA: string;
  deviceId: string;
  deviceToken: string;
  lessonA: string;
  assignmentA: string;
  submissionA: string;
  tokens: { it: string; teacher: string; teacher2: string; itB: string; student: string };
  ids: { it: string; teacher: string; teacher2: string; itB: string };
}

async function login(t: TestApp, login: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${login}: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}

export const auth = (token: string, deviceToken?: string) => ({
  authorization: `Bearer ${token}`, ...(deviceToken ? { 'x-cartable-device': deviceToken } : {}),
});

/** Inserts a student's submission the way the sync push would (the sync area owns that path). */
export function insertSubmission(store: TestStore, assignmentId: string, studentId: string, state: 'draft' | 'submitted' = 'submitted'): string {
  const id = newId();
  const revId = newId();
  const at = now();
  store.db.prepare(`INSERT INTO submissions (id, assignment_id, student_id, state, latest_revision_id, submitted_revision_id, submitted_at, version, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`).run(id, assignmentId, studentId, state, revId, state === 'submitted' ? revId : null, state === 'submitted' ? at : null, at, at);
  store.db.prepare(`INSERT INTO submission_revisions (id, submission_id, number, kind, answers_json, assignment_version, device_id, created_at)
    VALUES (?, ?, 1, ?, ?, 1, NULL, ?)`).run(revId, id, state === 'submitted' ? 'submit' : 'draft', JSON.stringify([{ questionId: 'q1', text: 'Ma réponse' }]), at);
  return id;
}

export async function makeFixture(t: TestApp): Promise<Fixture> {
  const s = t.store;
  const a = await s.school.createSchool('Collège A');
  const b = await s.school.createSchool('Collège B');
  const it = await s.school.createUser(SYSTEM, { schoolId: a.id, role: 'it', login: 'it.a', displayName: 'IT A', password: PASSWORD });
  const teacher = await s.school.createUser(SYSTEM, { schoolId: a.id, role: 'teacher', login: 'prof.a', displayName: 'Prof A', password: PASSWORD });
  const teacher2 = await s.school.createUser(SYSTEM, { schoolId: a.id, role: 'teacher', login: 'prof.a2', displayName: 'Prof A2', password: PASSWORD });
  const itB = await s.school.createUser(SYSTEM, { schoolId: b.id, role: 'it', login: 'it.b', displayName: 'IT B', password: PASSWORD });
  const classA = await s.roster.createClass(SYSTEM, { name: '5e B', teacherIds: [teacher.id] }, a.id);
  const classA2 = await s.roster.createClass(SYSTEM, { name: '4e A', teacherIds: [teacher2.id] }, a.id);
  const classB = await s.roster.createClass(SYSTEM, { name: '5e B', teacherIds: [] }, b.id);
  const students: string[] = [];
  for (const [first, last] of [['Léa', 'Martin'], ['Hugo', 'Bernard'], ['Chloé', 'Dubois']]) {
    students.push((await s.roster.createStudent(SYSTEM, classA.id, { firstName: first!, lastName: last!, secret: SECRET })).id);
  }
  const studentOther = (await s.roster.createStudent(SYSTEM, classA2.id, { firstName: 'Inès', lastName: 'Petit', secret: SECRET })).id;
  const group = await s.roster.createGroup(SYSTEM, classA.id, { name: 'Soutien', studentIds: [students[0]!] });
  const lesson = await s.content.createLesson(SYSTEM, classA.id, { title: 'Les fractions', bodyMarkdown: '# Fractions' });
  const assignment = await s.content.createAssignment(
    SYSTEM, classA.id,
    { title: 'Exercices', instructionsMarkdown: 'Réponds.', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Explique.', points: 5 }] },
  );
  await s.content.publishAssignment(SYSTEM, assignment.id, null);
  const submissionA = insertSubmission(s, assignment.id, students[0]!);

  const tokens = { it: await login(t, 'it.a'), teacher: await login(t, 'prof.a'), teacher2: await login(t, 'prof.a2'), itB: await login(t, 'it.b'), student: '' };
  const code = await t.app.inject({ method: 'POST', url: '/api/devices/codes', headers: auth(tokens.it), payload: { classId: classA.id } });
  const enrol = await t.app.inject({ method: 'POST', url: '/api/devices/enrol', payload: { code: code.json().code, name: 'Tablette 1' } });
  const { deviceId, deviceToken } = enrol.json();
  const st = await t.app.inject({ method: 'POST', url: '/api/auth/student', headers: { 'x-cartable-device': deviceToken }, payload: { studentId: students[0], secret: SECRET } });
  if (st.statusCode !== 200) throw new Error(`student login: ${st.body}`);
  tokens.student = st.json().token;
  return {
    schoolA: a.id, schoolB: b.id, classA: classA.id, classA2: classA2.id, classB: classB.id, students, studentOther, groupA: group.id,
    deviceId, deviceToken, lessonA: lesson.id, assignmentA: assignment.id, submissionA, tokens,
    ids: { it: it.id, teacher: teacher.id, teacher2: teacher2.id, itB: itB.id },
  };
}
