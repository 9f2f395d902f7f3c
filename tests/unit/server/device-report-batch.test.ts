/**
 * The tablets' sync reports are written together (server/devices/device-report-batch.ts):
 * many pulls at once make few transactions, and still every report is in the database when
 * its pull is answered; over HTTP, a burst of 100 pulls with reports lands every report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createClass, createSchool, createStudent, enrolDevice, openSession, type School } from '../../helpers/sync-fixtures.ts';
import { DeviceReportBatch } from '../../../server/devices/device-report-batch.ts';
import { formatReportHeader, REPORT_HEADER } from '../../../src/protocol/sync.ts';
import type { Database } from '../../../server/store/repositories.ts';

let t: TestApp;
let school: School;
let classId: string;

beforeAll(async () => {
  t = await startTestApp();
  school = createSchool(t.store);
  classId = createClass(t.store, school);
});
afterAll(async () => { await t.close(); });

const row = (id: string) => t.store.db.prepare('SELECT pending_count, pending_bytes, app_version, last_sync_at FROM devices WHERE id = ?').get(id) as
  { pending_count: number | null; pending_bytes: number | null; app_version: string | null; last_sync_at: string | null };
const report = (n: number) => ({ pendingCount: n, pendingBytes: n * 100, storageUsage: null, storageQuota: null });

/** The test store's Database, counting its write transactions. */
function counting(): { db: Database; writes: () => number } {
  const inner = t.store.database;
  let writes = 0;
  const db: Database = {
    read: (fn) => inner.read(fn),
    write: (fn) => { writes++; return inner.write(fn); },
    backup: (f) => inner.backup(f),
    replaceWith: (f) => inner.replaceWith(f),
    close: () => inner.close(),
  };
  return { db, writes: () => writes };
}

describe('device reports, batched', () => {
  it('100 reports at once: every one is stored when its promise resolves, in a few transactions', async () => {
    const devices = Array.from({ length: 100 }, () => enrolDevice(t.store, school, classId).deviceId);
    const { db, writes } = counting();
    const batch = new DeviceReportBatch(db);
    const at = new Date().toISOString();
    await Promise.all(devices.map(async (id, i) => {
      await batch.report(id, `1.0.${i}`, report(i), at);
      // Answered only once committed: the row already says it.
      expect(row(id)).toMatchObject({ pending_count: i, pending_bytes: i * 100, app_version: `1.0.${i}`, last_sync_at: at });
    }));
    expect(writes()).toBeLessThanOrEqual(2);
    expect(batch.batches).toBe(writes());
  });

  it('a report and a "synced" of one tablet in one batch: the report stays; the latest report wins', async () => {
    const id = enrolDevice(t.store, school, classId).deviceId;
    const batch = new DeviceReportBatch(t.store.database);
    const at = new Date().toISOString();
    await Promise.all([batch.report(id, 'a', report(1), at), batch.synced(id, at), batch.report(id, 'b', report(2), at), batch.synced(id, at)]);
    expect(row(id)).toMatchObject({ pending_count: 2, app_version: 'b' });
  });

  it('reports that arrive while a batch is written go in the next one', async () => {
    const [a, b] = [enrolDevice(t.store, school, classId).deviceId, enrolDevice(t.store, school, classId).deviceId];
    const { db, writes } = counting();
    const batch = new DeviceReportBatch(db);
    const at = new Date().toISOString();
    const first = batch.report(a, 'x', report(5), at);
    await new Promise((r) => setImmediate(r)); // the first batch is being written now
    const second = batch.report(b, 'y', report(6), at);
    await Promise.all([first, second]);
    expect(writes()).toBe(2);
    expect(row(a).pending_count).toBe(5);
    expect(row(b).pending_count).toBe(6);
  });

  it('a failed write rejects its callers, and the next batch is written', async () => {
    const id = enrolDevice(t.store, school, classId).deviceId;
    let fail = true;
    const inner = t.store.database;
    const db: Database = { ...counting().db, write: (fn) => (fail ? Promise.reject(new Error('disk full')) : inner.write(fn)) };
    const batch = new DeviceReportBatch(db);
    await expect(batch.report(id, 'z', report(7), new Date().toISOString())).rejects.toThrow('disk full');
    fail = false;
    await batch.report(id, 'z', report(8), new Date().toISOString());
    expect(row(id).pending_count).toBe(8);
  });

  it('over HTTP: 100 pulls with a report at once, each tablet its own, all land', async () => {
    const tablets = Array.from({ length: 100 }, (_, i) => {
      const studentId = createStudent(t.store, school, classId, `Élève ${i}`);
      const device = enrolDevice(t.store, school, classId);
      return { ...device, token: openSession(t.store, studentId, device.deviceId), n: i + 1 };
    });
    const before = t.store.services.sync.reports.batches;
    const answers = await Promise.all(tablets.map((d) => t.app.inject({
      method: 'GET', url: '/api/sync/pull',
      headers: { authorization: `Bearer ${d.token}`, 'x-cartable-device': d.deviceToken, [REPORT_HEADER]: formatReportHeader('2.0.0', report(d.n)) },
    })));
    expect(answers.map((a) => a.statusCode)).toEqual(tablets.map(() => 200));
    for (const d of tablets) expect(row(d.deviceId)).toMatchObject({ pending_count: d.n, pending_bytes: d.n * 100, app_version: '2.0.0' });
    expect(t.store.services.sync.reports.batches - before).toBeLessThan(100);
  });
});
