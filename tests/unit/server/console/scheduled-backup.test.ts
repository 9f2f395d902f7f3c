/** Nightly backups: the schedule from the environment, the next run, retention, and the IT screen's status. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { backupScheduleFromEnv, nextBackupAt, runScheduledBackup, scheduleBackups } from '../../../../server/backup/scheduled-backup.ts';
import { auth } from './school-fixture.ts';

let t: TestApp | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('scheduled backups', () => {
  it('are on by default in DATA_DIR/backups at 2 o’clock keeping 7, off with BACKUP_DIR=off, and refuse bad values', () => {
    expect(backupScheduleFromEnv({}, '/srv/data')).toEqual({ dir: '/srv/data/backups', hour: 2, keep: 7 });
    expect(backupScheduleFromEnv({ BACKUP_DIR: '/mnt/usb', BACKUP_HOUR: '23', BACKUP_KEEP: '30' }, '/srv/data')).toEqual({ dir: '/mnt/usb', hour: 23, keep: 30 });
    expect(backupScheduleFromEnv({ BACKUP_DIR: 'off' }, '/srv/data').dir).toBeNull();
    expect(() => backupScheduleFromEnv({ BACKUP_HOUR: '24' }, '/d')).toThrow(/BACKUP_HOUR/);
    expect(() => backupScheduleFromEnv({ BACKUP_KEEP: '0' }, '/d')).toThrow(/BACKUP_KEEP/);
  });

  it('run next at the hour: later today, or tomorrow once it has passed', () => {
    const evening = new Date(2026, 2, 10, 21, 30);
    expect(nextBackupAt(evening, 2)).toEqual(new Date(2026, 2, 11, 2, 0));
    expect(nextBackupAt(new Date(2026, 2, 11, 1, 59), 2)).toEqual(new Date(2026, 2, 11, 2, 0));
    expect(nextBackupAt(new Date(2026, 2, 11, 2, 0), 2)).toEqual(new Date(2026, 2, 12, 2, 0));
  });

  it('write an archive a night, keep the newest BACKUP_KEEP, and the IT screen shows the last one and the next', async () => {
    t = await startTestApp();
    const school = await t.store.school.createSchool('Collège Jean Moulin');
    await t.store.school.createUser(SYSTEM, { schoolId: school.id, role: 'it', login: 'referent', displayName: 'IT', password: 'backup-pw-1' });
    const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'referent', password: 'backup-pw-1' } })).json().token as string;
    const dir = mkdtempSync(join(tmpdir(), 'cartable-nightly-'));
    dirs.push(dir);
    const schedule = { dir, hour: 2, keep: 2 };
    t.store.backup.configureSchedule(schedule);

    const before = (await t.app.inject({ method: 'GET', url: '/api/backup/status', headers: auth(token) })).json();
    expect(before).toMatchObject({ enabled: true, dir, hour: 2, keep: 2, last: null });
    for (const day of [1, 2, 3]) {
      const r = await runScheduledBackup(t.store.backup, schedule, t.dataDir, new Date(2026, 2, day, 2, 0));
      expect(r.ok).toBe(true);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tar')).sort()).toEqual(['cartable-20260302-0200.tar', 'cartable-20260303-0200.tar']);
    const status = (await t.app.inject({ method: 'GET', url: '/api/backup/status', headers: auth(token) })).json();
    expect(status.last).toMatchObject({ ok: true, file: join(dir, 'cartable-20260303-0200.tar'), error: null });
    expect(status.last.size).toBeGreaterThan(4096);
    expect(new Date(status.nextAt).getHours()).toBe(2);

    // A failure is recorded with its code, and shown.
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const broken = { dir: join(dir, 'not-a-folder', 'backups'), hour: 2, keep: 2 };
    const failed = await runScheduledBackup(t.store.backup, broken, t.dataDir);
    expect(failed).toMatchObject({ ok: false, file: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/backup/status', headers: auth(token) })).json().last.ok).toBe(false);
  });

  it('the scheduler fires the job at the hour and can be stopped', async () => {
    let runs = 0;
    let clock = new Date(2026, 2, 10, 1, 59, 58, 500);
    const stop = scheduleBackups(async () => { runs++; clock = new Date(2026, 2, 10, 2, 0, 5); }, 2, () => clock);
    await new Promise((r) => setTimeout(r, 1800));
    expect(runs).toBe(1);
    stop();
  });
});
