/** PostgreSQL: enrolled tablets, enrolment codes, sessions and sign-in failures. */
import type { PgSession } from './pg-session.ts';
import type { DeviceRepository, EnrolmentCodeRepository, LoginFailureRepository, SessionRepository } from '../repositories.ts';
import type { DeviceRecord, EnrolmentCodeRecord, SessionRecord } from '../records.ts';
import type { DeviceReport, PendingStudent } from '../../../src/protocol/sync.ts';
import { fromJson } from '../json-column.ts';
import { staleBefore } from '../contact-stamps.ts';

interface DeviceRow {
  id: string;
  school_id: string;
  class_id: string | null;
  name: string;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  last_sync_at: string | null;
  app_version: string | null;
  pending_count: number | null;
  pending_bytes: number | null;
  storage_usage: number | null;
  storage_quota: number | null;
  lost_at: string | null;
  pending_students: string | null;
}
const deviceFromRow = (r: DeviceRow): DeviceRecord => ({
  id: r.id, schoolId: r.school_id, classId: r.class_id, name: r.name, enrolledAt: r.enrolled_at, revokedAt: r.revoked_at, lastSeenAt: r.last_seen_at,
  lastSyncAt: r.last_sync_at, appVersion: r.app_version, pendingCount: r.pending_count, pendingBytes: r.pending_bytes, storageUsage: r.storage_usage,
  storageQuota: r.storage_quota, lostAt: r.lost_at, pendingStudents: r.pending_students ? fromJson<PendingStudent[]>(r.pending_students) : [],
});
/** Whose work waits, as stored (NULL: nobody). */
const pendingJson = (r: DeviceReport) => (r.pendingStudents?.length ? JSON.stringify(r.pendingStudents) : null);
const DEVICE_COLUMNS =
  'id, school_id, class_id, name, enrolled_at, revoked_at, last_seen_at, last_sync_at, app_version, pending_count, pending_bytes, storage_usage, storage_quota, lost_at, pending_students';


