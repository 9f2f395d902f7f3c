/**
 * The enrolment's answer says the server's protocol (every /api answer does): the tablet keeps
 * it, so its first sync sends its pull at once instead of asking /api/health first — one round
 * trip of the hotspot less before a fresh tablet's first lesson arrives (bench:sync).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { openSession } from '../../helpers/sync-fixtures.ts';
import { auth, makeFixture, type Fixture } from '../server/console/school-fixture.ts';
import { enrolDevice } from '../../../src/sync/page/api-client.ts';
import { saveEnrolment } from '../../../src/db/session-repository.ts';
import { CartableDb } from '../../../src/db/schema.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import { PROTOCOL_VERSION } from '../../../src/protocol/wire.ts';

let t: TestApp;
let url: string;
let f: Fixture;
beforeAll(async () => {
  t = await startTestApp();
  url = await t.listen();
  f = await makeFixture(t);
});
afterAll(async () => { await t?.close(); });

test('a tablet enrolled by the app knows the server’s protocol: its first sync is the pull, no /api/health first', async () => {
  const code = (await t.app.inject({ method: 'POST', url: '/api/devices/codes', headers: auth(f.tokens.it), payload: { classId: f.classA } })).json().code as string;
  const enrol = await enrolDevice({ code, name: 'Tablette 9' }, { baseUrl: url });
  expect(enrol.serverProtocol).toBe(PROTOCOL_VERSION);
  const db = new CartableDb(`enrol-protocol-${enrol.deviceId}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await saveEnrolment(db, enrol, 'Tablette 9');
  expect((await db.syncState.get('*'))?.serverProtocol).toBe(PROTOCOL_VERSION);

  const studentId = f.students[0]!;
  await db.localSessions.put({
    studentId, classId: f.classA, firstName: 'X', lastName: 'Y', token: openSession(t.store, studentId, enrol.deviceId), expiresAt: null, verifier: null,
    lastSignInAt: new Date().toISOString(), failedAttempts: 0, lockedUntil: null,
  });
  const paths: string[] = [];
  const recording: typeof fetch = (input, init) => { paths.push(new URL(String(input)).pathname); return fetch(input, init); };
  const out = await new SyncEngine({ db, baseUrl: url, appVersion: 'test', fetch: recording, uploader: null }).runCycle();
  expect(out.ok).toBe(true);
  expect(out.pulled).toBeGreaterThan(0);
  expect(paths).toEqual(['/api/sync/pull']);
});
