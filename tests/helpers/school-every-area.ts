/**
 * Rows in every area of a school, made through the real routes of a listening server (SQLite
 * or PostgreSQL alike): from a school that already has a teacher, an IT referent, a class with
 * pupils, an enrolled tablet, a signed-in pupil and a published photo assignment, it hands the
 * work in (a photo by tus, a push), marks it (feedback, a photo annotation, a spoken comment),
 * returns it, sends a reminder, gives a pupil their own due date, prints a paper pack, runs a
 * live class with an activity, registers an app build, rolls it out to the class, rolls it back
 * (a build naming another), sets the update policy, has the tablet check in, and fails a
 * sign-in (a lock-out counter). Used by the migration test (every table must have rows) and
 * the two-schools test (none of it may leak).
 */
import { expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '../../server/services.ts';
import { registerBuildDir } from '../../server/updates/register-build.ts';
import { fakeJpeg, fakeWebm, sha256Hex, tusMetadata } from '../unit/media/media-bytes.ts';

export interface SchoolStart {
  base: string;
  /** For the app build (server-wide: DATA_DIR/builds and the app_builds table). */
  services: Pick<Services, 'updates'>;
  dataDir: string;
  teacherToken: string;
  itToken: string;
  classId: string;
  /** At least two pupils of the class; the first is signed in on the tablet. */
  studentIds: string[];
  deviceId: string;
  deviceToken: string;
  pupilToken: string;
  /** A published assignment of the class with a photo question. */
  assignmentId: string;
  photoQuestionId: string;
  /** Sent by `push` when the assignment has other questions to keep valid. */
  tag: string;
}

export interface EveryArea {
  attachmentId: string;
  submissionId: string;
  feedbackAudioId: string;
  liveSessionId: string;
  /** The build registered, then the rollback build that serves it again (the class's build now). */
  buildIds: string[];
  photo: Buffer;
}

export interface Res { status: number; text: string; json: unknown }

/** One HTTP call to the server at `base`: JSON (or raw bytes) in, status, text and JSON (when it is) out. */
export async function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Res> {
  const raw = body instanceof Uint8Array;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : raw ? new Uint8Array(body) : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try { json = JSON.parse(text); } catch { /* a PDF, or nothing: not JSON */ }
  return { status: res.status, text, json };
}

/** Fills every area of the school `s` (see the module doc); each step must succeed. */
export async function fillEveryArea(s: SchoolStart): Promise<EveryArea> {
  const ok = async (r: Promise<Res>, what: string, status = 200) => {
    const res = await r;
    expect(`${what} → ${res.status}`, res.text.slice(0, 300)).toBe(`${what} → ${status}`);
    return res.json as Record<string, unknown>;
  };
  const teacher = { authorization: `Bearer ${s.teacherToken}` };
  const it = { authorization: `Bearer ${s.itToken}` };
  const device = { 'x-cartable-device': s.deviceToken };
  const pupil = { ...device, authorization: `Bearer ${s.pupilToken}` };
  const c = (method: string, path: string, headers: Record<string, string>, body?: unknown) => call(s.base, method, path, headers, body);

  // The pupil hands a photo in: tus upload, then the push that submits the copy.
  const photo = fakeJpeg(30_000);
  const attachmentId = randomUUID();
  const created = await fetch(`${s.base}/files/uploads/`, {
    method: 'POST',
    headers: { ...pupil, 'tus-resumable': '1.0.0', 'upload-length': String(photo.length), 'upload-metadata': tusMetadata({ attachmentId, kind: 'photo', mime: 'image/jpeg', sha256: sha256Hex(photo) }) },
  });
  expect(created.status).toBe(201);
  const done = await fetch(new URL(created.headers.get('location')!, s.base), {
    method: 'PATCH', headers: { ...pupil, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(photo),
  });
  expect(done.headers.get('x-cartable-attachment')).toBe('complete');
  const push = await ok(c('POST', '/api/sync/push', pupil, {
    deviceId: s.deviceId, appVersion: 'test', report: { pendingCount: 0, pendingBytes: 0, storageUsage: null, storageQuota: null },
    mutations: [{ type: 'work.submit', seq: 1, mutationId: randomUUID(), assignmentId: s.assignmentId, baseVersion: null, assignmentVersion: 1, answers: [{ questionId: s.photoQuestionId, attachmentIds: [attachmentId] }], clientAt: new Date().toISOString() }],
  }), 'push');
  const result = (push as { results: { status: string; submission: { id: string } }[] }).results[0]!;
  expect(result.status).toBe('applied');
  const submissionId = result.submission.id;

  // Marking: feedback, an annotation over the photo, a spoken comment; then the copy is returned.
  await ok(c('PUT', `/api/submissions/${submissionId}/feedback`, teacher, { perQuestion: [], comment: `Bien vu (${s.tag})`, mark: 2, maxMark: 2 }), 'feedback');
  await ok(c('PUT', `/api/submissions/${submissionId}/attachments/${attachmentId}/annotations`, teacher, { marks: [{ kind: 'tick', colour: 'green', x: 0.5, y: 0.5 }] }), 'annotation');
  const audio = await ok(c('POST', `/api/submissions/${submissionId}/feedback/audio?durationMs=3000`, { ...teacher, 'content-type': 'audio/webm' }, new Uint8Array(fakeWebm(5000))), 'spoken comment');
  const feedbackAudioId = (audio.audio as { id: string }).id;
  await ok(c('POST', `/api/submissions/${submissionId}/return`, teacher), 'return');

  // Follow-up: a reminder to those who have not handed in, a pupil's own due date.
  await ok(c('POST', `/api/assignments/${s.assignmentId}/reminders`, teacher, { message: `N'oublie pas (${s.tag})` }), 'reminder');
  await ok(c('PUT', `/api/assignments/${s.assignmentId}/students/${s.studentIds[1]}/due`, teacher, { dueAt: new Date(Date.now() + 7 * 86400_000).toISOString() }), 'due date');

  // Paper homework: a pack printed for the second pupil.
  const pack = await c('POST', `/api/assignments/${s.assignmentId}/paper-pack`, teacher, { studentIds: [s.studentIds[1]] });
  expect(pack.status, pack.text.slice(0, 200)).toBe(200);
  expect(pack.text.startsWith('%PDF')).toBe(true);
  // A sheet that came back whose code could not be read: it waits in the tray « À attribuer ».
  await ok(c('POST', `/api/assignments/${s.assignmentId}/paper-returns`, { ...teacher, 'content-type': 'image/jpeg' }, new Uint8Array(fakeJpeg(20_000))), 'returned sheet', 201);

  // The live class: a session with an activity pushed to the tablets.
  const live = await ok(c('POST', '/api/live/sessions', teacher, { classId: s.classId }), 'live session');
  const liveSessionId = live.id as string;
  await ok(c('POST', `/api/live/sessions/${liveSessionId}/activity`, teacher, { kind: 'assignment', id: s.assignmentId }), 'live activity');

  // Updates: a build registered, rolled out to the class, rolled back (a new build naming it),
  // the school's policy set, the tablet's check-in.
  const dist = mkdtempSync(join(tmpdir(), 'cartable-build-'));
  mkdirSync(join(dist, 'assets'));
  const version = `1.${Math.floor(Math.random() * 1000)}.0`;
  writeFileSync(join(dist, 'index.html'), `<!doctype html><meta name="cartable-version" content="${version}"><div id="app"></div>`);
  writeFileSync(join(dist, 'sw.js'), `/* sw ${version} ${s.tag} */`);
  writeFileSync(join(dist, 'assets', 'index.js'), `console.log(${JSON.stringify(s.tag)});`);
  const { build } = await registerBuildDir(s.services, s.dataDir, dist);
  await ok(c('PUT', '/api/updates/rollout', it, { scope: 'class', targetId: s.classId, buildId: build.id }), 'rollout');
  const rolledBack = await ok(c('POST', `/api/updates/builds/${build.id}/rollback`, it, { scope: 'class', targetId: s.classId }), 'rollback');
  const rollback = (rolledBack.builds as { id: string; rollbackOf: number | null }[]).find((b) => b.rollbackOf === build.number)!;
  const buildIds = [build.id, rollback.id];
  const settings = (await ok(c('GET', '/api/updates', it), 'updates')).settings as { window: unknown };
  await ok(c('PUT', '/api/updates/settings', it, { minimumVersion: '0.0.1', window: settings.window }), 'update settings');
  await ok(c('POST', '/api/device/app-status', device, { version, buildId: build.id, failedStarts: 0, uncaughtErrors: 1, lastError: `TypeError (${s.tag})` }), 'check-in');

  // A wrong secret: the sign-in failure counter.
  const wrong = await c('POST', '/api/auth/student', device, { studentId: s.studentIds[1], secret: '0000' });
  expect(wrong.status).toBe(401);

  return { attachmentId, submissionId, feedbackAudioId, liveSessionId, buildIds, photo };
}
