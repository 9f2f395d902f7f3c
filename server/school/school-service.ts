/**
 * The school and the people who sign in with a password (IT referent only).
 * Rules: logins are unique on the server (case-insensitive); nobody archives
 * their own account; a new password or an archive ends the sessions already open. (Backups:
 * server/backup/backup-service.ts.)
 */
import { recordAudit } from '../audit/audit-log.ts';
import type { Database } from '../store/repositories.ts';
import type { UserRecord } from '../store/records.ts';
import type { CreateUserRequest, SchoolInfo, UpdateUserRequest, UserInfo } from '../../src/protocol/console.ts';
import type { Role } from '../../src/protocol/entities.ts';
import type { Actor } from '../access/actor.ts';
import { requireUser } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { hashSecret } from '../auth/secrets.ts';
import { newId, now } from '../ids.ts';

export const userInfo = (u: UserRecord): UserInfo => ({ id: u.id, role: u.role, login: u.login, displayName: u.displayName, archived: u.archived, mustChangePassword: u.mustChangePassword });

export class SchoolService {
  constructor(private readonly db: Database) {}

  /** A new school (admin CLI, demo seed). */
  createSchool(name: string): Promise<SchoolInfo> {
    return this.db.write(async (tx) => {
      const school = { id: newId(), name };
      await tx.schools.insert({ ...school, createdAt: now() });
      return school;
    });
  }

  listSchools(): Promise<SchoolInfo[]> {
    return this.db.read((tx) => tx.schools.list());
  }

  isEmpty(): Promise<boolean> {
    return this.db.read(async (tx) => (await tx.schools.count()) === 0);
  }

  school(actor: Actor): Promise<SchoolInfo> {
    return this.db.read(async (tx) => {
      const u = requireUser(actor);
      const school = u ? await tx.schools.byId(u.schoolId) : null;
      if (!school) throw fail('school_not_found');
      return school;
    });
  }

  listUsers(actor: Actor, schoolId?: string): Promise<UserInfo[]> {
    return this.db.read(async (tx) => {
      const it = requireUser(actor, 'it');
      const school = it?.schoolId ?? schoolId;
      if (!school) throw fail('school_not_found');
      return (await tx.users.listBySchool(school)).map(userInfo);
    });
  }

  /** Creates a teacher or IT referent (the school is the IT referent's; SYSTEM names it). */
  async createUser(actor: Actor, req: CreateUserRequest & { schoolId?: string }): Promise<UserInfo> {
    const it = requireUser(actor, 'it');
    const schoolId = it?.schoolId ?? req.schoolId;
    if (!schoolId) throw fail('school_not_found');
    const passwordHash = await hashSecret(req.password);
    return this.db.write(async (tx) => {
      if (await tx.users.byLogin(req.login)) throw fail('login_taken', { login: req.login });
      const id = newId();
      const role: Role = req.role;
      await tx.users.insert({ id, schoolId, role, login: req.login, displayName: req.displayName.trim(), passwordHash, createdAt: now() });
      await recordAudit(tx, actor, 'user_create', { type: 'user', id, label: req.displayName.trim() }, { role }, schoolId);
      const u = await tx.users.byId(id);
      if (!u) throw fail('user_not_found');
      return userInfo(u);
    });
  }

  async updateUser(actor: Actor, id: string, req: UpdateUserRequest): Promise<UserInfo> {
    const it = requireUser(actor, 'it');
    if (it && id === it.userId && req.archived) throw fail('cannot_archive_self');
    const passwordHash = req.password === undefined ? undefined : await hashSecret(req.password);
    return this.db.write(async (tx) => {
      const target = await tx.users.byId(id);
      if (!target || (it && target.schoolId !== it.schoolId)) throw fail('user_not_found');
      // A temporary password must be changed at the next sign-in; a plain new one (or the user's own) needs not.
      const mustChangePassword = passwordHash ? req.temporary === true : undefined;
      await tx.users.update(id, { displayName: req.displayName?.trim(), passwordHash, archived: req.archived, mustChangePassword });
      // A new password or an archived account ends the sessions already open.
      if (passwordHash || req.archived) await tx.sessions.revokeAllOf({ userId: id }, now());
      const label = target.displayName;
      if (passwordHash) await recordAudit(tx, actor, 'password_reset', { type: 'user', id, label }, { temporary: req.temporary === true }, target.schoolId);
      if (req.displayName !== undefined || req.archived !== undefined) {
        await recordAudit(tx, actor, 'user_update', { type: 'user', id, label }, { archived: req.archived ?? null }, target.schoolId);
      }
      const u = await tx.users.byId(id);
      if (!u) throw fail('user_not_found');
      return userInfo(u);
    });
  }
}
