/** Resolves `req.principal` and `req.device` for every request (no database hit without a header). */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthService } from './auth-service.ts';
import { now } from '../ids.ts';

export const DEVICE_HEADER = 'x-cartable-device';

export const authPlugin = fp(async (app: FastifyInstance, opts: { auth: AuthService }) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('device', null);

  app.addHook('onRequest', async (req) => {
    const deviceHeader = req.headers[DEVICE_HEADER];
    const deviceToken = typeof deviceHeader === 'string' && deviceHeader.length > 0 && deviceHeader.length < 200 ? deviceHeader : null;
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') && auth.length <= 300 ? auth.slice(7).trim() : null;
    if (!deviceToken && !bearer) return;
    const { device, principal } = await opts.auth.resolve(deviceToken, bearer || null, now());
    req.device = device;
    req.principal = principal;
  });
});
