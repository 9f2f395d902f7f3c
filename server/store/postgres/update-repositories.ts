/** PostgreSQL: builds, who runs what, the update policy and the tablets' app status (issue 16; as SQLite's). */
import type { PgSession } from './pg-session.ts';
import type { BuildRecord, RolloutRecord, RolloutScope, UpdateRepository, UpdateSettingsRecord } from '../update-repository.ts';
import {
  BUILD_COLUMNS, STATUS_COLUMNS, buildFromRow, rolloutFromRow, settingsFromRow, statusFromRow, type BuildRow, type RolloutRow, type SettingsRow, type StatusRow,
} from '../sqlite/update-repositories.ts';

export class PgUpdateRepository implements UpdateRepository {
  constructor(private readonly db: PgSession) {}
  async lockBuilds() {
    await this.db.lock('app-builds');
  }
  async insertBuild(b: BuildRecord) {
    await this.db.run(`INSERT INTO app_builds (${BUILD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [b.id, b.number, b.version, b.releaseNote, b.files, b.rollbackOf, b.registeredAt, b.registeredBy]);
  }
  async buildById(id: string) {
    const r = await this.db.one<BuildRow>(`SELECT ${BUILD_COLUMNS} FROM app_builds WHERE id = $1`, [id]);
    return r ? buildFromRow(r) : null;
  }
  async listBuilds() {
    return (await this.db.rows<BuildRow>(`SELECT ${BUILD_COLUMNS} FROM app_builds ORDER BY number DESC`)).map(buildFromRow);
  }
  async nextBuildNumber() {
    // Read under lockBuilds(): two registrations never get the same n°.
    return Number((await this.db.one<{ n: number }>('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM app_builds'))!.n);
  }
  async setRollout(r: RolloutRecord) {
    await this.db.run(
      `INSERT INTO app_rollouts (school_id, scope, target_id, build_id, pinned, assigned_at, assigned_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (school_id, scope, target_id) DO UPDATE SET build_id = excluded.build_id, pinned = excluded.pinned, assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by`,
      [r.schoolId, r.scope, r.targetId, r.buildId, r.pinned ? 1 : 0, r.assignedAt, r.assignedBy],
    );
  }
  async removeRollout(schoolId: string, scope: RolloutScope, targetId: string) {
    await this.db.run('DELETE FROM app_rollouts WHERE school_id = $1 AND scope = $2 AND target_id = $3', [schoolId, scope, targetId]);
  }
  async removeUnpinnedRollouts(schoolId: string) {
    return this.db.run("DELETE FROM app_rollouts WHERE school_id = $1 AND scope <> 'school' AND pinned = 0", [schoolId]);
  }
  async listRollouts(schoolId: string) {
    return (await this.db.rows<RolloutRow>('SELECT school_id, scope, target_id, build_id, pinned, assigned_at, assigned_by FROM app_rollouts WHERE school_id = $1 ORDER BY scope, target_id', [schoolId])).map(rolloutFromRow);
  }
  async settings(schoolId: string) {
    const r = await this.db.one<SettingsRow>('SELECT school_id, minimum_version, window_json, halted_at, updated_at FROM app_update_settings WHERE school_id = $1', [schoolId]);
    return r ? settingsFromRow(r) : null;
  }
  async saveSettings(s: UpdateSettingsRecord) {
    await this.db.run(
      `INSERT INTO app_update_settings (school_id, minimum_version, window_json, halted_at, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (school_id) DO UPDATE SET minimum_version = excluded.minimum_version, window_json = excluded.window_json, halted_at = excluded.halted_at, updated_at = excluded.updated_at`,
      [s.schoolId, s.minimumVersion, JSON.stringify(s.window), s.haltedAt, s.updatedAt],
    );
  }
  async status(deviceId: string) {
    const r = await this.db.one<StatusRow>(`SELECT ${STATUS_COLUMNS} FROM device_app_status s WHERE s.device_id = $1`, [deviceId]);
    return r ? statusFromRow(r) : null;
  }
  async listStatus(schoolId: string) {
    return (await this.db.rows<StatusRow>(`SELECT ${STATUS_COLUMNS} FROM device_app_status s JOIN devices d ON d.id = s.device_id WHERE d.school_id = $1`, [schoolId])).map(statusFromRow);
  }
  async recordServed(deviceId: string, buildId: string, at: string) {
    await this.db.run(
      `INSERT INTO device_app_status (device_id, served_build_id, served_at) VALUES ($1, $2, $3)
       ON CONFLICT (device_id) DO UPDATE SET served_build_id = excluded.served_build_id, served_at = excluded.served_at`,
      [deviceId, buildId, at],
    );
  }
  async recordReport(deviceId: string, r: { runningVersion: string; runningBuildId: string | null; failedStarts: number; appErrors: number; lastError: string | null }, at: string) {
    await this.db.run(
      `INSERT INTO device_app_status (device_id, running_version, running_build_id, failed_starts, app_errors, last_error, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (device_id) DO UPDATE SET running_version = excluded.running_version, running_build_id = excluded.running_build_id,
         failed_starts = excluded.failed_starts, app_errors = excluded.app_errors, last_error = excluded.last_error, reported_at = excluded.reported_at`,
      [deviceId, r.runningVersion, r.runningBuildId, r.failedStarts, r.appErrors, r.lastError, at],
    );
  }
}
