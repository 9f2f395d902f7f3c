/** PostgreSQL: schools and the people who sign in with a password (teachers, IT referents). */
import type { PgSession } from './pg-session.ts';
import type { SchoolRepository, UserRepository } from '../repositories.ts';
import type { SchoolRecord, UserRecord } from '../records.ts';
import type { Role } from '../../../src/protocol/entities.ts';

interface UserRow {
  id: string;
  school_id: string;
  role: Role;
  login: string;
  display_name: string;
  password_hash: string;
  archived: boolean;
  must_change_password: boolean;
}

const userFromRow = (r: UserRow): UserRecord => ({
  id: r.id, schoolId: r.school_id, role: r.role, login: r.login, displayName: r.display_name, passwordHash: r.password_hash, archived: r.archived,
  mustChangePassword: r.must_change_password,
});
const USER_COLUMNS = 'id, school_id, role, login, display_name, password_hash, archived, must_change_password';

export class PgSchoolRepository implements SchoolRepository {
  constructor(private readonly db: PgSession) {}
  async insert(s: SchoolRecord & { createdAt: string }) {
    await this.db.run('INSERT INTO schools (id, name, created_at) VALUES ($1, $2, $3)', [s.id, s.name, s.createdAt]);
  }
  async byId(id: string) {
    return this.db.one<SchoolRecord>('SELECT id, name FROM schools WHERE id = $1', [id]);
  }
  async list() {
    return this.db.rows<SchoolRecord>('SELECT id, name FROM schools ORDER BY created_at');
  }
  async count() {
    return (await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM schools'))?.n ?? 0;
  }
  async uai(id: string) {
    return (await this.db.one<{ uai: string | null }>('SELECT uai FROM schools WHERE id = $1', [id]))?.uai ?? null;
  }
  async setUai(id: string, uai: string) {
    await this.db.run('UPDATE schools SET uai = $2 WHERE id = $1', [id, uai]);
  }
}

export class PgUserRepository implements UserRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return r ? userFromRow(r) : null;
  }
  async byLogin(login: string) {
    const r = await this.db.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(login) = lower($1)`, [login]);
    return r ? userFromRow(r) : null;
  }
  async listBySchool(schoolId: string) {
    return (await this.db.rows<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE school_id = $1 ORDER BY archived, lower(display_name)`, [schoolId])).map(userFromRow);
  }
  async insert(u: { id: string; schoolId: string; role: Role; login: string; displayName: string; passwordHash: string; createdAt: string }) {
    await this.db.run(
      'INSERT INTO users (id, school_id, role, login, display_name, password_hash, archived, created_at) VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7)',
      [u.id, u.schoolId, u.role, u.login, u.displayName, u.passwordHash, u.createdAt],
    );
  }
  async replacePasswordHash(id: string, from: string, to: string) {
    return (await this.db.run('UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3', [to, id, from])) === 1;
  }
  async update(id: string, patch: { displayName?: string; passwordHash?: string; archived?: boolean; mustChangePassword?: boolean }) {
    await this.db.run(
      `UPDATE users SET display_name = COALESCE($2, display_name), password_hash = COALESCE($3, password_hash),
         archived = COALESCE($4, archived), must_change_password = COALESCE($5, must_change_password) WHERE id = $1`,
      [id, patch.displayName ?? null, patch.passwordHash ?? null, patch.archived ?? null, patch.mustChangePassword ?? null],
    );
  }
}