export class PgDeviceRepository implements DeviceRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1`, [id]);
    return r ? deviceFromRow(r) : null;
  }
  async byTokenHash(tokenHash: string) {
    const r = await this.db.one<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_hash = $1`, [tokenHash]);
    return r ? deviceFromRow(r) : null;
  }
  async listBySchool(schoolId: string) {
    return (await this.db.rows<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE school_id = $1 ORDER BY enrolled_at DESC`, [schoolId])).map(deviceFromRow);
  }
  async insert(d: { id: string; schoolId: string; classId: string | null; name: string; tokenHash: string; enrolledBy: string; at: string }) {
    await this.db.run(
      'INSERT INTO devices (id, school_id, class_id, name, token_hash, enrolled_by, enrolled_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)',
      [d.id, d.schoolId, d.classId, d.name, d.tokenHash, d.enrolledBy, d.at],
    );
  }
  async revoke(id: string, at: string, lost = false) {
    if (lost) await this.db.run('UPDATE devices SET revoked_at = COALESCE(revoked_at, $1), lost_at = COALESCE(lost_at, $1) WHERE id = $2', [at, id]);
    else await this.db.run('UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
  }
  async reactivate(id: string) {
    await this.db.run('UPDATE devices SET revoked_at = NULL, lost_at = NULL WHERE id = $1', [id]);
  }
  async reenrol(id: string, d: { classId: string | null; name: string; tokenHash: string; at: string }) {
    await this.db.run(
      'UPDATE devices SET class_id = $1, name = $2, token_hash = $3, enrolled_at = $4, last_seen_at = $4, revoked_at = NULL WHERE id = $5 AND lost_at IS NULL',
      [d.classId, d.name, d.tokenHash, d.at, id],
    );
  }
  async touch(id: string, at: string) {
    await this.db.run('UPDATE devices SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL OR last_seen_at < $3)', [at, id, staleBefore(at)]);
  }
  async report(id: string, appVersion: string, r: DeviceReport, at: string) {
    await this.db.run(
      'UPDATE devices SET app_version = $1, pending_count = $2, pending_bytes = $3, storage_usage = $4, storage_quota = $5, pending_students = $6, last_sync_at = $7 WHERE id = $8',
      [appVersion, r.pendingCount, r.pendingBytes, r.storageUsage, r.storageQuota, pendingJson(r), at, id],
    );
  }
  async markSynced(id: string, at: string) {
    await this.db.run('UPDATE devices SET last_sync_at = $1 WHERE id = $2 AND (last_sync_at IS NULL OR last_sync_at < $3)', [at, id, staleBefore(at)]);
  }
}

export class PgEnrolmentCodeRepository implements EnrolmentCodeRepository {
  constructor(private readonly db: PgSession) {}
  async insert(c: EnrolmentCodeRecord) {
    await this.db.run(
      'INSERT INTO enrolment_codes (id, code_hash, school_id, class_id, created_by, created_at, expires_at, uses_left) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [c.id, c.codeHash, c.schoolId, c.classId, c.createdBy, c.createdAt, c.expiresAt, c.usesLeft],
    );
  }
  async consume(codeHash: string, at: string) {
    // One statement: the row lock makes a second tablet racing for the last use wait, then see 0 left.
    const r = await this.db.one<{ school_id: string; class_id: string | null; created_by: string }>(
      'UPDATE enrolment_codes SET uses_left = uses_left - 1 WHERE code_hash = $1 AND uses_left > 0 AND expires_at > $2 AND revoked_at IS NULL RETURNING school_id, class_id, created_by',
      [codeHash, at],
    );
    return r ? { schoolId: r.school_id, classId: r.class_id, createdBy: r.created_by } : null;
  }
  async listLive(schoolId: string, at: string) {
    return (await this.db.rows<CodeRow>(`SELECT ${CODE_COLUMNS} FROM enrolment_codes WHERE school_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id`, [schoolId, at])).map(codeRecord);
  }
  async byId(id: string) {
    const r = await this.db.one<CodeRow>(`SELECT ${CODE_COLUMNS} FROM enrolment_codes WHERE id = $1`, [id]);
    return r ? codeRecord(r) : null;
  }
  async revoke(id: string, at: string) {
    return (await this.db.run('UPDATE enrolment_codes SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])) > 0;
  }
}

const CODE_COLUMNS = 'id, code_hash, school_id, class_id, created_by, created_at, expires_at, uses_left, revoked_at';
interface CodeRow {
  id: string;
  code_hash: string;
  school_id: string;
  class_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  uses_left: number;
  revoked_at: string | null;
}
const codeRecord = (r: CodeRow): EnrolmentCodeRecord => ({
  id: r.id, codeHash: r.code_hash, schoolId: r.school_id, classId: r.class_id, createdBy: r.created_by, createdAt: r.created_at,
  expiresAt: r.expires_at, usesLeft: Number(r.uses_left), revokedAt: r.revoked_at,
});

interface SessionRow {
  kind: 'user' | 'student';
  user_id: string | null;
  student_id: string | null;
  device_id: string | null;
  expires_at: string;
}

export class PgSessionRepository implements SessionRepository {
  constructor(private readonly db: PgSession) {}
  async insert(s: SessionRecord & { createdAt: string }) {
    await this.db.run(
      'INSERT INTO sessions (token_hash, kind, user_id, student_id, device_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [s.tokenHash, s.kind, s.kind === 'user' ? s.userId : null, s.kind === 'student' ? s.studentId : null, s.deviceId, s.createdAt, s.expiresAt],
    );
  }
  async byTokenHash(tokenHash: string, at: string): Promise<SessionRecord | null> {
    const r = await this.db.one<SessionRow>(
      'SELECT kind, user_id, student_id, device_id, expires_at FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2',
      [tokenHash, at],
    );
    if (!r) return null;
    if (r.kind === 'user' && r.user_id) return { kind: 'user', tokenHash, userId: r.user_id, deviceId: r.device_id, expiresAt: r.expires_at };
    if (r.kind === 'student' && r.student_id && r.device_id) {
      return { kind: 'student', tokenHash, studentId: r.student_id, deviceId: r.device_id, expiresAt: r.expires_at };
    }
    return null;
  }
  async revoke(tokenHash: string, at: string) {
    await this.db.run('UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [at, tokenHash]);
  }
  async revokeAllOf(owner: { userId: string } | { studentId: string } | { deviceId: string }, at: string) {
    if ('userId' in owner) await this.db.run('UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, owner.userId]);
    else if ('studentId' in owner) await this.db.run('UPDATE sessions SET revoked_at = $1 WHERE student_id = $2 AND revoked_at IS NULL', [at, owner.studentId]);
    else await this.db.run('UPDATE sessions SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL', [at, owner.deviceId]);
  }
  async liveStudentDevicesOfClass(classId: string, at: string) {
    const rows = await this.db.rows<{ device_id: string; student_id: string }>(
      `SELECT DISTINCT s.device_id, s.student_id FROM students st JOIN sessions s ON s.student_id = st.id
       WHERE st.class_id = $1 AND NOT st.archived AND s.kind = 'student' AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.device_id IS NOT NULL
       ORDER BY s.device_id, s.student_id`,
      [classId, at],
    );
    return rows.map((r) => ({ deviceId: r.device_id, studentId: r.student_id }));
  }
  async anyStudentSession(deviceId: string) {
    return (await this.db.one<{ one: number }>("SELECT 1 AS one FROM sessions WHERE device_id = $1 AND kind = 'student' LIMIT 1", [deviceId])) !== null;
  }
}

export class PgLoginFailureRepository implements LoginFailureRepository {
  constructor(private readonly db: PgSession) {}
  async get(key: string) {
    // The lock-out counts failures read-then-write (lockout.ts): concurrent failures for one
    // account queue here, so each counts the one before it and the fifth one locks.
    await this.db.lock(`login-failures:${key}`);
    const r = await this.db.one<{ failures: number; locked_until: string | null; last_failure_at: string }>(
      'SELECT failures, locked_until, last_failure_at FROM login_failures WHERE key = $1', [key],
    );
    return r ? { failures: r.failures, lockedUntil: r.locked_until, lastAttemptAt: r.last_failure_at } : null;
  }
  async record(key: string, at: string, lockUntil: string | null) {
    const r = await this.db.one<{ failures: number }>(
      `INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES ($1, 1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, last_failure_at = excluded.last_failure_at,
         locked_until = COALESCE(excluded.locked_until, login_failures.locked_until)
       RETURNING failures`,
      [key, at, lockUntil],
    );
    return r?.failures ?? 1;
  }
  async clear(key: string) {
    await this.db.run('DELETE FROM login_failures WHERE key = $1', [key]);
  }
  async set(key: string, failures: number, at: string, lockUntil: string | null) {
    await this.db.run(
      `INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
      [key, failures, at, lockUntil],
    );
  }
  async clearByPrefix(prefix: string) {
    return this.db.run("DELETE FROM login_failures WHERE key LIKE $1 ESCAPE '\\'", [`${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`]);
  }
}
