/**
 * Tombstone retention: old deletions are purged from the change log; a tablet whose cursor
 * predates the purge resyncs (410), while a tablet that synced since keeps pulling normally and
 * still receives the recent deletions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createClass, createSchool, createStudent, enrolDevice, openSession, publishAssignment, unpublishAssignment } from '../../helpers/sync-fixtures.ts';
import { DEFAULT_TOMBSTONE_DAYS, purgeOldTombstones, tombstoneDaysFromEnv } from '../../../server/sync/sync-maintenance.ts';
import type { PullResponse } from '../../../src/protocol/sync.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('tombstone purge', () => {
  it('drops only tombstones older than the retention; older cursors get 410, newer ones keep syncing', async () => {
    const school = createSchool(t.store);
    const c = createClass(t.store, school);
    const s = createStudent(t.store, school, c);
    const dev = enrolDevice(t.store, school, c);
    const token = openSession(t.store, s, dev.deviceId);
    const pull = async (cursor: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/sync/pull?${new URLSearchParams({ cursor })}`, headers: { authorization: `Bearer ${token}`, 'x-cartable-device': dev.deviceToken } });
      return { status: res.statusCode, body: res.json() as PullResponse };
    };

    const beforeOld = (await pull('')).body.cursor;
    const old = publishAssignment(t.store, school, { classId: c });
    unpublishAssignment(t.store, old);
    // That deletion happened 200 days ago.
    t.store.db.prepare("UPDATE changes SET at = ? WHERE entity_id = ?").run(new Date(Date.now() - 200 * 24 * 3600_000).toISOString(), old);
    const betweenCursor = (await pull(beforeOld)).body.cursor;
    const recent = publishAssignment(t.store, school, { classId: c });
    unpublishAssignment(t.store, recent);
    const tombstones = () => t.store.db.prepare("SELECT entity_id FROM changes WHERE op = 'delete' ORDER BY seq").pluck().all();
    expect(tombstones()).toEqual([old, recent]);

    const r = await purgeOldTombstones(t.store.sync, DEFAULT_TOMBSTONE_DAYS);
    expect(r.removed).toBe(1);
    expect(tombstones()).toEqual([recent]);

    expect((await pull(beforeOld)).status).toBe(410);
    const after = await pull(betweenCursor);
    expect(after.status).toBe(200);
    expect(after.body.changes).toEqual([{ op: 'delete', entity: 'assignment', id: recent, scope: `class:${c}` }]);

    // Nothing old left: a second purge changes nothing and keeps the watermark.
    expect((await purgeOldTombstones(t.store.sync, DEFAULT_TOMBSTONE_DAYS)).removed).toBe(0);
    expect((await pull(betweenCursor)).status).toBe(200);
  });

  it('reads the retention from SYNC_TOMBSTONE_DAYS, refusing nonsense', () => {
    expect(tombstoneDaysFromEnv({})).toBe(DEFAULT_TOMBSTONE_DAYS);
    expect(tombstoneDaysFromEnv({ SYNC_TOMBSTONE_DAYS: '30' })).toBe(30);
    for (const bad of ['0', '-3', '1.5', 'abc', '99999']) expect(() => tombstoneDaysFromEnv({ SYNC_TOMBSTONE_DAYS: bad }), bad).toThrow(/SYNC_TOMBSTONE_DAYS/);
  });
});
