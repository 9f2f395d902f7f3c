/**
 * The live class over the real server and real sockets: a teacher starts a session, the
 * tablets' SSE streams hear its commands within a second, a pupil's progress reaches the room,
 * and the rights hold (teacher of the class only; a group's session reaches its members only;
 * bad input is a 4xx with a code).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { openSse, type SseStream } from '../../../helpers/sse-client.ts';
import { auth, makeFixture, SECRET, type Fixture } from '../console/school-fixture.ts';
import type { LiveRoom, LiveSessionInfo, TabletLiveState } from '../../../../src/protocol/live.ts';

let t: TestApp;
let f: Fixture;
let base: string;
/** A second pupil (not in the group) signed in on the same tablet. */
let hugoToken: string;
const streams: SseStream[] = [];

const call = async <T>(token: string, method: 'GET' | 'POST', url: string, payload?: unknown, device?: string) => {
  const res = await t.app.inject({ method, url, headers: { ...auth(token, device), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}) });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T & { error?: { code: string } } };
};
const stream = async (token: string) => {
  const s = await openSse(`${base}/api/live/stream`, auth(token, f.deviceToken));
  streams.push(s);
  return s;
};
const stateOf = (e: { data: unknown }) => e.data as TabletLiveState;

describe('live class: sessions, commands, the tablets’ stream', () => {
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
    base = await t.listen();
    const st = await t.app.inject({ method: 'POST', url: '/api/auth/student', headers: { 'x-cartable-device': f.deviceToken }, payload: { studentId: f.students[1], secret: SECRET } });
    hugoToken = st.json().token;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t.close();
  });

  it('starts one session per class and audience: starting again gives the running one back', async () => {
    const a = await call<LiveSessionInfo>(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ classId: f.classA, className: '5e B', groupId: null, activity: null, attentionSince: null, teacherName: 'Prof A' });
    const again = await call<LiveSessionInfo>(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA });
    expect(again.body.id).toBe(a.body.id);
    const open = await call<LiveSessionInfo[]>(f.tokens.teacher, 'GET', `/api/classes/${f.classA}/live`);
    expect(open.body.map((s) => s.id)).toEqual([a.body.id]);
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${a.body.id}/end`);
  });

  it('only a teacher of the class starts or drives it', async () => {
    expect((await call(f.tokens.teacher2, 'POST', '/api/live/sessions', { classId: f.classA })).status).toBe(404);
    expect((await call(f.tokens.it, 'POST', '/api/live/sessions', { classId: f.classA })).body.error?.code).toBe('teacher_only');
    expect((await call(f.tokens.itB, 'POST', '/api/live/sessions', { classId: f.classA })).status).toBe(404);
    expect((await call(f.tokens.student, 'POST', '/api/live/sessions', { classId: f.classA }, f.deviceToken)).status).toBe(403);
    const s = (await call<LiveSessionInfo>(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA })).body;
    for (const [token, code] of [[f.tokens.teacher2, 'live_session_not_found'], [f.tokens.itB, 'live_session_not_found'], [f.tokens.it, 'teacher_only']] as const) {
      const r = await call(token, 'POST', `/api/live/sessions/${s.id}/attention`, { on: true });
      expect(r.body.error?.code, token).toBe(code);
      expect((await call(token, 'GET', `/api/live/sessions/${s.id}/room`)).body.error?.code).toBe(code);
    }
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/end`);
  });

  it('refuses bad input with a code, never a 500', async () => {
    const s = (await call<LiveSessionInfo>(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA })).body;
    expect((await call(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: 'x y' })).body.error?.code).toBe('validation');
    expect((await call(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA, groupId: 'nope' })).body.error?.code).toBe('group_not_in_class');
    expect((await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/activity`, { kind: 'video', id: 'x' })).body.error?.code).toBe('validation');
    expect((await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/activity`, { kind: 'assignment', id: 'unknown' })).body.error?.code).toBe('assignment_not_found');
    // The lesson exists but is not published: the tablets could not open it.
    const r = await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/activity`, { kind: 'lesson', id: f.lessonA });
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('live_activity_unavailable');
    expect((await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/attention`, {})).status).toBe(400);
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/end`);
    expect((await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/collect`)).body.error?.code).toBe('live_session_not_found');
  });

  it('the stream authenticates like the sync', async () => {
    expect((await openSse(`${base}/api/live/stream`, {})).status).toBe(401);
    expect((await openSse(`${base}/api/live/stream`, auth(f.tokens.student))).status).toBe(401); // no device token
    expect((await openSse(`${base}/api/live/stream`, { 'x-cartable-device': f.deviceToken })).status).toBe(401); // no pupil
    expect((await openSse(`${base}/api/live/stream`, auth(f.tokens.teacher))).status).toBe(403);
  });

  it('pushes the commands to the pupils’ tablets within a second, and the room follows them', async () => {
    const lea = await stream(f.tokens.student);
    const first = await lea.next((e) => e.event === 'state');
    expect(stateOf(first).sessions).toEqual([]);
    const s = (await call<LiveSessionInfo>(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA })).body;
    const started = await lea.next((e) => e.event === 'state' && stateOf(e).sessions.length === 1, 1000);
    expect(stateOf(started).sessions[0]).toMatchObject({ id: s.id, teacherName: 'Prof A', activity: null });

    const t0 = performance.now();
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/activity`, { kind: 'assignment', id: f.assignmentA });
    const pushed = await lea.next((e) => e.event === 'state' && !!stateOf(e).sessions[0]?.activity, 1000);
    expect(pushed.at - t0).toBeLessThan(1000);
    expect(stateOf(pushed).sessions[0]!.activity).toMatchObject({ kind: 'assignment', id: f.assignmentA, title: 'Exercices' });

    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/attention`, { on: true });
    await lea.next((e) => e.event === 'state' && !!stateOf(e).sessions[0]?.attentionSince, 1000);
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/collect`);
    await lea.next((e) => e.event === 'state' && !!stateOf(e).sessions[0]?.collectAt, 1000);
    // The same truth without the channel.
    const current = await call<TabletLiveState>(f.tokens.student, 'GET', '/api/live/current', undefined, f.deviceToken);
    expect(current.body.sessions[0]).toMatchObject({ id: s.id, attentionSince: expect.any(String), collectAt: expect.any(String) });

    // Léa is online, then says where she is: the teacher's console is told, and the room shows it.
    const consoleStream = await openSse(`${base}/api/live/sessions/${s.id}/events`, auth(f.tokens.teacher));
    streams.push(consoleStream);
    await consoleStream.next((e) => e.event === 'room');
    let room = (await call<LiveRoom>(f.tokens.teacher, 'GET', `/api/live/sessions/${s.id}/room`)).body;
    expect(room.pupils.map((p) => `${p.firstName}:${p.online}`)).toEqual(['Hugo:false', 'Chloé:false', 'Léa:true']); // by last name: Bernard, Dubois, Martin
    const mark = consoleStream.events.length;
    const progress = { sessionId: s.id, screen: 'assignment', itemId: f.assignmentA, question: 1, answered: 0, total: 1, waiting: 2 };
    expect((await call(f.tokens.student, 'POST', '/api/live/progress', progress, f.deviceToken)).status).toBe(204);
    await consoleStream.next((e) => e.event === 'room', 2000, mark);
    room = (await call<LiveRoom>(f.tokens.teacher, 'GET', `/api/live/sessions/${s.id}/room`)).body;
    const leaRow = room.pupils.find((p) => p.studentId === f.students[0])!;
    expect(leaRow).toMatchObject({ online: true, deviceName: 'Tablette 1', screen: 'assignment', onActivity: true, question: 1, answered: 0, total: 1, waiting: 2, handIn: 'submitted' });
    expect(room.tablets).toEqual([expect.objectContaining({ name: 'Tablette 1', online: true, lastItemAt: null, collected: false })]);

    // She leaves: offline in the room.
    lea.close();
    await expect.poll(async () => (await call<LiveRoom>(f.tokens.teacher, 'GET', `/api/live/sessions/${s.id}/room`)).body.pupils.find((p) => p.studentId === f.students[0])!.online).toBe(false);
    // A progress report into a session that is not hers (ended) is refused.
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/end`);
    expect((await call(f.tokens.student, 'POST', '/api/live/progress', progress, f.deviceToken)).body.error?.code).toBe('live_session_not_found');
  });

  it('a group’s session reaches its members only', async () => {
    const lea = await stream(f.tokens.student); // in the group « Soutien »
    const hugo = await stream(hugoToken); // not in it
    await lea.next((e) => e.event === 'state');
    await hugo.next((e) => e.event === 'state');
    const s = (await call<LiveSessionInfo>(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA, groupId: f.groupA })).body;
    expect(s.groupName).toBe('Soutien');
    await lea.next((e) => e.event === 'state' && stateOf(e).sessions.some((x) => x.id === s.id), 1000);
    const hugoMark = hugo.events.length;
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/attention`, { on: true });
    await lea.next((e) => e.event === 'state' && !!stateOf(e).sessions.find((x) => x.id === s.id)?.attentionSince, 1000);
    // Hugo's tablet heard of a change of his class, but is told no session of his.
    for (const e of hugo.events.slice(hugoMark)) expect(stateOf(e).sessions).toEqual([]);
    expect((await call<TabletLiveState>(hugoToken, 'GET', '/api/live/current', undefined, f.deviceToken)).body.sessions).toEqual([]);
    const r = await call(hugoToken, 'POST', '/api/live/progress', { sessionId: s.id, screen: 'home', itemId: null, question: null, answered: null, total: null, waiting: 0 }, f.deviceToken);
    expect(r.body.error?.code).toBe('live_session_not_found');
    const room = (await call<LiveRoom>(f.tokens.teacher, 'GET', `/api/live/sessions/${s.id}/room`)).body;
    expect(room.pupils.map((p) => p.studentId)).toEqual([f.students[0]]);
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/end`);
  });

  it('a published assignment for the group cannot be pushed to the whole class', async () => {
    const a = await t.store.content.createAssignment(SYSTEM, f.classA, { title: 'Soutien 1', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'P', points: 1 }] });
    await t.store.content.publishAssignment(SYSTEM, a.id, f.groupA);
    const s = (await call<LiveSessionInfo>(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA })).body;
    expect((await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/activity`, { kind: 'assignment', id: a.id })).body.error?.code).toBe('live_activity_unavailable');
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/end`);
    const g = (await call<LiveSessionInfo>(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA, groupId: f.groupA })).body;
    expect((await call(f.tokens.teacher, 'POST', `/api/live/sessions/${g.id}/activity`, { kind: 'assignment', id: a.id })).status).toBe(200);
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${g.id}/end`);
  });

  it('dropping the channel ends the streams; the state is still there by GET', async () => {
    const lea = await stream(f.tokens.student);
    await lea.next((e) => e.event === 'state');
    const s = (await call<LiveSessionInfo>(f.tokens.teacher, 'POST', '/api/live/sessions', { classId: f.classA })).body;
    t.app.liveHub.dropAll();
    await lea.closed;
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/activity`, { kind: 'assignment', id: f.assignmentA });
    const current = await call<TabletLiveState>(f.tokens.student, 'GET', '/api/live/current', undefined, f.deviceToken);
    expect(current.body.sessions[0]?.activity?.id).toBe(f.assignmentA);
    await call(f.tokens.teacher, 'POST', `/api/live/sessions/${s.id}/end`);
  });
});
