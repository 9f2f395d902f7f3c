/**
 * The authorization matrix of the console APIs: every role × every route (resource ×
 * action), asserting who may (2xx) and who may not (401 anonymous, 403 student or wrong
 * role, 404 for another class's or school's ids — existence is not revealed).
 */
import { SYSTEM } from '../../../../server/access/actor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, insertSubmission, makeFixture, type Fixture } from './school-fixture.ts';
import { insertPhotoSubmission } from '../../../helpers/photo-submission.ts';

type Role = 'anonymous' | 'student' | 'teacher' | 'teacherOther' | 'it' | 'itOtherSchool';
const ROLES: Role[] = ['anonymous', 'student', 'teacher', 'teacherOther', 'it', 'itOtherSchool'];

interface Req { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: unknown; headers?: Record<string, string> }
interface Case {
  name: string;
  allowed: Role[];
  req: (f: Fixture, n: number) => Promise<Req> | Req;
  /** The credential is the tablet's device token: without it the answer is 401 whatever the session. */
  deviceCredential?: boolean;
}

let t: TestApp;
let f: Fixture;
let counter = 0;

const lesson = async () => (await t.store.content.createLesson(SYSTEM, f.classA, { title: 'L', bodyMarkdown: 'x' })).id;
const assignment = async () => (await t.store.content.createAssignment(
  SYSTEM, f.classA,
  { title: 'A', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'P', points: 2 }] },
)).id;
/** A running live session of class A (each case its own, so one ending it leaves the others'). */
const liveSession = async () => (await t.store.live.start(SYSTEM, f.classA, null)).id;
const feedback = { perQuestion: [{ questionId: 'q1', comment: 'Bien', points: 1 }], comment: 'Bon travail', mark: 1, maxMark: 2 };

