/** Resolves `req.principal` and `req.device` for every request (no DB hit without a header). */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Store } from '../store/store.ts';
import { hashToken } from './secrets.ts';
import { now } from '../ids.ts';

export const DEVICE_HEADER = 'x-cartable-device';

export const authPlugin = fp(async (app: FastifyInstance, opts: { store: Store }) => {
  const { store } = opts;
  app.decorateRequest('principal', null);
  app.decorateRequest('device', null);

  app.addHook('onRequest', async (req) => {
    const at = now();
    const deviceToken = req.headers[DEVICE_HEADER];
    if (typeof deviceToken === 'string' && deviceToken.length > 0 && deviceToken.length < 200) {
      const d = await store.auth.deviceByTokenHash(hashToken(deviceToken));
      if (d && !d.revokedAt) {
        req.device = { deviceId: d.id, schoolId: d.schoolId, classId: d.classId };
        await store.auth.touchDevice(d.id, at);
      }
    }
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !auth.startsWith('Bearer ') || auth.length > 300) return;
    const tokenHash = hashToken(auth.slice(7).trim());
    const s = await store.auth.sessionByTokenHash(tokenHash, at);
    if (!s) return;
    if (s.kind === 'user') {
      const u = await store.auth.userById(s.userId);
      if (u && !u.archived) req.principal = { kind: 'user', userId: u.id, role: u.role, schoolId: u.schoolId, displayName: u.displayName, tokenHash };
    } else {
      const st = await store.auth.studentById(s.studentId);
      // A student session is bound to the device it was opened on; a revoked device ends it.
      if (st && !st.archived && req.device?.deviceId === s.deviceId) {
        req.principal = { kind: 'student', studentId: st.id, classId: st.classId, schoolId: st.schoolId, deviceId: s.deviceId, tokenHash };
      }
    }
  });
});
