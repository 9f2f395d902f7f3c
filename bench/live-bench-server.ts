/**
 * The school server of `npm run bench:live`, in its own process (so its memory is its own):
 * one school, SESSIONS classes of TABLETS pupils, one enrolled tablet and one session per pupil,
 * a published assignment per class, a teacher of every class. Sends what the clients need over
 * IPC, then answers `mem` with its memory after a garbage collection.
 */
import { startTestApp } from '../tests/helpers/test-app.ts';
import { createClass, createSchool, createStudent, enrolDevice, openSession, publishAssignment } from '../tests/helpers/sync-fixtures.ts';
import { newToken } from '../server/auth/secrets.ts';

const SESSIONS = Number(process.env.SESSIONS ?? 30);
const TABLETS = Number(process.env.TABLETS ?? 30);

const t = await startTestApp();
const url = await t.listen();
const school = createSchool(t.store);
const classes: { classId: string; assignmentId: string; tablets: { deviceToken: string; studentToken: string }[] }[] = [];
t.store.db.transaction(() => {
  for (let c = 0; c < SESSIONS; c++) {
    const classId = createClass(t.store, school, `Classe ${c + 1}`);
    const assignmentId = publishAssignment(t.store, school, { classId, title: `Devoir ${c + 1}` });
    const tablets = [];
    for (let i = 0; i < TABLETS; i++) {
      const studentId = createStudent(t.store, school, classId, `Élève ${i + 1}`);
      const device = enrolDevice(t.store, school, classId);
      tablets.push({ deviceToken: device.deviceToken, studentToken: openSession(t.store, studentId, device.deviceId) });
    }
    classes.push({ classId, assignmentId, tablets });
  }
})();
const { token: teacherToken, hash } = newToken();
t.store.db.prepare(`INSERT INTO sessions (token_hash, kind, user_id, created_at, expires_at) VALUES (?, 'user', ?, ?, ?)`)
  .run(hash, school.teacherId, new Date().toISOString(), new Date(Date.now() + 86_400_000).toISOString());

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (m: { type: string }) => {
  if (m.type === 'mem') {
    gc?.();
    gc?.();
    const u = process.memoryUsage();
    process.send!({ type: 'mem', rss: u.rss, heapUsed: u.heapUsed, external: u.external, streams: t.app.liveHub.size.tablets });
  }
  if (m.type === 'stop') void t.close().then(() => process.exit(0));
});
process.send!({ type: 'ready', url, teacherToken, classes });
