/**
 * Sign-in and sessions. Teachers and IT referents sign in with a password, students with
 * their class's grid and a short secret on an enrolled tablet; tokens are opaque, stored
 * hashed, expire and can be revoked. Rules: every attempt is charged to its lock-out
 * counters when it starts, so concurrent guesses cannot all be checked, and locks grow
 * (lockout.ts); hashing runs on its own bounded queue (hash-queue.ts) with the server key
 * mixed in (secrets.ts), and older hashes are upgraded at a successful sign-in; an unknown login costs the same hashing time as a known one (timing
 * reveals nothing); a student session is bound to the tablet it was opened on, and a revoked
 * tablet or an archived account ends it. Hashing happens outside the transactions.
 */
import type { Database } from '../store/repositories.ts';
import type { StudentCard } from '../../src/protocol/entities.ts';
import type { Role } from '../../src/protocol/entities.ts';
import { fail } from '../domain/domain-error.ts';
import { checkSecret, hashSecret, hashToken, newToken } from './secrets.ts';
import { clearAttempts, reserveAttempt, studentCounters, userCounters } from './lockout.ts';
import { HashQueueFullError } from './hash-queue.ts';
import { currentServerKey } from './server-key.ts';
import { issueKnownBrowserKey, knownBrowserId } from './known-browser.ts';
import type { DevicePrincipal, DeviceRefusal, Principal, WithdrawnCaller } from './principal.ts';
import { studentCard } from '../content/wire.ts';
import { stampIsFresh } from '../store/contact-stamps.ts';

/** Teachers' sessions last a school day and a bit; students' a term (tablets go home offline for weeks). */
export const USER_SESSION_MS = 12 * 3600_000;
export const STUDENT_SESSION_MS = 90 * 24 * 3600_000;

export interface UserSignIn {
  token: string;
  expiresAt: string;
  user: { id: string; role: Role; displayName: string; schoolId: string };
  /** Kept by the browser for this login: its own lock-out counter next time (known-browser.ts). */
  knownBrowserKey: string;
}

export interface StudentSignIn {
  token: string;
  expiresAt: string;
  student: StudentCard;
}

export class AuthService {
  /** Hashes compared against when the account does not exist, so timing does not reveal logins. */
  private readonly dummyHashes = new Map<string, Promise<string>>();
  constructor(private readonly db: Database) {}

  /**
   * Who is calling: the enrolled tablet named by its device token (touched: last contact) and
   * the session named by the bearer token. Either may be null.
   */
  resolve(deviceToken: string | null, bearer: string | null, at: string): Promise<{ device: DevicePrincipal | null; principal: Principal | null; deviceRefusal: DeviceRefusal | null; withdrawn?: WithdrawnCaller }> {
    return this.db.write(async (tx) => {
      let device: DevicePrincipal | null = null;
      // A withdrawn tablet is named as such, so it never reads as an expired session or a wrong secret.
      let deviceRefusal: DeviceRefusal | null = null;
      // A withdrawn (not lost) tablet may still say what it holds: its report is kept (sync-routes.ts).
      let withdrawn: { withdrawn: WithdrawnCaller } | Record<string, never> = {};
      if (deviceToken) {
        const d = await tx.devices.byTokenHash(hashToken(deviceToken));
        // The last contact is written at most once a half-minute: skipped here when the row just read is fresh.
        if (d && !d.revokedAt) {
          device = { deviceId: d.id, schoolId: d.schoolId, classId: d.classId, lastSyncAt: d.lastSyncAt };
          if (!stampIsFresh(d.lastSeenAt, at)) await tx.devices.touch(d.id, at);
        } else if (d) {
          deviceRefusal = d.lostAt ? 'device_lost' : 'device_revoked';
          if (!d.lostAt) withdrawn = { withdrawn: { deviceId: d.id, studentId: null } };
          if (!stampIsFresh(d.lastSeenAt, at)) await tx.devices.touch(d.id, at); // still in contact: the console shows when it last asked
        }
      }
      if (!bearer) return { device, principal: null, deviceRefusal, ...withdrawn };
      const tokenHash = hashToken(bearer);
      const s = await tx.sessions.byTokenHash(tokenHash, at);
      if (!s) return { device, principal: null, deviceRefusal, ...withdrawn };
      if (s.kind === 'user') {
        const u = await tx.users.byId(s.userId);
        const principal: Principal | null = u && !u.archived ? { kind: 'user', userId: u.id, role: u.role, schoolId: u.schoolId, displayName: u.displayName, tokenHash, mustChangePassword: u.mustChangePassword } : null;
        return { device, principal, deviceRefusal, ...withdrawn };
      }
      // The pupil whose session on the withdrawn tablet calls: their work is what its refused push carries.
      if (withdrawn.withdrawn && s.deviceId === withdrawn.withdrawn.deviceId) withdrawn.withdrawn.studentId = s.studentId;
      const st = await tx.students.byId(s.studentId);
      // A student session is bound to the device it was opened on; a revoked device ends it.
      const principal: Principal | null =
        st && !st.archived && device?.deviceId === s.deviceId
          ? { kind: 'student', studentId: st.id, classId: st.classId, schoolId: st.schoolId, deviceId: s.deviceId, tokenHash }
          : null;
      return { device, principal, deviceRefusal, ...withdrawn };
    });
  }

