import type { Db } from './database.ts';
import type { AuthStore, DeviceRecord, LoginFailure, SessionRecord, StudentRecord, UserRecord } from '../auth-store.ts';

type Row = Record<string, unknown>;

export const userFromRow = (r: Row): UserRecord => ({
  id: r.id as string,
  schoolId: r.school_id as string,
  role: r.role as UserRecord['role'],
  login: r.login as string,
  displayName: r.display_name as string,
  passwordHash: r.password_hash as string,
  archived: r.archived === 1,
});

export const studentFromRow = (r: Row): StudentRecord => ({
  id: r.id as string,
  schoolId: r.school_id as string,
  classId: r.class_id as string,
  firstName: r.first_name as string,
  lastName: r.last_name as string,
  secretHash: r.secret_hash as string,
  archived: r.archived === 1,
});

export class SqliteAuthStore implements AuthStore {
  constructor(private readonly db: Db) {}

  async userByLogin(login: string) {
    const r = this.db.prepare('SELECT * FROM users WHERE login = ?').get(login) as Row | undefined;
    return r ? userFromRow(r) : null;
  }

  async userById(id: string) {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return r ? userFromRow(r) : null;
  }

  async studentById(id: string) {
    const r = this.db.prepare('SELECT * FROM students WHERE id = ?').get(id) as Row | undefined;
    return r ? studentFromRow(r) : null;
  }

  async deviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const r = this.db.prepare('SELECT id, school_id, class_id, name, revoked_at FROM devices WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return r
      ? { id: r.id as string, schoolId: r.school_id as string, classId: (r.class_id as string) ?? null, name: r.name as string, revokedAt: (r.revoked_at as string) ?? null }
      : null;
  }

  async touchDevice(deviceId: string, at: string) {
    // To the half-minute: otherwise every tablet request costs a disk sync (the no-change sync budget).
    const before = new Date(Date.parse(at) - 30_000).toISOString();
    this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)').run(at, deviceId, before);
  }

  async createSession(s: SessionRecord & { createdAt: string }) {
    this.db
      .prepare('INSERT INTO sessions (token_hash, kind, user_id, student_id, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(s.tokenHash, s.kind, s.kind === 'user' ? s.userId : null, s.kind === 'student' ? s.studentId : null, s.deviceId, s.createdAt, s.expiresAt);
  }

  async sessionByTokenHash(tokenHash: string, at: string): Promise<SessionRecord | null> {
    const r = this.db
      .prepare('SELECT * FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?')
      .get(tokenHash, at) as Row | undefined;
    if (!r) return null;
    return r.kind === 'user'
      ? { kind: 'user', tokenHash, userId: r.user_id as string, deviceId: (r.device_id as string) ?? null, expiresAt: r.expires_at as string }
      : { kind: 'student', tokenHash, studentId: r.student_id as string, deviceId: r.device_id as string, expiresAt: r.expires_at as string };
  }

  async revokeSession(tokenHash: string, at: string) {
    this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(at, tokenHash);
  }

  async revokeSessionsOf(principal: { userId: string } | { studentId: string }, at: string) {
    if ('userId' in principal) this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, principal.userId);
    else this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE student_id = ? AND revoked_at IS NULL').run(at, principal.studentId);
  }

  async loginFailure(key: string): Promise<LoginFailure | null> {
    const r = this.db.prepare('SELECT failures, locked_until FROM login_failures WHERE key = ?').get(key) as Row | undefined;
    return r ? { failures: r.failures as number, lockedUntil: (r.locked_until as string) ?? null } : null;
  }

  async recordLoginFailure(key: string, at: string, lockUntil: string | null) {
    const r = this.db
      .prepare(
        `INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES (?, 1, ?, ?)
         ON CONFLICT(key) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at,
           locked_until = COALESCE(excluded.locked_until, locked_until)
         RETURNING failures`,
      )
      .get(key, at, lockUntil) as Row;
    return r.failures as number;
  }

  async clearLoginFailures(key: string) {
    this.db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
  }
}
