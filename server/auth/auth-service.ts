/**
 * Sign-in and sessions. Teachers and IT referents sign in with a password, students with
 * their class's grid and a short secret on an enrolled tablet; tokens are opaque, stored
 * hashed, expire and can be revoked. Rules: wrong attempts lock the account for a growing
 * time (lockout.ts); an unknown login costs the same hashing time as a known one (timing
 * reveals nothing); a student session is bound to the tablet it was opened on, and a revoked
 * tablet or an archived account ends it. Hashing happens outside the transactions.
 */
import type { Database } from '../store/repositories.ts';
import type { StudentCard } from '../../src/protocol/entities.ts';
import type { Role } from '../../src/protocol/entities.ts';
import { fail } from '../domain/domain-error.ts';
import { hashSecret, hashToken, newToken, verifySecret } from './secrets.ts';
import { assertNotLocked, recordFailure } from './lockout.ts';
import type { DevicePrincipal, Principal } from './principal.ts';
import { studentCard } from '../content/wire.ts';

/** Teachers' sessions last a school day and a bit; students' a term (tablets go home offline for weeks). */
export const USER_SESSION_MS = 12 * 3600_000;
export const STUDENT_SESSION_MS = 90 * 24 * 3600_000;

export interface UserSignIn {
  token: string;
  expiresAt: string;
  user: { id: string; role: Role; displayName: string; schoolId: string };
}

export interface StudentSignIn {
  token: string;
  expiresAt: string;
  student: StudentCard;
}

export class AuthService {
  /** Hash compared against when the account does not exist, so timing does not reveal logins. */
  private dummyHash: Promise<string> | null = null;
  constructor(private readonly db: Database) {}

  /**
   * Who is calling: the enrolled tablet named by its device token (touched: last contact) and
   * the session named by the bearer token. Either may be null.
   */
  resolve(deviceToken: string | null, bearer: string | null, at: string): Promise<{ device: DevicePrincipal | null; principal: Principal | null }> {
    return this.db.write(async (tx) => {
      let device: DevicePrincipal | null = null;
      if (deviceToken) {
        const d = await tx.devices.byTokenHash(hashToken(deviceToken));
        if (d && !d.revokedAt) {
          device = { deviceId: d.id, schoolId: d.schoolId, classId: d.classId };
          await tx.devices.touch(d.id, at);
        }
      }
      if (!bearer) return { device, principal: null };
      const tokenHash = hashToken(bearer);
      const s = await tx.sessions.byTokenHash(tokenHash, at);
      if (!s) return { device, principal: null };
      if (s.kind === 'user') {
        const u = await tx.users.byId(s.userId);
        const principal: Principal | null = u && !u.archived ? { kind: 'user', userId: u.id, role: u.role, schoolId: u.schoolId, displayName: u.displayName, tokenHash } : null;
        return { device, principal };
      }
      const st = await tx.students.byId(s.studentId);
      // A student session is bound to the device it was opened on; a revoked device ends it.
      const principal: Principal | null =
        st && !st.archived && device?.deviceId === s.deviceId
          ? { kind: 'student', studentId: st.id, classId: st.classId, schoolId: st.schoolId, deviceId: s.deviceId, tokenHash }
          : null;
      return { device, principal };
    });
  }

  async signInUser(login: string, password: string, deviceId: string | null): Promise<UserSignIn> {
    const at = new Date();
    const key = `user:${login.toLowerCase()}`;
    const user = await this.db.read(async (tx) => {
      await assertNotLocked(tx, key, at);
      return tx.users.byLogin(login);
    });
    this.dummyHash ??= hashSecret('not-a-password');
    const ok = await verifySecret(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !ok || user.archived) {
      // Recorded in its own transaction: the refusal must not roll it back.
      await this.db.write((tx) => recordFailure(tx, key, at));
      throw fail('wrong_credentials');
    }
    return this.db.write(async (tx) => {
      await tx.loginFailures.clear(key);
      const { token, hash } = newToken();
      const expiresAt = new Date(at.getTime() + USER_SESSION_MS).toISOString();
      await tx.sessions.insert({ kind: 'user', tokenHash: hash, userId: user.id, deviceId, expiresAt, createdAt: at.toISOString() });
      return { token, expiresAt, user: { id: user.id, role: user.role, displayName: user.displayName, schoolId: user.schoolId } };
    });
  }

  async signInStudent(device: DevicePrincipal, studentId: string, secret: string): Promise<StudentSignIn> {
    const at = new Date();
    const key = `student:${studentId}`;
    const student = await this.db.read(async (tx) => {
      await assertNotLocked(tx, key, at);
      return tx.students.byId(studentId);
    });
    if (!student || student.schoolId !== device.schoolId || student.archived) throw fail('student_unknown');
    const ok = await verifySecret(secret, student.secretHash);
    if (!ok) {
      await this.db.write((tx) => recordFailure(tx, key, at));
      throw fail('wrong_secret');
    }
    return this.db.write(async (tx) => {
      await tx.loginFailures.clear(key);
      const { token, hash } = newToken();
      const expiresAt = new Date(at.getTime() + STUDENT_SESSION_MS).toISOString();
      await tx.sessions.insert({ kind: 'student', tokenHash: hash, studentId: student.id, deviceId: device.deviceId, expiresAt, createdAt: at.toISOString() });
      return { token, expiresAt, student: studentCard(student) };
    });
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
