/**
 * `Cache-Control: no-store` on every API answer that did not choose its own policy: the
 * console runs on the kit's shared mini-PC, where the next adult must find nothing of the
 * previous one in the browser's cache (issue 19). Media keep their own policies (media-routes.ts).
 */
import type { FastifyInstance } from 'fastify';

/** Adds the hook (before the routes, so it sees every /api/ answer, errors included). */
export function installApiNoStore(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
