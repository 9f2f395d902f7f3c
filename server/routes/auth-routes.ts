/**
 * Sign-in for teachers / IT referents (password) and students (short secret, on an
 * enrolled tablet). Opaque tokens, stored hashed, with expiry; sign-out revokes.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import type { Store } from '../store/store.ts';
import { StudentLoginRequest, UserLoginRequest } from '../../src/protocol/auth.ts';
import { newToken, verifySecret, hashSecret } from '../auth/secrets.ts';
import { assertNotLocked, recordFailure } from '../auth/lockout.ts';
import { requireDevice, requireUser } from '../auth/principal.ts';
import { HttpError, unauthenticated } from '../errors.ts';
import { now } from '../ids.ts';

/** Teachers' sessions last a school day and a bit; students' a term (tablets go home offline for weeks). */
export const USER_SESSION_MS = 12 * 3600_000;
export const STUDENT_SESSION_MS = 90 * 24 * 3600_000;

/** Hash compared against when the account does not exist, so timing does not reveal logins. */
let dummyHash: Promise<string> | null = null;

export async function authRoutes(root: FastifyInstance, opts: { store: Store }) {
  const { store } = opts;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // Per-IP ceiling on sign-in attempts on top of the per-account lock-out.
  await app.register(rateLimit, { global: false });
  const limited = { rateLimit: { max: 30, timeWindow: 60_000 } };

  app.post('/api/auth/login', { schema: { body: UserLoginRequest }, config: limited }, async (req) => {
    const at = new Date();
    const key = `user:${req.body.login.toLowerCase()}`;
    await assertNotLocked(store.auth, key, at);
    const user = await store.auth.userByLogin(req.body.login);
    dummyHash ??= hashSecret('not-a-password');
    const ok = await verifySecret(req.body.password, user?.passwordHash ?? (await dummyHash));
    if (!user || !ok || user.archived) {
      await recordFailure(store.auth, key, at);
      throw new HttpError(401, 'unauthenticated', 'Wrong login or password.');
    }
    await store.auth.clearLoginFailures(key);
    const { token, hash } = newToken();
    const expiresAt = new Date(at.getTime() + USER_SESSION_MS).toISOString();
    await store.auth.createSession({ kind: 'user', tokenHash: hash, userId: user.id, deviceId: req.device?.deviceId ?? null, expiresAt, createdAt: at.toISOString() });
    return { token, expiresAt, user: { id: user.id, role: user.role, displayName: user.displayName, schoolId: user.schoolId } };
  });

  app.post('/api/auth/student', { schema: { body: StudentLoginRequest }, config: limited }, async (req) => {
    const device = requireDevice(req);
    const at = new Date();
    const key = `student:${req.body.studentId}`;
    await assertNotLocked(store.auth, key, at);
    const student = await store.auth.studentById(req.body.studentId);
    if (!student || student.schoolId !== device.schoolId || student.archived) {
      throw new HttpError(401, 'unauthenticated', 'This student is not known on this school server.');
    }
    if (!(await verifySecret(req.body.secret, student.secretHash))) {
      await recordFailure(store.auth, key, at);
      throw new HttpError(401, 'unauthenticated', 'Wrong secret code.');
    }
    await store.auth.clearLoginFailures(key);
    const { token, hash } = newToken();
    const expiresAt = new Date(at.getTime() + STUDENT_SESSION_MS).toISOString();
    await store.auth.createSession({ kind: 'student', tokenHash: hash, studentId: student.id, deviceId: device.deviceId, expiresAt, createdAt: at.toISOString() });
    return {
      token,
      expiresAt,
      student: { id: student.id, classId: student.classId, firstName: student.firstName, lastName: student.lastName, archived: student.archived },
    };
  });

  app.post('/api/auth/logout', async (req, reply) => {
    if (!req.principal) throw unauthenticated();
    await store.auth.revokeSession(req.principal.tokenHash, now());
    return reply.status(204).send();
  });

  app.get('/api/auth/me', async (req) => {
    const p = req.principal;
    if (!p) throw unauthenticated();
    if (p.kind === 'user') {
      const u = requireUser(req);
      return { kind: 'user', user: { id: u.userId, role: u.role, displayName: u.displayName, schoolId: u.schoolId } };
    }
    return { kind: 'student', student: { id: p.studentId, classId: p.classId, schoolId: p.schoolId }, deviceId: p.deviceId };
  });
}