const CASES: Case[] = [
  // school and people
  { name: 'GET /api/school', allowed: ['teacher', 'teacherOther', 'it', 'itOtherSchool'], req: () => ({ method: 'GET', url: '/api/school' }) },
  { name: 'GET /api/users', allowed: ['it', 'itOtherSchool'], req: () => ({ method: 'GET', url: '/api/users' }) },
  { name: 'POST /api/users', allowed: ['it', 'itOtherSchool'], req: (_f, n) => ({ method: 'POST', url: '/api/users', payload: { role: 'teacher', login: `new.${n}`, displayName: 'Nouveau', password: 'long-enough-pw' } }) },
  { name: 'PATCH /api/users/:id', allowed: ['it'], req: (fx) => ({ method: 'PATCH', url: `/api/users/${fx.ids.teacher2}`, payload: { displayName: 'Prof A2 bis' } }) },
  { name: 'GET /api/backup (several schools on the server)', allowed: [], req: () => ({ method: 'GET', url: '/api/backup' }) },
  // roster
  { name: 'GET /api/classes', allowed: ['teacher', 'teacherOther', 'it', 'itOtherSchool'], req: () => ({ method: 'GET', url: '/api/classes' }) },
  { name: 'POST /api/classes', allowed: ['it', 'itOtherSchool'], req: (_f, n) => ({ method: 'POST', url: '/api/classes', payload: { name: `6e ${n}` } }) },
  { name: 'PATCH /api/classes/:id', allowed: ['it'], req: (fx) => ({ method: 'PATCH', url: `/api/classes/${fx.classA}`, payload: { name: '5e B' } }) },
  // The class's subject (the pupils' diary): its teacher too, not another class's teacher (404), nor a subject change via PATCH.
  { name: 'PUT /api/classes/:id/subject', allowed: ['teacher', 'it'], req: () => ({ method: 'PUT', url: `/api/classes/${f.classA}/subject`, payload: { subject: 'Mathématiques' } }) },
  { name: 'PATCH /api/classes/:id { subject }', allowed: ['it'], req: (fx) => ({ method: 'PATCH', url: `/api/classes/${fx.classA}`, payload: { subject: 'Mathématiques' } }) },
  { name: 'GET /api/classes/:id/students', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'GET', url: `/api/classes/${fx.classA}/students` }) },
  { name: 'POST /api/classes/:id/students', allowed: ['it'], req: (fx, n) => ({ method: 'POST', url: `/api/classes/${fx.classA}/students`, payload: { firstName: `Élève${n}`, lastName: 'Nouveau', secret: '9876' } }) },
  { name: 'PATCH /api/students/:id', allowed: ['it'], req: (fx) => ({ method: 'PATCH', url: `/api/students/${fx.students[2]}`, payload: { firstName: 'Chloé' } }) },
  { name: 'GET /api/classes/:id/groups', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'GET', url: `/api/classes/${fx.classA}/groups` }) },
  { name: 'POST /api/classes/:id/groups', allowed: ['teacher', 'it'], req: (fx, n) => ({ method: 'POST', url: `/api/classes/${fx.classA}/groups`, payload: { name: `G${n}`, studentIds: [fx.students[1]] } }) },
  { name: 'PATCH /api/groups/:id', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'PATCH', url: `/api/groups/${fx.groupA}`, payload: { name: 'Soutien' } }) },
  { name: 'POST /api/roster/import', allowed: ['it', 'itOtherSchool'], req: (_f, n) => ({ method: 'POST', url: '/api/roster/import?dryRun=1', payload: `3e C;Nom${n};Prénom\n`, headers: { 'content-type': 'text/csv' } }) },
  // devices
  { name: 'POST /api/devices/codes', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'POST', url: '/api/devices/codes', payload: { classId: fx.classA } }) },
  { name: 'GET /api/devices', allowed: ['teacher', 'teacherOther', 'it', 'itOtherSchool'], req: () => ({ method: 'GET', url: '/api/devices' }) },
  { name: 'GET /api/devices?classId=', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'GET', url: `/api/devices?classId=${fx.classA}` }) },
  {
    name: 'POST /api/devices/:id/revoke', allowed: ['teacher', 'it'],
    req: async (fx) => {
      const code = await t.app.inject({ method: 'POST', url: '/api/devices/codes', headers: auth(fx.tokens.it), payload: { classId: fx.classA } });
      const d = await t.app.inject({ method: 'POST', url: '/api/devices/enrol', payload: { code: code.json().code, name: 'Tablette X' } });
      return { method: 'POST', url: `/api/devices/${d.json().deviceId}/revoke` };
    },
  },
  { name: 'GET /api/device/roster', allowed: ['student'], deviceCredential: true, req: () => ({ method: 'GET', url: '/api/device/roster' }) },
  // lessons
  { name: 'GET /api/classes/:id/lessons', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'GET', url: `/api/classes/${fx.classA}/lessons` }) },
  { name: 'POST /api/classes/:id/lessons', allowed: ['teacher'], req: (fx) => ({ method: 'POST', url: `/api/classes/${fx.classA}/lessons`, payload: { title: 'Nouvelle', bodyMarkdown: '' } }) },
  { name: 'GET /api/lessons/:id', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'GET', url: `/api/lessons/${fx.lessonA}` }) },
  { name: 'PATCH /api/lessons/:id', allowed: ['teacher'], req: (fx) => ({ method: 'PATCH', url: `/api/lessons/${fx.lessonA}`, payload: { title: 'Les fractions (2)' } }) },
  { name: 'DELETE /api/lessons/:id', allowed: ['teacher'], req: async () => ({ method: 'DELETE', url: `/api/lessons/${await lesson()}` }) },
  { name: 'POST /api/lessons/:id/publish', allowed: ['teacher'], req: (fx) => ({ method: 'POST', url: `/api/lessons/${fx.lessonA}/publish`, payload: {} }) },
  { name: 'POST /api/lessons/:id/unpublish', allowed: ['teacher'], req: (fx) => ({ method: 'POST', url: `/api/lessons/${fx.lessonA}/unpublish`, payload: {} }) },
  // assignments
  { name: 'GET /api/classes/:id/assignments', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'GET', url: `/api/classes/${fx.classA}/assignments` }) },
  {
    name: 'POST /api/classes/:id/assignments', allowed: ['teacher'],
    req: (fx) => ({ method: 'POST', url: `/api/classes/${fx.classA}/assignments`, payload: { title: 'Devoir', instructionsMarkdown: '', dueAt: null, questions: [] } }),
  },
  { name: 'GET /api/assignments/:id', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'GET', url: `/api/assignments/${fx.assignmentA}` }) },
  { name: 'PATCH /api/assignments/:id', allowed: ['teacher'], req: (fx) => ({ method: 'PATCH', url: `/api/assignments/${fx.assignmentA}`, payload: { title: 'Exercices' } }) },
  { name: 'DELETE /api/assignments/:id', allowed: ['teacher'], req: async () => ({ method: 'DELETE', url: `/api/assignments/${await assignment()}` }) },
  { name: 'POST /api/assignments/:id/publish', allowed: ['teacher'], req: (fx) => ({ method: 'POST', url: `/api/assignments/${fx.assignmentA}/publish`, payload: {} }) },
  { name: 'POST /api/assignments/:id/unpublish', allowed: ['teacher'], req: async () => ({ method: 'POST', url: `/api/assignments/${await assignment()}/unpublish`, payload: {} }) },
  { name: 'GET /api/assignments/:id/submissions', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'GET', url: `/api/assignments/${fx.assignmentA}/submissions` }) },
  // submissions and feedback
  { name: 'GET /api/submissions/:id', allowed: ['teacher', 'it'], req: (fx) => ({ method: 'GET', url: `/api/submissions/${fx.submissionA}` }) },
  { name: 'PUT /api/submissions/:id/feedback', allowed: ['teacher'], req: (fx) => ({ method: 'PUT', url: `/api/submissions/${fx.submissionA}/feedback`, payload: feedback }) },
  {
    name: 'POST /api/submissions/:id/return', allowed: ['teacher'],
    req: async (fx) => {
      const a = await assignment();
      const sub = insertSubmission(t.store, a, fx.students[1]!);
      await t.store.marking.saveFeedback(SYSTEM, sub, feedback);
      return { method: 'POST', url: `/api/submissions/${sub}/return` };
    },
  },
  // the live class (issue 17): a teacher of the class drives it; a tablet hears and reports with the sync's credentials
  { name: 'POST /api/live/sessions', allowed: ['teacher'], req: (fx) => ({ method: 'POST', url: '/api/live/sessions', payload: { classId: fx.classA } }) },
  { name: 'GET /api/classes/:id/live', allowed: ['teacher'], req: (fx) => ({ method: 'GET', url: `/api/classes/${fx.classA}/live` }) },
  { name: 'GET /api/live/sessions/:id/room', allowed: ['teacher'], req: async () => ({ method: 'GET', url: `/api/live/sessions/${await liveSession()}/room` }) },
  { name: 'POST /api/live/sessions/:id/activity', allowed: ['teacher'], req: async (fx) => ({ method: 'POST', url: `/api/live/sessions/${await liveSession()}/activity`, payload: { kind: 'assignment', id: fx.assignmentA } }) },
  { name: 'POST /api/live/sessions/:id/attention', allowed: ['teacher'], req: async () => ({ method: 'POST', url: `/api/live/sessions/${await liveSession()}/attention`, payload: { on: true } }) },
  { name: 'POST /api/live/sessions/:id/collect', allowed: ['teacher'], req: async () => ({ method: 'POST', url: `/api/live/sessions/${await liveSession()}/collect` }) },
  {
    name: 'POST /api/live/sessions/:id/end', allowed: ['teacher'],
    req: async () => {
      const id = await liveSession();
      await t.store.live.end(SYSTEM, id); // a fresh one for this role (start gives the running one back)
      return { method: 'POST', url: `/api/live/sessions/${await liveSession()}/end` };
    },
  },
  // Like the sync: staff are refused students_only (403); the student row carries the device token.
  { name: 'GET /api/live/current', allowed: ['student'], req: () => ({ method: 'GET', url: '/api/live/current' }) },
  {
    name: 'POST /api/live/progress', allowed: ['student'],
    req: async () => ({ method: 'POST', url: '/api/live/progress', payload: { sessionId: await liveSession(), screen: 'home', itemId: null, question: null, answered: null, total: null, waiting: 0 } }),
  },
  {
    name: 'PUT /api/submissions/:id/attachments/:attachmentId/annotations', allowed: ['teacher'],
    req: async (fx) => {
      const c = insertPhotoSubmission(t.store, { schoolId: fx.schoolA, assignmentId: await assignment(), studentId: fx.students[1]!, questionId: 'q1' });
      return { method: 'PUT', url: `/api/submissions/${c.submissionId}/attachments/${c.attachmentId}/annotations`, payload: { marks: [{ kind: 'tick', colour: 'red', x: 0.5, y: 0.5 }] } };
    },
  },
];

