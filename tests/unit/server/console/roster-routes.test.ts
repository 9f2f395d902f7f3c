/** School, users, classes, students, groups through the real routes: success, validation, foreign ids. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, SECRET, type Fixture } from './school-fixture.ts';

let t: TestApp;
let f: Fixture;
const req = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: auth(token), ...(payload ? { payload } : {}) });

describe('people and roster routes', () => {
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
  });
  afterAll(async () => { await t.close(); });

  it('answers the school of the signed-in user', async () => {
    expect((await req(f.tokens.teacher, 'GET', '/api/school')).json()).toEqual({ id: f.schoolA, name: 'Collège A' });
    expect((await req(f.tokens.itB, 'GET', '/api/school')).json()).toEqual({ id: f.schoolB, name: 'Collège B' });
  });

  it('creates a user who can sign in, refuses a taken login and weak bodies, and a password change ends old sessions', async () => {
    const created = await req(f.tokens.it, 'POST', '/api/users', { role: 'teacher', login: 'mme.durand', displayName: 'Mme Durand', password: 'premier-mot' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ role: 'teacher', login: 'mme.durand', displayName: 'Mme Durand', archived: false });
    expect(created.body).not.toMatch(/premier-mot|scrypt/);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'mme.durand', password: 'premier-mot' } });
    expect(login.statusCode).toBe(200);
    const token = login.json().token as string;

    expect((await req(f.tokens.it, 'POST', '/api/users', { role: 'teacher', login: 'MME.DURAND', displayName: 'X', password: 'autre-mot-1' })).statusCode).toBe(409);
    for (const bad of [
      { role: 'admin', login: 'x.y', displayName: 'X', password: 'long-enough' },
      { role: 'teacher', login: 'a b', displayName: 'X', password: 'long-enough' },
      { role: 'teacher', login: 'x.y', displayName: 'X', password: 'short' },
      { role: 'teacher', login: 'x.y', displayName: '', password: 'long-enough' },
      { role: 'teacher', login: 'x.y', password: 'long-enough' },
    ]) expect((await req(f.tokens.it, 'POST', '/api/users', bad)).statusCode, JSON.stringify(bad)).toBe(400);

    const patched = await req(f.tokens.it, 'PATCH', `/api/users/${created.json().id}`, { password: 'deuxieme-mot' });
    expect(patched.statusCode).toBe(200);
    expect((await req(token, 'GET', '/api/school')).statusCode).toBe(401);
    const archived = await req(f.tokens.it, 'PATCH', `/api/users/${created.json().id}`, { archived: true });
    expect(archived.json().archived).toBe(true);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'mme.durand', password: 'deuxieme-mot' } })).statusCode).toBe(401);
    expect((await req(f.tokens.it, 'PATCH', `/api/users/${f.ids.it}`, { archived: true })).statusCode).toBe(400);
    expect((await req(f.tokens.it, 'PATCH', `/api/users/${f.ids.itB}`, { displayName: 'x' })).statusCode).toBe(404);
  });

  it('creates, renames, archives classes and assigns teachers (only teachers of the school)', async () => {
    const c = await req(f.tokens.it, 'POST', '/api/classes', { name: '3e A', teacherIds: [f.ids.teacher2] });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ name: '3e A', archived: false, teacherIds: [f.ids.teacher2], studentCount: 0 });
    expect((await req(f.tokens.it, 'POST', '/api/classes', { name: '3e A' })).statusCode).toBe(409);
    expect((await req(f.tokens.it, 'POST', '/api/classes', { name: '3e Z', teacherIds: [f.ids.itB] })).statusCode).toBe(400);
    expect((await req(f.tokens.it, 'POST', '/api/classes', { name: '3e Z', teacherIds: [f.ids.it] })).statusCode).toBe(400);
    const renamed = await req(f.tokens.it, 'PATCH', `/api/classes/${c.json().id}`, { name: '3e B', archived: true, teacherIds: [f.ids.teacher, f.ids.teacher2] });
    expect(renamed.json()).toMatchObject({ name: '3e B', archived: true });
    expect(renamed.json().teacherIds).toHaveLength(2);
    expect((await req(f.tokens.it, 'PATCH', `/api/classes/${c.json().id}`, { name: '5e B' })).statusCode).toBe(409);
    const mine = (await req(f.tokens.teacher, 'GET', '/api/classes')).json() as { name: string }[];
    expect(mine.map((x) => x.name)).toEqual(['5e B', '3e B']);
  });

  it('adds, edits, moves and archives students, and a new secret signs the student out', async () => {
    const s = await req(f.tokens.it, 'POST', `/api/classes/${f.classA}/students`, { firstName: ' Noémie ', lastName: 'Faure', secret: '2468' });
    expect(s.statusCode).toBe(201);
    expect(s.json()).toMatchObject({ firstName: 'Noémie', lastName: 'Faure', classId: f.classA, archived: false });
    expect(s.body).not.toMatch(/(?<![0-9a-zA-Z_-])2468(?![0-9a-zA-Z_-])|secretHash|secret_hash|"secret"/); // standing alone: an id may hold the digits
    expect(s.json().secretLength).toBe(4); // the tablet's PIN pad shows 4 boxes, and knows nothing else of it
    const reset = await req(f.tokens.it, 'PATCH', `/api/students/${s.json().id}`, { secret: '135791' });
    expect(reset.json().secretLength).toBe(6);
    expect((await req(f.tokens.it, 'PATCH', `/api/students/${s.json().id}`, { firstName: 'Noémie' })).json().secretLength).toBe(6);
    expect((await req(f.tokens.it, 'POST', `/api/classes/${f.classA}/students`, { firstName: 'A', lastName: 'B', secret: '12' })).statusCode).toBe(400);
    expect((await req(f.tokens.it, 'POST', `/api/classes/${f.classB}/students`, { firstName: 'A', lastName: 'B', secret: '1234' })).statusCode).toBe(404);

    const moved = await req(f.tokens.it, 'PATCH', `/api/students/${s.json().id}`, { classId: f.classA2 });
    expect(moved.json().classId).toBe(f.classA2);
    expect((await req(f.tokens.it, 'PATCH', `/api/students/${s.json().id}`, { classId: f.classB })).statusCode).toBe(400);
    const rows = t.store.db.prepare("SELECT scope, op FROM changes WHERE entity = 'student' AND entity_id = ? ORDER BY seq").all(s.json().id);
    expect(rows).toEqual([{ scope: `class:${f.classA}`, op: 'delete' }, { scope: `class:${f.classA2}`, op: 'put' }]);

    // The fixture's student is signed in on the tablet; a new secret ends that session.
    const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth(f.tokens.student, f.deviceToken) });
    expect((await me()).statusCode).toBe(200);
    expect((await req(f.tokens.it, 'PATCH', `/api/students/${f.students[0]}`, { secret: SECRET })).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(401);
    const archived = await req(f.tokens.it, 'PATCH', `/api/students/${s.json().id}`, { archived: true });
    expect(archived.json().archived).toBe(true);
    expect((await req(f.tokens.it, 'PATCH', `/api/students/${f.studentOther}`, { firstName: '' })).statusCode).toBe(400);
    expect((await req(f.tokens.itB, 'PATCH', `/api/students/${f.studentOther}`, { firstName: 'X' })).statusCode).toBe(404);
  });

  it('creates and edits groups of the class only', async () => {
    const g = await req(f.tokens.teacher, 'POST', `/api/classes/${f.classA}/groups`, { name: 'Approfondissement', studentIds: [f.students[1], f.students[2]] });
    expect(g.statusCode).toBe(201);
    expect(g.json()).toMatchObject({ name: 'Approfondissement', classId: f.classA, archived: false });
    expect(g.json().studentIds).toHaveLength(2);
    expect((await req(f.tokens.teacher, 'POST', `/api/classes/${f.classA}/groups`, { name: 'X', studentIds: [f.studentOther] })).statusCode).toBe(400);
    expect((await req(f.tokens.teacher, 'POST', `/api/classes/${f.classA}/groups`, { name: 'X', studentIds: 'all' })).statusCode).toBe(400);
    const archived = await req(f.tokens.it, 'PATCH', `/api/groups/${g.json().id}`, { archived: true });
    expect(archived.json().archived).toBe(true);
    const list = (await req(f.tokens.teacher, 'GET', `/api/classes/${f.classA}/groups`)).json() as { name: string; archived: boolean }[];
    expect(list.find((x) => x.name === 'Approfondissement')?.archived).toBe(true);
    expect((await req(f.tokens.teacher2, 'PATCH', `/api/groups/${g.json().id}`, { name: 'Y' })).statusCode).toBe(404);
  });
});