  /** The check, on the hashing queue; a full queue is "busy" (429) rather than a wait of minutes. */
  private async check(secret: string, stored: string) {
    try {
      return await checkSecret(secret, stored);
    } catch (err) {
      if (err instanceof HashQueueFullError) throw fail('sign_in_busy');
      throw err;
    }
  }

  /** Hash compared against when the account does not exist (one per server key: tests open several data dirs). */
  private dummy(): Promise<string> {
    const id = currentServerKey().id;
    if (!this.dummyHashes.has(id)) this.dummyHashes.set(id, hashSecret('not-a-password'));
    return this.dummyHashes.get(id)!;
  }

  /**
   * The attempt is charged to its lock-out counters (lockout.ts) before the password is
   * checked; a hash from before the server key is upgraded on success; the browser gets a
   * known-browser key (its own counter next time).
   */
  async signInUser(req: { login: string; password: string; knownBrowserKey?: string; address: string; deviceId: string | null }): Promise<UserSignIn> {
    const at = new Date();
    const { u, counters } = await this.db.write(async (tx) => {
      const found = await tx.users.byLogin(req.login);
      const browser = found ? knownBrowserId(found, req.knownBrowserKey, at) : null;
      const charged = userCounters(req.login, { address: req.address, knownBrowserId: browser });
      await reserveAttempt(tx, charged, at);
      return { u: found, counters: charged };
    });
    const { ok, upgraded } = await this.check(req.password, u?.passwordHash ?? (await this.dummy()));
    if (!u || !ok || u.archived) throw fail('wrong_credentials');
    return this.db.write(async (tx) => {
      await clearAttempts(tx, counters);
      const hash = upgraded && (await tx.users.replacePasswordHash(u.id, u.passwordHash, upgraded)) ? upgraded : u.passwordHash;
      const { token, hash: tokenHash } = newToken();
      const expiresAt = new Date(at.getTime() + USER_SESSION_MS).toISOString();
      await tx.sessions.insert({ kind: 'user', tokenHash, userId: u.id, deviceId: req.deviceId, expiresAt, createdAt: at.toISOString() });
      return {
        token, expiresAt, user: { id: u.id, role: u.role, displayName: u.displayName, schoolId: u.schoolId, ...(u.mustChangePassword ? { mustChangePassword: true } : {}) },
        knownBrowserKey: issueKnownBrowserKey({ id: u.id, passwordHash: hash }, at),
      };
    });
  }

  /**
   * The signed-in adult's own new password (« Choisissez un nouveau mot de passe » after a
   * temporary one): the current one must be right (a lost-sight session cannot change it), the
   * new one different; the obligation is lifted (the sessions opened before a reset ended with it).
   */
  async changeOwnPassword(user: { userId: string }, currentPassword: string, newPassword: string): Promise<void> {
    const u = await this.db.read((tx) => tx.users.byId(user.userId));
    if (!u || u.archived) throw fail('unauthenticated');
    const { ok } = await this.check(currentPassword, u.passwordHash);
    if (!ok) throw fail('current_password_wrong');
    if ((await this.check(newPassword, u.passwordHash)).ok) throw fail('password_unchanged');
    const passwordHash = await hashSecret(newPassword);
    await this.db.write((tx) => tx.users.update(u.id, { passwordHash, mustChangePassword: false }));
  }

  async signInStudent(device: DevicePrincipal, studentId: string, secret: string): Promise<StudentSignIn> {
    const at = new Date();
    const counters = studentCounters(studentId);
    const student = await this.db.write(async (tx) => {
      const st = await tx.students.byId(studentId);
      if (!st || st.schoolId !== device.schoolId || st.archived) throw fail('student_unknown');
      await reserveAttempt(tx, counters, at);
      return st;
    });
    const { ok, upgraded } = await this.check(secret, student.secretHash);
    if (!ok) throw fail('wrong_secret');
    return this.db.write(async (tx) => {
      await clearAttempts(tx, counters);
      if (upgraded) await tx.students.replaceSecretHash(student.id, student.secretHash, upgraded);
      const { token, hash } = newToken();
      const expiresAt = new Date(at.getTime() + STUDENT_SESSION_MS).toISOString();
      await tx.sessions.insert({ kind: 'student', tokenHash: hash, studentId: student.id, deviceId: device.deviceId, expiresAt, createdAt: at.toISOString() });
      return { token, expiresAt, student: studentCard(student) };
    });
  }

  /** The IT referent's unlock (admin CLI): every counter of a login (all browsers and addresses) or of a student. */
  unlock(who: string): Promise<number> {
    const w = who.trim().toLowerCase();
    return this.db.write(async (tx) => (await tx.loginFailures.clearByPrefix(`user:${w}:`)) + (await tx.loginFailures.clearByPrefix(`student:${w}`)));
  }

  /** Opens a session directly (tests and the demo tooling; never reachable over HTTP). */
  openSession(s: { kind: 'student'; studentId: string; deviceId: string } | { kind: 'user'; userId: string; deviceId: string | null }, ttlMs: number): Promise<string> {
    return this.db.write(async (tx) => {
      const { token, hash } = newToken();
      const at = new Date();
      await tx.sessions.insert({ ...s, tokenHash: hash, expiresAt: new Date(at.getTime() + ttlMs).toISOString(), createdAt: at.toISOString() });
      return token;
    });
  }

  signOut(tokenHash: string, at: string): Promise<void> {
    return this.db.write((tx) => tx.sessions.revoke(tokenHash, at));
  }
}
