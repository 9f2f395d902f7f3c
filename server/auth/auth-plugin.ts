/** Resolves `req.principal` and `req.device` for every request (no database hit without a header). */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthService } from './auth-service.ts';
import { now } from '../ids.ts';
import { DEVICE_HEADER as WIRE_DEVICE_HEADER } from '../../src/protocol/wire.ts';
import { fail } from '../domain/domain-error.ts';

/** The device header as Node exposes it (lower case); the name is defined once, in src/protocol/wire.ts. */
export const DEVICE_HEADER = WIRE_DEVICE_HEADER.toLowerCase();

/** What a session that must change its password may still call. */
const PASSWORD_CHANGE_ALLOWED = new Set(['POST /api/auth/password', 'GET /api/auth/me', 'POST /api/auth/logout']);

export const authPlugin = fp(async (app: FastifyInstance, opts: { auth: AuthService }) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('device', null);
  app.decorateRequest('deviceRefusal', null);
  app.decorateRequest('withdrawn', null);

  app.addHook('onRequest', async (req) => {
    const deviceHeader = req.headers[DEVICE_HEADER];
    const deviceToken = typeof deviceHeader === 'string' && deviceHeader.length > 0 && deviceHeader.length < 200 ? deviceHeader : null;
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') && auth.length <= 300 ? auth.slice(7).trim() : null;
    if (!deviceToken && !bearer) return;
    const { device, principal, deviceRefusal, withdrawn } = await opts.auth.resolve(deviceToken, bearer || null, now());
    req.device = device;
    req.deviceRefusal = deviceRefusal;
    req.withdrawn = withdrawn ?? null;
    req.principal = principal;
    // A temporary password (set by the IT referent): this session may only change it, ask who it is, or sign out.
    if (principal?.kind === 'user' && principal.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.has(`${req.method} ${req.url.split('?')[0]}`)) {
      throw fail('password_change_required');
    }
  });
});
