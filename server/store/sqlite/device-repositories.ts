/** SQLite: enrolled tablets, enrolment codes, sessions and sign-in failures. */
import type { Db } from './database.ts';
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


const deviceStatements = (db: Db) => ({
  byId: db.prepare<[string], DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = ?`),
  byToken: db.prepare<[string], DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_hash = ?`),
  bySchool: db.prepare<[string], DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE school_id = ? ORDER BY enrolled_at DESC`),
  insert: db.prepare<[string, string, string | null, string, string, string, string, string]>(
    'INSERT INTO devices (id, school_id, class_id, name, token_hash, enrolled_by, enrolled_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  revoke: db.prepare<[string, string]>('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  lost: db.prepare<[string, string, string]>('UPDATE devices SET revoked_at = COALESCE(revoked_at, ?), lost_at = COALESCE(lost_at, ?) WHERE id = ?'),
  reactivate: db.prepare<[string]>('UPDATE devices SET revoked_at = NULL, lost_at = NULL WHERE id = ?'),
  reenrol: db.prepare<[string | null, string, string, string, string, string]>(
    'UPDATE devices SET class_id = ?, name = ?, token_hash = ?, enrolled_at = ?, last_seen_at = ?, revoked_at = NULL WHERE id = ? AND lost_at IS NULL',
  ),
  touch: db.prepare<[string, string, string]>('UPDATE devices SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)'),
  report: db.prepare<[string, number, number, number | null, number | null, string | null, string, string]>(
    'UPDATE devices SET app_version = ?, pending_count = ?, pending_bytes = ?, storage_usage = ?, storage_quota = ?, pending_students = ?, last_sync_at = ? WHERE id = ?',
  ),
  synced: db.prepare<[string, string, string]>('UPDATE devices SET last_sync_at = ? WHERE id = ? AND (last_sync_at IS NULL OR last_sync_at < ?)'),
});

export class SqliteDeviceRepository implements DeviceRepository {
  private readonly q: ReturnType<typeof deviceStatements>;
  constructor(db: Db) {
    this.q = deviceStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? deviceFromRow(r) : null;
  }
  async byTokenHash(tokenHash: string) {
    const r = this.q.byToken.get(tokenHash);
    return r ? deviceFromRow(r) : null;
  }
  async listBySchool(schoolId: string) {
    return this.q.bySchool.all(schoolId).map(deviceFromRow);
  }
  async insert(d: { id: string; schoolId: string; classId: string | null; name: string; tokenHash: string; enrolledBy: string; at: string }) {
    this.q.insert.run(d.id, d.schoolId, d.classId, d.name, d.tokenHash, d.enrolledBy, d.at, d.at);
  }
  async revoke(id: string, at: string, lost = false) {
    if (lost) this.q.lost.run(at, at, id);
    else this.q.revoke.run(at, id);
  }
  async reactivate(id: string) {
    this.q.reactivate.run(id);
  }
  async reenrol(id: string, d: { classId: string | null; name: string; tokenHash: string; at: string }) {
    this.q.reenrol.run(d.classId, d.name, d.tokenHash, d.at, d.at, id);
  }
  async touch(id: string, at: string) {
    this.q.touch.run(at, id, staleBefore(at));
  }
  async report(id: string, appVersion: string, r: DeviceReport, at: string) {
    this.q.report.run(appVersion, r.pendingCount, r.pendingBytes, r.storageUsage, r.storageQuota, pendingJson(r), at, id);
  }
  async markSynced(id: string, at: string) {
    this.q.synced.run(at, id, staleBefore(at));
  }
}

const codeStatements = (db: Db) => ({
  insert: db.prepare<[string, string, string, string | null, string, string, string, number]>(
    'INSERT INTO enrolment_codes (id, code_hash, school_id, class_id, created_by, created_at, expires_at, uses_left) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  consume: db.prepare<[string, string], { school_id: string; class_id: string | null; created_by: string }>(
    'UPDATE enrolment_codes SET uses_left = uses_left - 1 WHERE code_hash = ? AND uses_left > 0 AND expires_at > ? AND revoked_at IS NULL RETURNING school_id, class_id, created_by',
  ),
  listLive: db.prepare<[string, string], CodeRow>(`SELECT ${CODE_COLUMNS} FROM enrolment_codes WHERE school_id = ? AND expires_at > ? ORDER BY created_at DESC, id`),
  byId: db.prepare<[string], CodeRow>(`SELECT ${CODE_COLUMNS} FROM enrolment_codes WHERE id = ?`),
  revoke: db.prepare<[string, string]>('UPDATE enrolment_codes SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
});

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

export class SqliteEnrolmentCodeRepository implements EnrolmentCodeRepository {
  private readonly q: ReturnType<typeof codeStatements>;
  constructor(db: Db) {
    this.q = codeStatements(db);
  }
  async insert(c: EnrolmentCodeRecord) {
    this.q.insert.run(c.id, c.codeHash, c.schoolId, c.classId, c.createdBy, c.createdAt, c.expiresAt, c.usesLeft);
  }
  async consume(codeHash: string, at: string) {
    const r = this.q.consume.get(codeHash, at);
    return r ? { schoolId: r.school_id, classId: r.class_id, createdBy: r.created_by } : null;
  }
  async listLive(schoolId: string, at: string) {
    return this.q.listLive.all(schoolId, at).map(codeRecord);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? codeRecord(r) : null;
  }
  async revoke(id: string, at: string) {
    return this.q.revoke.run(at, id).changes > 0;
  }
}

interface SessionRow {
  kind: 'user' | 'student';
  user_id: string | null;
  student_id: string | null;
  device_id: string | null;
  expires_at: string;
}

const sessionStatements = (db: Db) => ({
  insert: db.prepare<[string, string, string | null, string | null, string | null, string, string]>(
    'INSERT INTO sessions (token_hash, kind, user_id, student_id, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  live: db.prepare<[string, string], SessionRow>(
    'SELECT kind, user_id, student_id, device_id, expires_at FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?',
  ),
  revoke: db.prepare<[string, string]>('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL'),
  revokeUser: db.prepare<[string, string]>('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
  revokeStudent: db.prepare<[string, string]>('UPDATE sessions SET revoked_at = ? WHERE student_id = ? AND revoked_at IS NULL'),
  revokeDevice: db.prepare<[string, string]>('UPDATE sessions SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL'),
  liveOfClass: db.prepare<[string, string], { device_id: string; student_id: string }>(
    `SELECT DISTINCT s.device_id, s.student_id FROM students st JOIN sessions s ON s.student_id = st.id
     WHERE st.class_id = ? AND st.archived = 0 AND s.kind = 'student' AND s.revoked_at IS NULL AND s.expires_at > ? AND s.device_id IS NOT NULL
     ORDER BY s.device_id, s.student_id`,
  ),
  anyStudent: db.prepare<[string], number>("SELECT 1 FROM sessions WHERE device_id = ? AND kind = 'student' LIMIT 1").pluck(),
});

export class SqliteSessionRepository implements SessionRepository {
  private readonly q: ReturnType<typeof sessionStatements>;
  constructor(db: Db) {
    this.q = sessionStatements(db);
  }
  async insert(s: SessionRecord & { createdAt: string }) {
    this.q.insert.run(s.tokenHash, s.kind, s.kind === 'user' ? s.userId : null, s.kind === 'student' ? s.studentId : null, s.deviceId, s.createdAt, s.expiresAt);
  }
  async byTokenHash(tokenHash: string, at: string): Promise<SessionRecord | null> {
    const r = this.q.live.get(tokenHash, at);
    if (!r) return null;
    if (r.kind === 'user' && r.user_id) return { kind: 'user', tokenHash, userId: r.user_id, deviceId: r.device_id, expiresAt: r.expires_at };
    if (r.kind === 'student' && r.student_id && r.device_id) {
      return { kind: 'student', tokenHash, studentId: r.student_id, deviceId: r.device_id, expiresAt: r.expires_at };
    }
    return null;
  }
  async revoke(tokenHash: string, at: string) {
    this.q.revoke.run(at, tokenHash);
  }
  async revokeAllOf(owner: { userId: string } | { studentId: string } | { deviceId: string }, at: string) {
    if ('userId' in owner) this.q.revokeUser.run(at, owner.userId);
    else if ('studentId' in owner) this.q.revokeStudent.run(at, owner.studentId);
    else this.q.revokeDevice.run(at, owner.deviceId);
  }
  async liveStudentDevicesOfClass(classId: string, at: string) {
    return this.q.liveOfClass.all(classId, at).map((r) => ({ deviceId: r.device_id, studentId: r.student_id }));
  }
  async anyStudentSession(deviceId: string) {
    return this.q.anyStudent.get(deviceId) !== undefined;
  }
}

const failureStatements = (db: Db) => ({
  get: db.prepare<[string], { failures: number; locked_until: string | null; last_failure_at: string }>('SELECT failures, locked_until, last_failure_at FROM login_failures WHERE key = ?'),
  set: db.prepare<[string, number, string, string | null]>(
    `INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
  ),
  clearByPrefix: db.prepare<[string]>("DELETE FROM login_failures WHERE key LIKE ? ESCAPE '\\'"),
  record: db.prepare<[string, string, string | null], { failures: number }>(
    `INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES (?, 1, ?, ?)
     ON CONFLICT(key) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at,
       locked_until = COALESCE(excluded.locked_until, locked_until)
     RETURNING failures`,
  ),
  clear: db.prepare<[string]>('DELETE FROM login_failures WHERE key = ?'),
});

export class SqliteLoginFailureRepository implements LoginFailureRepository {
  private readonly q: ReturnType<typeof failureStatements>;
  constructor(db: Db) {
    this.q = failureStatements(db);
  }
  async get(key: string) {
    const r = this.q.get.get(key);
    return r ? { failures: r.failures, lockedUntil: r.locked_until, lastAttemptAt: r.last_failure_at } : null;
  }
  async record(key: string, at: string, lockUntil: string | null) {
    return this.q.record.get(key, at, lockUntil)?.failures ?? 1;
  }
  async clear(key: string) {
    this.q.clear.run(key);
  }
  async set(key: string, failures: number, at: string, lockUntil: string | null) {
    this.q.set.run(key, failures, at, lockUntil);
  }
  async clearByPrefix(prefix: string) {
    return this.q.clearByPrefix.run(`${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`).changes;
  }
}
