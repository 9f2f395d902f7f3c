/**
 * Sharding by school id: two schools on ONE PostgreSQL (and one bucket), each with its IT
 * referent, teacher, class « 5e B » (same name), pupils (same names), an enrolled tablet, a
 * lesson with an image, an assignment handed in with a photo, and rows in every later area
 * (tests/helpers/school-every-area.ts: feedback, a photo annotation, a spoken comment, a
 * reminder, a pupil's due date, a paper pack, a live class, an update rollout and policy, the
 * tablet's check-in, the audit log) — all made through the real routes. Then, both ways, nothing
 * of one school is visible or writable from the other: the pupil's full sync pull, the tablet's
 * roster and live state, the console's lists (updates, audit log and its CSV, paper packs, the
 * live class), media, attachments and spoken comments by id, and every id of the other school
 * answers 404 (as an id that does not exist). App builds are the shard's software, not a
 * school's: both schools see the list of builds (docs/SCALING.md), nothing else of the updates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../../../server/app.ts';
import { createServices, type Services } from '../../../../server/services.ts';
import { activateServerKey } from '../../../../server/auth/server-key.ts';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { S3BlobStore } from '../../../../server/blobs/s3-blob-store.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';
import { startTestS3, type TestS3 } from '../../../helpers/test-s3.ts';
import { fakeJpeg, fakeWebm } from '../../media/media-bytes.ts';
import { call as callAt, fillEveryArea } from '../../../helpers/school-every-area.ts';

const PASSWORD = 'correct horse battery';
const SECRET = '2468';
let pgServer: TestPostgres;
let s3: TestS3;
let dataDir: string;
let db: PostgresDatabase;
let blobs: S3BlobStore;
let services: Services;
let app: App;
let base: string;

beforeAll(async () => {
  [pgServer, s3] = await Promise.all([startTestPostgres(), startTestS3()]);
  dataDir = mkdtempSync(join(tmpdir(), 'cartable-2schools-'));
  activateServerKey(dataDir);
  db = await PostgresDatabase.open(pgServer.url);
  blobs = new S3BlobStore(s3.settings);
  services = createServices(db, blobs);
  app = await buildApp({ services, config: { dataDir, staticDir: null, logRequests: false, appVersion: 'test' } });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  blobs?.close();
  await pgServer?.stop();
  await s3?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => callAt(base, method, path, headers, body);
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

interface SchoolWorld {
  schoolId: string; classId: string; studentIds: string[]; userIds: string[]; deviceId: string; deviceToken: string;
  lessonId: string; mediaId: string; assignmentId: string; attachmentId: string; submissionId: string;
  it: string; teacher: string; pupil: string; pupilHeaders: Record<string, string>; photo: Buffer;
  feedbackAudioId: string; liveSessionId: string; buildIds: string[];
  /** Written into its free texts (feedback, reminder, a tablet's error): must never reach the other school. */
  marker: string;
}

