/** SQLite: builds, who runs what, the update policy and the tablets' app status (issue 16). */
import type { Db } from './database.ts';
import type { BuildRecord, DeviceAppStatusRecord, RolloutRecord, RolloutScope, UpdateRepository, UpdateSettingsRecord } from '../update-repository.ts';
import type { UpdateWindow } from '../../../src/protocol/update-window.ts';
import { fromJson } from '../json-column.ts';

export interface BuildRow { id: string; number: number; version: string; release_note: string; files: string; rollback_of: string | null; registered_at: string; registered_by: string | null }
export const buildFromRow = (r: BuildRow): BuildRecord => ({
  id: r.id, number: Number(r.number), version: r.version, releaseNote: r.release_note, files: r.files, rollbackOf: r.rollback_of, registeredAt: r.registered_at, registeredBy: r.registered_by,
});
export interface RolloutRow { school_id: string; scope: RolloutScope; target_id: string; build_id: string; pinned: number; assigned_at: string; assigned_by: string | null }
export const rolloutFromRow = (r: RolloutRow): RolloutRecord => ({
  schoolId: r.school_id, scope: r.scope, targetId: r.target_id, buildId: r.build_id, pinned: Number(r.pinned) === 1, assignedAt: r.assigned_at, assignedBy: r.assigned_by,
});
export interface SettingsRow { school_id: string; minimum_version: string | null; window_json: string; halted_at: string | null; updated_at: string }
export const settingsFromRow = (r: SettingsRow): UpdateSettingsRecord => ({
  schoolId: r.school_id, minimumVersion: r.minimum_version, window: fromJson<UpdateWindow>(r.window_json), haltedAt: r.halted_at, updatedAt: r.updated_at,
});
export interface StatusRow {
  device_id: string; served_build_id: string | null; served_at: string | null; running_version: string | null; running_build_id: string | null;
  failed_starts: number; app_errors: number; last_error: string | null; reported_at: string | null;
}
export const statusFromRow = (r: StatusRow): DeviceAppStatusRecord => ({
  deviceId: r.device_id, servedBuildId: r.served_build_id, servedAt: r.served_at, runningVersion: r.running_version, runningBuildId: r.running_build_id,
  failedStarts: Number(r.failed_starts), appErrors: Number(r.app_errors), lastError: r.last_error, reportedAt: r.reported_at,
});
export const BUILD_COLUMNS = 'id, number, version, release_note, files, rollback_of, registered_at, registered_by';
export const STATUS_COLUMNS = 's.device_id, s.served_build_id, s.served_at, s.running_version, s.running_build_id, s.failed_starts, s.app_errors, s.last_error, s.reported_at';

