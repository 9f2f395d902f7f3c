/** SQLite: schools and the people who sign in with a password (teachers, IT referents). */
import type { Db } from './database.ts';
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
  archived: number;
  must_change_password: number;
}

const userFromRow = (r: UserRow): UserRecord => ({
  id: r.id, schoolId: r.school_id, role: r.role, login: r.login, displayName: r.display_name, passwordHash: r.password_hash, archived: r.archived === 1,
  mustChangePassword: r.must_change_password === 1,
});

const schoolStatements = (db: Db) => ({
  insert: db.prepare<[string, string, string]>('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)'),
  byId: db.prepare<[string], SchoolRecord>('SELECT id, name FROM schools WHERE id = ?'),
  list: db.prepare<[], SchoolRecord>('SELECT id, name FROM schools ORDER BY created_at'),
  count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM schools'),
  uai: db.prepare<[string], { uai: string | null }>('SELECT uai FROM schools WHERE id = ?'),
  setUai: db.prepare<[string, string]>('UPDATE schools SET uai = ? WHERE id = ?'),
});

export class SqliteSchoolRepository implements SchoolRepository {
  private readonly q: ReturnType<typeof schoolStatements>;
  constructor(db: Db) {
    this.q = schoolStatements(db);
  }
  async insert(s: SchoolRecord & { createdAt: string }) {
    this.q.insert.run(s.id, s.name, s.createdAt);
  }
  async byId(id: string) {
    return this.q.byId.get(id) ?? null;
  }
  async list() {
    return this.q.list.all();
  }
  async count() {
    return this.q.count.get()?.n ?? 0;
  }
  async uai(id: string) {
    return this.q.uai.get(id)?.uai ?? null;
  }
  async setUai(id: string, uai: string) {
    this.q.setUai.run(uai, id);
  }
}

const userStatements = (db: Db) => ({
  byId: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
  byLogin: db.prepare<[string], UserRow>('SELECT * FROM users WHERE login = ?'),
  list: db.prepare<[string], UserRow>('SELECT * FROM users WHERE school_id = ? ORDER BY archived, display_name COLLATE NOCASE'),
  insert: db.prepare<[string, string, string, string, string, string, string]>(
    'INSERT INTO users (id, school_id, role, login, display_name, password_hash, archived, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)',
  ),
  update: db.prepare<[{ id: string; display_name: string | null; password_hash: string | null; archived: number | null; must_change: number | null }]>(
    `UPDATE users SET display_name = COALESCE(@display_name, display_name), password_hash = COALESCE(@password_hash, password_hash),
       archived = COALESCE(@archived, archived), must_change_password = COALESCE(@must_change, must_change_password) WHERE id = @id`,
  ),
  replaceHash: db.prepare<[string, string, string]>('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?'),
});

export class SqliteUserRepository implements UserRepository {
  private readonly q: ReturnType<typeof userStatements>;
  constructor(db: Db) {
    this.q = userStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? userFromRow(r) : null;
  }
  async byLogin(login: string) {
    const r = this.q.byLogin.get(login);
    return r ? userFromRow(r) : null;
  }
  async listBySchool(schoolId: string) {
    return this.q.list.all(schoolId).map(userFromRow);
  }
  async insert(u: { id: string; schoolId: string; role: Role; login: string; displayName: string; passwordHash: string; createdAt: string }) {
    this.q.insert.run(u.id, u.schoolId, u.role, u.login, u.displayName, u.passwordHash, u.createdAt);
  }
  async replacePasswordHash(id: string, from: string, to: string) {
    return this.q.replaceHash.run(to, id, from).changes === 1;
  }
  async update(id: string, patch: { displayName?: string; passwordHash?: string; archived?: boolean; mustChangePassword?: boolean }) {
    this.q.update.run({ id, display_name: patch.displayName ?? null, password_hash: patch.passwordHash ?? null, archived: bool(patch.archived), must_change: bool(patch.mustChangePassword) });
  }
}

/** A boolean patch field as SQLite stores it; null leaves the column as it is (COALESCE). */
export const bool = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);
