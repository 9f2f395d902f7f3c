/**
 * The live class across two server processes on one PostgreSQL (two databases, coordinations
 * and hubs in this test process, each with its own connections): a command sent through
 * process 1 reaches a tablet streaming from process 2 (LISTEN/NOTIFY), and that tablet's
 * presence reaches the room read on process 1.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { postgresCoordination } from '../../../../server/cluster/coordination.ts';
import { createServices, type Services } from '../../../../server/services.ts';
import { FsBlobStore } from '../../../../server/blobs/fs-blob-store.ts';
import { LiveHub, type LiveSink } from '../../../../server/live/live-hub.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { activateServerKey } from '../../../../server/auth/server-key.ts';
import type { TabletLiveState } from '../../../../src/protocol/live.ts';

let server: TestPostgres;
const processes: { services: Services; db: PostgresDatabase; hub: LiveHub }[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'cartable-live-'));
  activateServerKey(dataDir); // the pepper of the passwords and secrets the fixture hashes
  const blobs = new FsBlobStore(join(dataDir, 'blobs'));
  for (let i = 0; i < 2; i++) {
    const db = await PostgresDatabase.open(server.url);
    const services = createServices(db, blobs, await postgresCoordination(server.url));
    processes.push({ services, db, hub: new LiveHub(services.live) });
  }
});
afterAll(async () => {
  for (const p of processes) {
    p.hub.close();
    await p.services.coordination.close();
    await p.db.close();
  }
  await server.stop();
});

async function waitFor<T>(what: string, read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('a command through one process reaches a tablet on the other, and its presence comes back', async () => {
  const [one, two] = processes as [(typeof processes)[0], (typeof processes)[0]];
  const s = one.services;
  const school = await s.school.createSchool('Collège Réparti');
  const teacher = await s.school.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: 'prof.reparti', displayName: 'Mme Répartie', password: 'pass-word-1' });
  const cls = await s.roster.createClass(SYSTEM, { name: '5e B', teacherIds: [teacher.id] }, school.id);
  const lea = await s.roster.createStudent(SYSTEM, cls.id, { firstName: 'Léa', lastName: 'Martin', secret: '1234' });
  const code = await s.devices.issueCode(SYSTEM, { schoolId: school.id, classId: cls.id, createdBy: teacher.id });
  const device = await s.devices.enrol(code.code, 'Tablette 7');

  const events: { event: string; data: unknown }[] = [];
  const sink: LiveSink = { send: (event, data) => (events.push({ event, data }), true), ping: () => true, close: () => undefined };
  await two.hub.addTablet({ sink, studentId: lea.id, classId: cls.id, groupIds: new Set(), deviceId: device.deviceId, deviceName: 'Tablette 7', stillValid: async () => true });
  expect(events[0]).toEqual({ event: 'state', data: { sessions: [] } });

  const session = await s.live.start(SYSTEM, cls.id, null);
  await waitFor('the session on process 2', () => events.at(-1)?.data as TabletLiveState, (d) => d.sessions.length === 1);
  await s.live.attention(SYSTEM, session.id, true);
  const state = await waitFor('attention on process 2', () => events.at(-1)?.data as TabletLiveState, (d) => !!d.sessions[0]?.attentionSince);
  expect(state.sessions[0]).toMatchObject({ id: session.id, teacherName: 'Mme Répartie' });

  // The tablet announced itself on process 2: process 1's room sees Léa online on her tablet.
  const room = await waitFor('Léa online in the room of process 1', () => s.live.room(SYSTEM, session.id), (r) => r.pupils[0]?.online === true);
  expect(room.pupils[0]).toMatchObject({ firstName: 'Léa', deviceName: 'Tablette 7' });
  await s.live.end(SYSTEM, session.id);
  await waitFor('the end on process 2', () => events.at(-1)?.data as TabletLiveState, (d) => d.sessions.length === 0);
});
