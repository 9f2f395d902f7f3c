import type { Db } from './database.ts';
import type { DeviceStore, NewEnrolmentCode } from '../device-store.ts';
import type { Device } from '../../../src/protocol/entities.ts';
import type { DeviceRoster } from '../../../src/protocol/console.ts';
import { classFromRow, studentCardFromRow } from './serializers.ts';
import { notFound } from '../../errors.ts';

type Row = Record<string, unknown>;
const sOrNull = (v: unknown) => (v === null || v === undefined ? null : (v as string));
const nOrNull = (v: unknown) => (v === null || v === undefined ? null : (v as number));

export const deviceFromRow = (r: Row): Device => ({
  id: r.id as string,
  name: r.name as string,
  classId: sOrNull(r.class_id),
  enrolledAt: r.enrolled_at as string,
  revokedAt: sOrNull(r.revoked_at),
  lastSeenAt: sOrNull(r.last_seen_at),
  lastSyncAt: sOrNull(r.last_sync_at),
  appVersion: sOrNull(r.app_version),
  pendingCount: nOrNull(r.pending_count),
  pendingBytes: nOrNull(r.pending_bytes),
  storageUsage: nOrNull(r.storage_usage),
  storageQuota: nOrNull(r.storage_quota),
});

export class SqliteDeviceStore implements DeviceStore {
  constructor(private readonly db: Db) {}

  async createEnrolmentCode(c: NewEnrolmentCode) {
    this.db
      .prepare('INSERT INTO enrolment_codes (code_hash, school_id, class_id, created_by, created_at, expires_at, uses_left) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(c.codeHash, c.schoolId, c.classId, c.createdBy, c.createdAt, c.expiresAt, c.usesLeft);
  }

  async enrol(e: { codeHash: string; deviceId: string; name: string; tokenHash: string; at: string }) {
    return this.db.transaction(() => {
      // Decrement first: two tablets racing for the last use cannot both win.
      const code = this.db
        .prepare('UPDATE enrolment_codes SET uses_left = uses_left - 1 WHERE code_hash = ? AND uses_left > 0 AND expires_at > ? RETURNING school_id, class_id, created_by')
        .get(e.codeHash, e.at) as Row | undefined;
      if (!code) return null;
      this.db
        .prepare('INSERT INTO devices (id, school_id, class_id, name, token_hash, enrolled_by, enrolled_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(e.deviceId, code.school_id, code.class_id ?? null, e.name, e.tokenHash, code.created_by, e.at, e.at);
      return { deviceId: e.deviceId, schoolId: code.school_id as string, classId: sOrNull(code.class_id) };
    })();
  }

  async listDevices(schoolId: string, filter: { classIds?: string[] } = {}) {
    const rows = this.db.prepare('SELECT * FROM devices WHERE school_id = ? ORDER BY enrolled_at DESC').all(schoolId) as Row[];
    const keep = filter.classIds ? new Set(filter.classIds) : null;
    return rows.filter((r) => !keep || (typeof r.class_id === 'string' && keep.has(r.class_id))).map(deviceFromRow);
  }

  async deviceById(id: string) {
    const r = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as Row | undefined;
    return r ? { ...deviceFromRow(r), schoolId: r.school_id as string } : null;
  }

  async revokeDevice(id: string, at: string) {
    return this.db.transaction(() => {
      const r = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as Row | undefined;
      if (!r) throw notFound('This device');
      if (!r.revoked_at) this.db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ?').run(at, id);
      this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL').run(at, id);
      return deviceFromRow(this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as Row);
    })();
  }

  async deviceRoster(schoolId: string, classId: string | null): Promise<DeviceRoster> {
    const school = this.db.prepare('SELECT id, name FROM schools WHERE id = ?').get(schoolId) as { id: string; name: string };
    const classes = (
      classId
        ? this.db.prepare('SELECT * FROM classes WHERE id = ? AND archived = 0').all(classId)
        : this.db.prepare('SELECT * FROM classes WHERE school_id = ? AND archived = 0 ORDER BY name').all(schoolId)
    ) as Row[];
    const students = classes.flatMap(
      (c) => this.db.prepare('SELECT * FROM students WHERE class_id = ? AND archived = 0 ORDER BY first_name COLLATE NOCASE, last_name COLLATE NOCASE').all(c.id) as Row[],
    );
    return { school, classes: classes.map(classFromRow), students: students.map(studentCardFromRow) };
  }
}
