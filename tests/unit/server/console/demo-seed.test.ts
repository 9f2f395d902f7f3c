/** The demo school: its people, media bytes in the blob store, content of every question type, and a working enrolment code. */
import { SYSTEM } from '../../../../server/access/actor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { DEMO_IT, DEMO_SECRET, DEMO_TEACHER, seedDemoSchool, type DemoInfo } from '../../../../server/seed/demo-school.ts';
import { verifySecret } from '../../../../server/auth/secrets.ts';

let t: TestApp;
let info: DemoInfo;

async function readBlob(sha: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of (await t.store.blobs.open(sha))!) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('demo school seed', () => {
  beforeAll(async () => {
    t = await startTestApp();
    info = await seedDemoSchool(t.store.services);
  });
  afterAll(async () => { await t.close(); });

  it('creates the school, the two accounts, 5e B with 15 students (secret 1234) and the support group', async () => {
    const [school] = await t.store.school.listSchools();
    expect(school!.name).toBe('Collège Jean Moulin');
    for (const who of [DEMO_TEACHER, DEMO_IT]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: who.login, password: who.password } });
      expect(res.statusCode).toBe(200);
    }
    const [cls] = await t.store.roster.listClasses(SYSTEM, school!.id);
    expect(cls).toMatchObject({ name: '5e B', studentCount: 15 });
    const students = await t.store.roster.listStudents(SYSTEM, cls!.id);
    expect(new Set(students.map((s) => `${s.firstName} ${s.lastName}`)).size).toBe(15);
    expect(students.some((s) => /[éèïëç]/.test(s.firstName + s.lastName))).toBe(true);
    const hash = t.store.db.prepare('SELECT secret_hash FROM students WHERE id = ?').pluck().get(students[0]!.id) as string;
    expect(await verifySecret(DEMO_SECRET, hash)).toBe(true);
    expect(await t.store.roster.listGroups(SYSTEM, cls!.id)).toMatchObject([{ name: 'Soutien maths', studentIds: expect.any(Array) }]);
    expect((await t.store.roster.listGroups(SYSTEM, cls!.id))[0]!.studentIds).toHaveLength(5);
  });

  it('stores a real PNG and a real WAV in the blob store, under their sha256, attached to two published lessons', async () => {
    const [school] = await t.store.school.listSchools();
    const [cls] = await t.store.roster.listClasses(SYSTEM, school!.id);
    const lessons = await t.store.content.listLessons(SYSTEM, cls!.id);
    expect(lessons).toHaveLength(2);
    expect(lessons.every((l) => l.status === 'published' && l.bodyMarkdown.startsWith('# '))).toBe(true);
    const media = lessons.flatMap((l) => l.media);
    const png = media.find((m) => m.kind === 'image')!;
    const wav = media.find((m) => m.kind === 'audio')!;
    const pngBytes = await readBlob(png.sha256);
    expect(pngBytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(createHash('sha256').update(pngBytes).digest('hex')).toBe(png.sha256);
    expect(pngBytes.length).toBe(png.size);
    const wavBytes = await readBlob(wav.sha256);
    expect(wavBytes.toString('ascii', 0, 4) + wavBytes.toString('ascii', 8, 12)).toBe('RIFFWAVE');
    const seconds = wavBytes.readUInt32LE(40) / wavBytes.readUInt32LE(28);
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(seconds).toBeLessThanOrEqual(5);
    expect(wav.url).toBe(`/media/${wav.id}`);
  });

  it('publishes three assignments with points and due dates covering every question type', async () => {
    const [school] = await t.store.school.listSchools();
    const [cls] = await t.store.roster.listClasses(SYSTEM, school!.id);
    const assignments = await t.store.content.listAssignments(SYSTEM, cls!.id);
    expect(assignments).toHaveLength(3);
    expect(assignments.every((a) => a.status === 'published' && a.dueAt !== null && new Date(a.dueAt) > new Date())).toBe(true);
    const questions = assignments.flatMap((a) => a.questions);
    expect(new Set(questions.map((q) => q.kind))).toEqual(new Set(['text', 'choice', 'photo', 'audio']));
    expect(questions.every((q) => q.points > 0)).toBe(true);
    expect(assignments.some((a) => a.groupId !== null)).toBe(true);
  });

  it('prints an enrolment code that enrols a tablet for a year', async () => {
    expect(new Date(info.enrolmentCodeExpiresAt).getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600_000);
    const res = await t.app.inject({ method: 'POST', url: '/api/devices/enrol', payload: { code: info.enrolmentCode, name: 'Tablette démo' } });
    expect(res.statusCode).toBe(201);
  });
});
