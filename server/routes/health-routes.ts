import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../src/protocol/version.ts';

/** `GET /api/health`: the reachability probe of the tablets (tiny, no auth, never cached). */
export async function healthRoutes(app: FastifyInstance, opts: { appVersion: string }) {
  app.get('/api/health', async (_req, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { status: 'ok', version: opts.appVersion, protocol: PROTOCOL_VERSION };
  });
}
