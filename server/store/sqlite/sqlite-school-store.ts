import type { Db } from './database.ts';
import type { NewUser, SchoolStore, UserPatch } from '../school-store.ts';
import type { SchoolInfo, UserInfo } from '../../../src/protocol/console.ts';
import { conflict, notFound } from '../../errors.ts';
import { newId, now } from '../../ids.ts';

type Row = Record<string, unknown>;

const userInfoFromRow = (r: Row): UserInfo => ({
  id: r.id as string, role: r.role as UserInfo['role'], login: r.login as string, displayName: r.display_name as string, archived: r.archived === 1,
});

export class SqliteSchoolStore implements SchoolStore {
  constructor(private readonly db: Db) {}

  async createSchool(name: string): Promise<SchoolInfo> {
    const id = newId();
    this.db.prepare('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now());
    return { id, name };
  }

  async schoolById(id: string) {
    return (this.db.prepare('SELECT id, name FROM schools WHERE id = ?').get(id) as SchoolInfo | undefined) ?? null;
  }

  async listSchools() {
    return this.db.prepare('SELECT id, name FROM schools ORDER BY created_at').all() as SchoolInfo[];
  }

  async isEmpty() {
    return this.db.prepare('SELECT COUNT(*) FROM schools').pluck().get() === 0;
  }

  async listUsers(schoolId: string) {
    return (this.db.prepare('SELECT * FROM users WHERE school_id = ? ORDER BY archived, display_name COLLATE NOCASE').all(schoolId) as Row[]).map(userInfoFromRow);
  }

  async userById(id: string) {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return r ? { ...userInfoFromRow(r), schoolId: r.school_id as string } : null;
  }

  async createUser(u: NewUser) {
    const id = newId();
    return this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM users WHERE login = ?').get(u.login)) throw conflict(`The login "${u.login}" is already taken.`);
      this.db
        .prepare('INSERT INTO users (id, school_id, role, login, display_name, password_hash, archived, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)')
        .run(id, u.schoolId, u.role, u.login, u.displayName, u.passwordHash, now());
      return userInfoFromRow(this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row);
    })();
  }

  async updateUser(id: string, patch: UserPatch) {
    return this.db.transaction(() => {
      const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
      if (!r) throw notFound('This user');
      this.db
        .prepare('UPDATE users SET display_name = ?, password_hash = ?, archived = ? WHERE id = ?')
        .run(patch.displayName ?? r.display_name, patch.passwordHash ?? r.password_hash, patch.archived === undefined ? r.archived : patch.archived ? 1 : 0, id);
      return userInfoFromRow(this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row);
    })();
  }
}
