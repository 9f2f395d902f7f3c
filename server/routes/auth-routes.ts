/** Sign-in (teachers and IT with a password, students on an enrolled tablet), sign-out, and who am I. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import type { Services } from '../services.ts';
import { ChangePasswordRequest, StudentLoginRequest, UserLoginRequest } from '../../src/protocol/auth.ts';
import { requireDevice, requireUser } from '../auth/principal.ts';
import { fail } from '../domain/domain-error.ts';
import { now } from '../ids.ts';

export { STUDENT_SESSION_MS, USER_SESSION_MS } from '../auth/auth-service.ts';

export async function authRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { auth } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // Per-IP ceiling on sign-in attempts on top of the per-account lock-out (auth/lockout.ts),
  // counted in PostgreSQL when several processes share it (server/cluster/pg-rate-limit-store.ts).
  await app.register(rateLimit, { global: false, store: opts.services.coordination.rateLimitStore });
  const limited = { rateLimit: { max: 30, timeWindow: 60_000 } };

  app.post('/api/auth/login', { schema: { body: UserLoginRequest }, config: limited }, async (req) =>
    auth.signInUser({ ...req.body, address: req.ip, deviceId: req.device?.deviceId ?? null }));

  app.post('/api/auth/student', { schema: { body: StudentLoginRequest }, config: limited }, async (req) =>
    auth.signInStudent(requireDevice(req), req.body.studentId, req.body.secret));

  app.post('/api/auth/logout', async (req, reply) => {
    if (!req.principal) throw fail('unauthenticated');
    await auth.signOut(req.principal.tokenHash, now());
    return reply.status(204).send();
  });

  // Limited like a sign-in: the current password is checked here too.
  app.post('/api/auth/password', { schema: { body: ChangePasswordRequest }, config: limited }, async (req, reply) => {
    await auth.changeOwnPassword(requireUser(req), req.body.currentPassword, req.body.newPassword);
    return reply.status(204).send();
  });

  app.get('/api/auth/me', async (req) => {
    const p = req.principal;
    if (!p) throw fail('unauthenticated');
    if (p.kind === 'user') {
      const u = requireUser(req);
      return { kind: 'user', user: { id: u.userId, role: u.role, displayName: u.displayName, schoolId: u.schoolId, ...(u.mustChangePassword ? { mustChangePassword: true } : {}) } };
    }
    return { kind: 'student', student: { id: p.studentId, classId: p.classId, schoolId: p.schoolId }, deviceId: p.deviceId };
  });
}