const statements = (db: Db) => ({
  insertBuild: db.prepare<[string, number, string, string, string, string | null, string, string | null]>(`INSERT INTO app_builds (${BUILD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  buildById: db.prepare<[string], BuildRow>(`SELECT ${BUILD_COLUMNS} FROM app_builds WHERE id = ?`),
  builds: db.prepare<[], BuildRow>(`SELECT ${BUILD_COLUMNS} FROM app_builds ORDER BY number DESC`),
  nextNumber: db.prepare<[], { n: number }>('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM app_builds'),
  setRollout: db.prepare<[string, string, string, string, number, string, string | null]>(
    `INSERT INTO app_rollouts (school_id, scope, target_id, build_id, pinned, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (school_id, scope, target_id) DO UPDATE SET build_id = excluded.build_id, pinned = excluded.pinned, assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by`,
  ),
  removeRollout: db.prepare<[string, string, string]>('DELETE FROM app_rollouts WHERE school_id = ? AND scope = ? AND target_id = ?'),
  removeUnpinned: db.prepare<[string]>("DELETE FROM app_rollouts WHERE school_id = ? AND scope <> 'school' AND pinned = 0"),
  rollouts: db.prepare<[string], RolloutRow>('SELECT school_id, scope, target_id, build_id, pinned, assigned_at, assigned_by FROM app_rollouts WHERE school_id = ? ORDER BY scope, target_id'),
  settings: db.prepare<[string], SettingsRow>('SELECT school_id, minimum_version, window_json, halted_at, updated_at FROM app_update_settings WHERE school_id = ?'),
  saveSettings: db.prepare<[string, string | null, string, string | null, string]>(
    `INSERT INTO app_update_settings (school_id, minimum_version, window_json, halted_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (school_id) DO UPDATE SET minimum_version = excluded.minimum_version, window_json = excluded.window_json, halted_at = excluded.halted_at, updated_at = excluded.updated_at`,
  ),
  status: db.prepare<[string], StatusRow>(`SELECT ${STATUS_COLUMNS} FROM device_app_status s WHERE s.device_id = ?`),
  statusBySchool: db.prepare<[string], StatusRow>(`SELECT ${STATUS_COLUMNS} FROM device_app_status s JOIN devices d ON d.id = s.device_id WHERE d.school_id = ?`),
  served: db.prepare<[string, string, string]>(
    `INSERT INTO device_app_status (device_id, served_build_id, served_at) VALUES (?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET served_build_id = excluded.served_build_id, served_at = excluded.served_at`,
  ),
  report: db.prepare<[string, string, string | null, number, number, string | null, string]>(
    `INSERT INTO device_app_status (device_id, running_version, running_build_id, failed_starts, app_errors, last_error, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET running_version = excluded.running_version, running_build_id = excluded.running_build_id,
       failed_starts = excluded.failed_starts, app_errors = excluded.app_errors, last_error = excluded.last_error, reported_at = excluded.reported_at`,
  ),
});

export class SqliteUpdateRepository implements UpdateRepository {
  private readonly q: ReturnType<typeof statements>;
  constructor(db: Db) {
    this.q = statements(db);
  }
  async lockBuilds() {
    // BEGIN IMMEDIATE already holds the database's write lock (sqlite-database.ts).
  }
  async insertBuild(b: BuildRecord) {
    this.q.insertBuild.run(b.id, b.number, b.version, b.releaseNote, b.files, b.rollbackOf, b.registeredAt, b.registeredBy);
  }
  async buildById(id: string) {
    const r = this.q.buildById.get(id);
    return r ? buildFromRow(r) : null;
  }
  async listBuilds() {
    return this.q.builds.all().map(buildFromRow);
  }
  async nextBuildNumber() {
    return Number(this.q.nextNumber.get()!.n);
  }
  async setRollout(r: RolloutRecord) {
    this.q.setRollout.run(r.schoolId, r.scope, r.targetId, r.buildId, r.pinned ? 1 : 0, r.assignedAt, r.assignedBy);
  }
  async removeRollout(schoolId: string, scope: RolloutScope, targetId: string) {
    this.q.removeRollout.run(schoolId, scope, targetId);
  }
  async removeUnpinnedRollouts(schoolId: string) {
    return this.q.removeUnpinned.run(schoolId).changes;
  }
  async listRollouts(schoolId: string) {
    return this.q.rollouts.all(schoolId).map(rolloutFromRow);
  }
  async settings(schoolId: string) {
    const r = this.q.settings.get(schoolId);
    return r ? settingsFromRow(r) : null;
  }
  async saveSettings(s: UpdateSettingsRecord) {
    this.q.saveSettings.run(s.schoolId, s.minimumVersion, JSON.stringify(s.window), s.haltedAt, s.updatedAt);
  }
  async status(deviceId: string) {
    const r = this.q.status.get(deviceId);
    return r ? statusFromRow(r) : null;
  }
  async listStatus(schoolId: string) {
    return this.q.statusBySchool.all(schoolId).map(statusFromRow);
  }
  async recordServed(deviceId: string, buildId: string, at: string) {
    this.q.served.run(deviceId, buildId, at);
  }
  async recordReport(deviceId: string, r: { runningVersion: string; runningBuildId: string | null; failedStarts: number; appErrors: number; lastError: string | null }, at: string) {
    this.q.report.run(deviceId, r.runningVersion, r.runningBuildId, r.failedStarts, r.appErrors, r.lastError, at);
  }
}