async function makeSchool(tag: string): Promise<SchoolWorld> {
  const school = await services.school.createSchool(`Collège ${tag}`);
  const it = await services.school.createUser(SYSTEM, { schoolId: school.id, role: 'it', login: `it.${tag}`, displayName: `IT ${tag}`, password: PASSWORD });
  const teacher = await services.school.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: `prof.${tag}`, displayName: `Prof ${tag}`, password: PASSWORD });
  const cls = await services.roster.createClass(SYSTEM, { name: '5e B', teacherIds: [teacher.id] }, school.id);
  const studentIds: string[] = [];
  for (const [firstName, lastName] of [['Léa', 'Martin'], ['Hugo', 'Bernard']]) {
    studentIds.push((await services.roster.createStudent(SYSTEM, cls.id, { firstName: firstName!, lastName: lastName!, secret: SECRET })).id);
  }
  const login = async (l: string) => ((await call('POST', '/api/auth/login', {}, { login: l, password: PASSWORD })).json as { token: string }).token;
  const itToken = await login(`it.${tag}`);
  const teacherToken = await login(`prof.${tag}`);
  const t = bearer(teacherToken);

  const lesson = await call('POST', `/api/classes/${cls.id}/lessons`, t, { title: `Leçon ${tag}`, bodyMarkdown: '# Les fractions' });
  expect(lesson.status).toBe(201);
  const lessonId = (lesson.json as { id: string }).id;
  const media = await call('POST', `/api/lessons/${lessonId}/media?name=schema.jpg`, { ...t, 'content-type': 'image/jpeg' }, new Uint8Array(fakeJpeg(3000)));
  expect(media.status).toBe(201);
  expect((await call('POST', `/api/lessons/${lessonId}/publish`, t, {})).status).toBe(200);
  const asg = await call('POST', `/api/classes/${cls.id}/assignments`, t, {
    title: `Devoir ${tag}`, instructionsMarkdown: 'Photographie ta feuille.', dueAt: null,
    questions: [{ id: 'q1', kind: 'photo', prompt: 'Ta feuille', points: 2 }],
  });
  expect(asg.status).toBe(201);
  const assignmentId = (asg.json as { id: string }).id;
  expect((await call('POST', `/api/assignments/${assignmentId}/publish`, t, {})).status).toBe(200);

  const code = await call('POST', '/api/devices/codes', bearer(itToken), { classId: cls.id });
  const enrol = await call('POST', '/api/devices/enrol', {}, { code: (code.json as { code: string }).code, name: `Tablette ${tag}` });
  expect(enrol.status).toBe(201);
  const { deviceId, deviceToken } = enrol.json as { deviceId: string; deviceToken: string };
  const signIn = await call('POST', '/api/auth/student', { 'x-cartable-device': deviceToken }, { studentId: studentIds[0], secret: SECRET });
  expect(signIn.status).toBe(200);
  const pupil = (signIn.json as { token: string }).token;
  const pupilHeaders = { ...bearer(pupil), 'x-cartable-device': deviceToken };

  const marker = `marque-${tag}-${randomUUID().slice(0, 8)}`;
  const every = await fillEveryArea({
    base, services, dataDir, teacherToken, itToken, classId: cls.id, studentIds, deviceId, deviceToken, pupilToken: pupil,
    assignmentId, photoQuestionId: 'q1', tag: marker,
  });
  return {
    schoolId: school.id, classId: cls.id, studentIds, userIds: [it.id, teacher.id], deviceId, deviceToken, lessonId,
    mediaId: (media.json as { id: string }).id, assignmentId, attachmentId: every.attachmentId, submissionId: every.submissionId,
    it: itToken, teacher: teacherToken, pupil, pupilHeaders, photo: every.photo,
    feedbackAudioId: every.feedbackAudioId, liveSessionId: every.liveSessionId, buildIds: every.buildIds, marker,
  };
}

const idsOf = (w: SchoolWorld) => [w.schoolId, w.classId, ...w.studentIds, ...w.userIds, w.deviceId, w.lessonId, w.mediaId, w.assignmentId, w.attachmentId, w.submissionId, w.feedbackAudioId, w.liveSessionId, w.marker];

