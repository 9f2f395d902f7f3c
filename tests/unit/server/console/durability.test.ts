/**
 * The real server as a process: a first start seeds the demo school and prints the accounts (only then);
 * every write answered 2xx survives `kill -9` right after the answer; a second start reuses
 * the data (no second demo school).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { DEMO_IT, DEMO_TEACHER } from '../../../../server/seed/demo-school.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cartable-durable-'));
let server: ServerProcess | null = null;
afterAll(() => {
  server?.proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(method: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(server!.url + url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> & Record<string, never> };
}

const signIn = async (login: string, password: string) => (await api('POST', '/api/auth/login', undefined, { login, password })).json.token as unknown as string;

describe('durability of the real server process', () => {
  it('seeds the demo school once, keeps every answered write across kill -9, and reuses the data on restart', async () => {
    // What a first start killed while seeding leaves behind: ignored and rebuilt.
    writeFileSync(join(dataDir, 'cartable.sqlite.seeding'), 'half a demo school');
    server = await startServerProcess({ DATA_DIR: dataDir });
    await server.waitForOutput(/enrolment code/);
    expect(server.output()).toContain('First start: created the demo school.');
    expect(existsSync(join(dataDir, 'cartable.sqlite.seeding'))).toBe(false);
    expect(server.output()).toMatch(/prof\.martin\s+password cartable-prof/);
    expect(server.output()).toMatch(/secret code 1234/);
    const code = /enrolment code ([A-Z0-9-]+)/.exec(server.output())![1];

    const teacher = await signIn(DEMO_TEACHER.login, DEMO_TEACHER.password);
    const classes = (await api('GET', '/api/classes', teacher)).json as unknown as { id: string; name: string; studentCount: number }[];
    expect(classes).toMatchObject([{ name: '5e B', studentCount: 15 }]);
    const classId = classes[0]!.id;
    const lessons = (await api('GET', `/api/classes/${classId}/lessons`, teacher)).json as unknown as { media: { kind: string }[]; status: string }[];
    expect(lessons).toHaveLength(2);
    expect(lessons.flatMap((l) => l.media.map((m) => m.kind)).sort()).toEqual(['audio', 'image']);
    const assignments = (await api('GET', `/api/classes/${classId}/assignments`, teacher)).json as unknown as { questions: { kind: string }[]; status: string }[];
    expect(assignments).toHaveLength(3);
    expect(new Set(assignments.flatMap((a) => a.questions.map((q) => q.kind)))).toEqual(new Set(['text', 'choice', 'photo', 'audio']));

    // Writes answered 2xx, then kill -9 at once.
    const created = await api('POST', `/api/classes/${classId}/lessons`, teacher, { title: 'Écrit juste avant le crash', bodyMarkdown: 'Rien ne se perd.' });
    expect(created.status).toBe(201);
    const published = await api('POST', `/api/lessons/${created.json.id}/publish`, teacher, {});
    expect(published.status).toBe(200);
    const it = await signIn(DEMO_IT.login, DEMO_IT.password);
    const student = await api('POST', `/api/classes/${classId}/students`, it, { firstName: 'Ambre', lastName: 'Girard', secret: '8642' });
    expect(student.status).toBe(201);
    server.proc.kill('SIGKILL');
    await server.exited;

    server = await startServerProcess({ DATA_DIR: dataDir });
    await server.waitForOutput(/demo-accounts/);
    expect(server.output()).not.toContain('First start');
    // The demo's passwords and code are printed at the first start only (then by the admin command).
    expect(server.output()).not.toContain(`enrolment code ${code}`);
    const teacher2 = await signIn(DEMO_TEACHER.login, DEMO_TEACHER.password);
    const lesson = await api('GET', `/api/lessons/${created.json.id}`, teacher2);
    expect(lesson.json).toMatchObject({ title: 'Écrit juste avant le crash', status: 'published' });
    const roster = (await api('GET', `/api/classes/${classId}/students`, teacher2)).json as unknown as { firstName: string }[];
    expect(roster.map((s) => s.firstName)).toContain('Ambre');
    expect(((await api('GET', '/api/classes', teacher2)).json as unknown as unknown[])).toHaveLength(1);
    // The session opened before the crash is still valid too (sessions are durable writes).
    expect((await api('GET', '/api/school', teacher)).status).toBe(200);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    server = null;
  });
});
