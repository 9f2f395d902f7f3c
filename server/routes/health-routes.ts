import type { FastifyInstance } from 'fastify';
import { PROTOCOL, type ProtocolRange } from '../../src/protocol/wire.ts';

/** `GET /api/health`: the reachability probe of the tablets (tiny, no auth, never cached), with the sync protocols this server speaks (src/protocol/wire.ts). */
export async function healthRoutes(app: FastifyInstance, opts: { appVersion: string; protocol?: ProtocolRange }) {
  const { version, oldest } = opts.protocol ?? PROTOCOL;
  app.get('/api/health', async (_req, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { status: 'ok', version: opts.appVersion, protocol: version, oldestProtocol: oldest };
  });
}