describe('two schools on one PostgreSQL', () => {
  let a: SchoolWorld;
  let b: SchoolWorld;
  beforeAll(async () => {
    a = await makeSchool('a');
    b = await makeSchool('b');
  }, 60_000);

  for (const [me, other] of [['a', 'b'], ['b', 'a']] as const) {
    it(`shows school ${me} nothing of school ${other} and lets it write nothing there`, async () => {
      const x = me === 'a' ? a : b;
      const y = other === 'a' ? a : b;
      const foreign = idsOf(y);
      const leaks = (text: string) => foreign.filter((id) => text.includes(id));

      // Its own world works (so the 404s below are not a broken server).
      expect((await call('GET', `/files/attachments/${x.attachmentId}`, x.pupilHeaders)).status).toBe(200);
      expect((await call('GET', `/media/${x.mediaId}`, x.pupilHeaders)).status).toBe(200);

      // The pupil's whole pull, the tablet's roster, the console's lists: no id of the other school.
      let cursor = '';
      let pulled = '';
      for (;;) {
        const page = await call('GET', `/api/sync/pull?cursor=${encodeURIComponent(cursor)}`, x.pupilHeaders);
        expect(page.status).toBe(200);
        pulled += page.text;
        const p = page.json as unknown as { cursor: string; hasMore: boolean };
        cursor = p.cursor;
        if (!p.hasMore) break;
      }
      expect(pulled).toContain(x.lessonId);
      expect(pulled).toContain(x.assignmentId);
      expect(leaks(pulled)).toEqual([]);
      const teacher = bearer(x.teacher);
      const it = bearer(x.it);
      const lists = [
        await call('GET', '/api/device/roster', { 'x-cartable-device': x.deviceToken }),
        await call('GET', '/api/classes', teacher), await call('GET', '/api/classes', it),
        await call('GET', '/api/users', it), await call('GET', '/api/devices', it), await call('GET', '/api/school', it),
        await call('GET', `/api/classes/${x.classId}/students`, it), await call('GET', `/api/classes/${x.classId}/lessons`, teacher),
        await call('GET', `/api/assignments/${x.assignmentId}/submissions`, teacher), await call('GET', `/api/submissions/${x.submissionId}`, teacher),
        await call('GET', '/api/live/current', x.pupilHeaders), await call('GET', `/api/classes/${x.classId}/live`, teacher),
        await call('GET', `/api/live/sessions/${x.liveSessionId}/room`, teacher), await call('GET', `/api/assignments/${x.assignmentId}/paper-packs`, teacher),
        await call('GET', '/api/audit', it), await call('GET', '/api/audit.csv', it), await call('GET', '/api/updates', it),
      ];
      for (const l of lists) {
        expect(l.status).toBe(200);
        expect(leaks(l.text)).toEqual([]);
      }
      // …and they do show this school's own (so the lists above were not empty).
      const [audit, auditCsv, updates] = lists.slice(-3);
      expect(audit!.text).toContain(`Prof ${me}`);
      expect(auditCsv!.text).toContain(`Prof ${me}`);
      for (const t of [audit!.text, auditCsv!.text]) expect(t).not.toContain(`Prof ${other}`);
      expect(updates!.text).toContain(x.deviceId);
      expect(updates!.text).toContain(x.marker); // the tablet's reported error
      expect(lists.at(-4)!.text).toContain(x.studentIds[1]); // the paper pack
      expect(lists.at(-7)!.text).toContain(x.liveSessionId); // the pupil's live class

      // Every id of the other school, read or written: 404, as an id that does not exist.
      const notFound = [
        ['GET', `/media/${y.mediaId}`, x.pupilHeaders], ['GET', `/files/attachments/${y.attachmentId}`, x.pupilHeaders],
        ['GET', `/media/${y.mediaId}`, teacher], ['GET', `/files/attachments/${y.attachmentId}`, teacher],
        ['GET', `/api/classes/${y.classId}/students`, it], ['GET', `/api/classes/${y.classId}/lessons`, teacher],
        ['GET', `/api/classes/${y.classId}/assignments`, teacher], ['GET', `/api/classes/${y.classId}/groups`, it],
        ['GET', `/api/lessons/${y.lessonId}`, teacher], ['GET', `/api/assignments/${y.assignmentId}`, teacher],
        ['GET', `/api/assignments/${y.assignmentId}/submissions`, teacher], ['GET', `/api/submissions/${y.submissionId}`, teacher],
        ['PATCH', `/api/lessons/${y.lessonId}`, teacher, { title: 'Piratée' }], ['DELETE', `/api/lessons/${y.lessonId}`, teacher],
        ['POST', `/api/lessons/${y.lessonId}/unpublish`, teacher, {}], ['POST', `/api/assignments/${y.assignmentId}/unpublish`, teacher, {}],
        ['POST', `/api/classes/${y.classId}/lessons`, teacher, { title: 'Intruse', bodyMarkdown: 'x' }],
        ['POST', `/api/submissions/${y.submissionId}/return`, teacher, {}],
        ['PATCH', `/api/classes/${y.classId}`, it, { name: 'Piratée' }], ['PATCH', `/api/students/${y.studentIds[0]}`, it, { firstName: 'Pirate' }],
        ['POST', `/api/classes/${y.classId}/students`, it, { firstName: 'Intrus', lastName: 'X', secret: SECRET }],
        ['PATCH', `/api/users/${y.userIds[1]}`, it, { displayName: 'Pirate' }], ['POST', `/api/devices/${y.deviceId}/revoke`, it],
        // Marking and follow-up.
        ['PUT', `/api/submissions/${y.submissionId}/feedback`, teacher, { perQuestion: [], comment: 'Intrus', mark: 0, maxMark: 2 }],
        ['PUT', `/api/submissions/${y.submissionId}/attachments/${y.attachmentId}/annotations`, teacher, { marks: [] }],
        ['POST', `/api/submissions/${y.submissionId}/send-back`, teacher, { message: 'À refaire' }],
        ['DELETE', `/api/submissions/${y.submissionId}/feedback/audio`, teacher],
        ['GET', `/media/feedback/${y.feedbackAudioId}`, teacher], ['GET', `/media/feedback/${y.feedbackAudioId}`, x.pupilHeaders],
        ['POST', `/api/assignments/${y.assignmentId}/reminders`, teacher, {}],
        ['PUT', `/api/assignments/${y.assignmentId}/students/${y.studentIds[1]}/due`, teacher, { dueAt: new Date(Date.now() + 86400_000).toISOString() }],
        // Paper homework.
        ['POST', `/api/assignments/${y.assignmentId}/paper-pack`, teacher, { studentIds: [y.studentIds[1]] }],
        ['GET', `/api/assignments/${y.assignmentId}/paper-packs`, teacher],
        ['POST', `/api/assignments/${y.assignmentId}/paper-packs/sent`, teacher, { studentIds: [y.studentIds[1]] }],
        // The live class.
        ['GET', `/api/classes/${y.classId}/live`, teacher], ['POST', '/api/live/sessions', teacher, { classId: y.classId }],
        ['GET', `/api/live/sessions/${y.liveSessionId}/room`, teacher], ['GET', `/api/live/sessions/${y.liveSessionId}/events`, teacher],
        ['POST', `/api/live/sessions/${y.liveSessionId}/activity`, teacher, { kind: null }],
        ['POST', `/api/live/sessions/${y.liveSessionId}/attention`, teacher, { on: true }],
        ['POST', `/api/live/sessions/${y.liveSessionId}/collect`, teacher], ['POST', `/api/live/sessions/${y.liveSessionId}/end`, teacher],
        // Updates: the other school's class and tablet.
        ['PUT', '/api/updates/rollout', it, { scope: 'class', targetId: y.classId, buildId: x.buildIds[0] }],
        ['PUT', '/api/updates/rollout', it, { scope: 'device', targetId: y.deviceId, buildId: x.buildIds[0] }],
        ['POST', `/api/updates/builds/${x.buildIds[0]}/rollback`, it, { scope: 'class', targetId: y.classId }],
      ] as const;
      for (const [method, path, headers, body] of notFound) {
        const r = await call(method, path, { ...headers }, body);
        expect(`${method} ${path} → ${r.status}`).toBe(`${method} ${path} → 404`);
        expect(leaks(r.text)).toEqual([]);
      }
      const codeForTheirClass = await call('POST', '/api/devices/codes', it, { classId: y.classId });
      expect(codeForTheirClass.status).toBe(404);
      const audioOnTheirs = await call('POST', `/api/submissions/${y.submissionId}/feedback/audio?durationMs=2000`, { ...teacher, 'content-type': 'audio/webm' }, new Uint8Array(fakeWebm(4000)));
      expect(audioOnTheirs.status).toBe(404);
      const paperOnTheirs = await call('POST', `/api/assignments/${y.assignmentId}/students/${y.studentIds[0]}/paper`, { ...teacher, 'content-type': 'image/jpeg' }, new Uint8Array(fakeJpeg(4000)));
      expect(paperOnTheirs.status).toBe(404);

      // A pupil of the other school cannot sign in on this school's tablet; a push naming the
      // other school's assignment is refused and leaves no work there.
      const signIn = await call('POST', '/api/auth/student', { 'x-cartable-device': x.deviceToken }, { studentId: y.studentIds[1], secret: SECRET });
      expect(signIn.status).toBeGreaterThanOrEqual(400);
      expect(signIn.status).toBeLessThan(500);
      const push = await call('POST', '/api/sync/push', x.pupilHeaders, {
        deviceId: x.deviceId, appVersion: 'test', report: { pendingCount: 0, pendingBytes: 0, storageUsage: null, storageQuota: null },
        mutations: [{ type: 'work.submit', seq: 2, mutationId: randomUUID(), assignmentId: y.assignmentId, baseVersion: null, assignmentVersion: 1, answers: [{ questionId: 'q1', attachmentIds: [y.attachmentId] }], clientAt: new Date().toISOString() }],
      });
      expect(push.status).toBe(200);
      expect((push.json as unknown as { results: { status: string }[] }).results[0]!.status).toBe('rejected');

      // The other school is as it was.
      const theirs = await services.db.read(async (tx) => ({
        lesson: await tx.lessons.byId(y.lessonId), cls: await tx.classes.byId(y.classId), device: await tx.devices.byId(y.deviceId),
        student: await tx.students.byId(y.studentIds[0]!), mine: await tx.submissions.byAssignmentAndStudent(y.assignmentId, x.studentIds[0]!),
      }));
      expect(theirs.lesson).toMatchObject({ title: `Leçon ${other}`, status: 'published' });
      expect(theirs.lesson?.deletedAt ?? null).toBeNull();
      expect(theirs.cls?.name).toBe('5e B');
      expect(theirs.device?.revokedAt ?? null).toBeNull();
      expect(theirs.student?.firstName).toBe('Léa');
      expect(theirs.mine ?? null).toBeNull();
      expect((await call('GET', `/files/attachments/${y.attachmentId}`, y.pupilHeaders)).status).toBe(200);
      const rows = async (sql: string, params: unknown[]) => (await db.pool.query(sql, params)).rows;
      expect(await rows('SELECT ended_at, activity_kind, attention_since FROM live_sessions WHERE id = $1', [y.liveSessionId])).toEqual([{ ended_at: null, activity_kind: 'assignment', attention_since: null }]);
      expect(await rows('SELECT sent_at FROM paper_packs WHERE assignment_id = $1', [y.assignmentId])).toEqual([{ sent_at: null }]);
      expect(await rows("SELECT scope, target_id, build_id FROM app_rollouts WHERE school_id = $1", [y.schoolId])).toEqual([{ scope: 'class', target_id: y.classId, build_id: y.buildIds.at(-1) }]);
      expect(await rows('SELECT comment FROM feedback WHERE submission_id = $1', [y.submissionId])).toEqual([{ comment: `Bien vu (${y.marker})` }]);
      expect(await rows('SELECT COUNT(*)::int AS n FROM feedback_audio WHERE submission_id = $1 AND detached_at IS NULL', [y.submissionId])).toEqual([{ n: 1 }]);
      expect(await rows('SELECT COUNT(*)::int AS n FROM reminders WHERE assignment_id = $1', [y.assignmentId])).toEqual([{ n: 1 }]);
      expect(await rows("SELECT COUNT(*)::int AS n FROM audit_log WHERE school_id = $1 AND actor_name = 'Prof ' || $2", [x.schoolId, other])).toEqual([{ n: 0 }]);
    });
  }
});
