/**
 * How the server knows which tablet asks for the app shell (issue 16; docs/updates.md).
 * The app's own requests carry the device token in a header (X-Cartable-Device), but the
 * browser fetches index.html, sw.js and the precached files by itself — no header. So the
 * server also hands the tablet its token as an HttpOnly cookie, set on the answer to the first
 * request that carries the header (the roster fetch right after enrolment, or the next sync of
 * an already-enrolled tablet) and renewed when the header changes (enrolled again). Same-origin
 * fetches — the service worker's update check of sw.js and its precache downloads included —
 * send it. The cookie only picks which build is served: the API never authenticates with it
 * (auth-plugin.ts reads the header only), so it opens no cross-site request forgery.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DEVICE_HEADER } from '../auth/auth-plugin.ts';

export const DEVICE_COOKIE = 'cartable_device';
/** Five years: a tablet keeps its enrolment for as long as it is in service. */
const MAX_AGE_SECONDS = 5 * 365 * 24 * 3600;
const TOKEN = /^[A-Za-z0-9_-]{16,200}$/;

/** The device token in the request's cookie, or null. */
export function deviceCookie(req: FastifyRequest): string | null {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === DEVICE_COOKIE) {
      const value = rest.join('=');
      return TOKEN.test(value) ? value : null;
    }
  }
  return null;
}

/** Sets the cookie on answers to an enrolled tablet's requests that lack it (or carry an old token). */
export const deviceCookiePlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onSend', async (req, reply) => {
    if (!req.device) return;
    const token = req.headers[DEVICE_HEADER];
    if (typeof token !== 'string' || !TOKEN.test(token) || deviceCookie(req) === token) return;
    const secure = req.protocol === 'https' ? '; Secure' : '';
    reply.header('Set-Cookie', `${DEVICE_COOKIE}=${token}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict${secure}`);
  });
});
