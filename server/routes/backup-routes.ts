/**
 * The backup archive (IT referent): GET /api/backup streams it (tar: manifest, database,
 * blobs), POST /api/backup/restore takes one as the raw request body (streamed to the staging
 * area, never buffered) and answers what was restored, GET /api/backup/status the scheduled
 * backups. The rules are the service's (server/backup/backup-service.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import type { Services } from '../services.ts';
import { BackupStatus, RestoreResult } from '../../src/protocol/console.ts';
import { fail } from '../domain/domain-error.ts';
import { actorOf } from './route-helpers.ts';

const stampOf = (iso: string) => iso.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');

export async function backupRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { backup } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // The archive arrives as a stream: the service reads it entry by entry.
  app.addContentTypeParser(['application/x-tar', 'application/octet-stream'], (_req, payload, done) => done(null, payload));

  app.get('/api/backup', { compress: false }, async (req, reply) => {
    const a = await backup.archive(actorOf(req));
    return reply
      .header('Content-Type', 'application/x-tar')
      .header('Content-Length', String(a.size))
      .header('Content-Disposition', `attachment; filename="cartable-${stampOf(a.manifest.createdAt)}.tar"`)
      .header('Cache-Control', 'no-store')
      .send(a.stream);
  });

  app.post('/api/backup/restore', { schema: { response: { 200: RestoreResult } } }, async (req) => {
    const body = req.body as Readable | undefined;
    if (!body || typeof (body as Readable).pipe !== 'function') throw fail('restore_body_missing');
    return backup.restore(actorOf(req), body);
  });

  app.get('/api/backup/status', { schema: { response: { 200: BackupStatus } } }, async (req) => backup.status(actorOf(req)));
}