function headersFor(role: Role): Record<string, string> {
  switch (role) {
    case 'anonymous': return {};
    case 'student': return auth(f.tokens.student, f.deviceToken);
    case 'teacher': return auth(f.tokens.teacher);
    case 'teacherOther': return auth(f.tokens.teacher2);
    case 'it': return auth(f.tokens.it);
    case 'itOtherSchool': return auth(f.tokens.itB);
  }
}

/** What a denied role must get: 401 anonymous, 403 a student, 404 or 403 staff (404 when the id is outside their reach). */
function deniedStatuses(role: Role, c: Case): number[] {
  if (role === 'anonymous' || c.deviceCredential) return [401];
  if (role === 'student') return [403];
  return [403, 404];
}

describe('authorization matrix (role × route)', () => {
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
  });
  afterAll(async () => { await t.close(); });

  const rows = CASES.flatMap((c) => ROLES.map((role) => ({ c, role, allowed: c.allowed.includes(role) })));
  it.each(rows.map((r) => [`${r.c.name} as ${r.role} → ${r.allowed ? 'allowed' : 'denied'}`, r] as const))('%s', async (_name, { c, role, allowed }) => {
    const r = await c.req(f, ++counter);
    const res = await t.app.inject({
      method: r.method, url: r.url, headers: { ...headersFor(role), ...r.headers },
      ...(r.payload === undefined ? {} : { payload: typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload) }),
      ...(r.payload !== undefined && typeof r.payload !== 'string' ? { headers: { ...headersFor(role), 'content-type': 'application/json' } } : {}),
    });
    if (allowed) expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
    if (allowed) expect(res.statusCode, res.body).toBeLessThan(300);
    else expect(deniedStatuses(role, c), `${res.statusCode} ${res.body}`).toContain(res.statusCode);
    if (!allowed) expect(res.json().error.code).toMatch(/^(unauthenticated|device_not_enrolled|staff_only|students_only|it_only|teacher_only|backup_multi_school|live_session_not_found|[a-z]+_not_found)$/);
  });

  it('hides the existence of other classes and schools (404, not 403)', async () => {
    for (const [token, url] of [
      [f.tokens.teacher2, `/api/classes/${f.classA}/students`],
      [f.tokens.teacher2, `/api/lessons/${f.lessonA}`],
      [f.tokens.teacher2, `/api/submissions/${f.submissionA}`],
      [f.tokens.itB, `/api/classes/${f.classA}/students`],
      [f.tokens.itB, `/api/assignments/${f.assignmentA}`],
      [f.tokens.itB, `/api/submissions/${f.submissionA}`],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers: auth(token) });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('scopes lists: a teacher sees only their classes, an IT referent only their school', async () => {
    const asTeacher2 = (await t.app.inject({ method: 'GET', url: '/api/classes', headers: auth(f.tokens.teacher2) })).json() as { id: string }[];
    expect(asTeacher2.map((c) => c.id)).toEqual([f.classA2]);
    const asItB = (await t.app.inject({ method: 'GET', url: '/api/classes', headers: auth(f.tokens.itB) })).json() as { id: string }[];
    expect(asItB.map((c) => c.id)).toContain(f.classB);
    expect(asItB.map((c) => c.id)).not.toContain(f.classA);
    const usersB = (await t.app.inject({ method: 'GET', url: '/api/users', headers: auth(f.tokens.itB) })).json() as { login: string }[];
    expect(usersB.map((u) => u.login)).toEqual(expect.arrayContaining(['it.b']));
    expect(usersB.map((u) => u.login)).not.toContain('prof.a');
    const devices2 = (await t.app.inject({ method: 'GET', url: '/api/devices', headers: auth(f.tokens.teacher2) })).json() as unknown[];
    expect(devices2).toEqual([]);
  });
});
