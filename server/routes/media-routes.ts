/**
 * Reading media, and teachers adding media to lessons (rules in media/media-service.ts).
 * - GET /files/attachments/:id — a student's photo or recording. Revalidated (no-cache).
 * - GET /media/:id — lesson media. Content-addressed, so immutable for a year.
 * - POST /api/lessons/:id/media — raw image/audio body (?name=), real type from the magic
 *   bytes, size limit → MediaRef; PATCH /api/lessons/:id/media/:mediaId `{description}` → MediaRef
 *   (the image's alternative text on the tablets); DELETE /api/lessons/:id/media/:mediaId → 204.
 * - The same for an assignment: POST /api/assignments/:id/media (?name=, ?questionId= — absent:
 *   the instructions), PATCH and DELETE /api/assignments/:id/media/:mediaId.
 * Media is never compressed again by the server (already compressed; ranges must stay exact).
 */
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { fileTypeFromBuffer } from 'file-type';
import type { Services } from '../services.ts';
import { sendBlob } from './blob-response.ts';
import { uploadRoutes } from './upload-routes.ts';
import { actorOf } from './route-helpers.ts';
import { MAX_LESSON_MEDIA_BYTES } from '../media/upload-policy.ts';

export const LESSON_MEDIA_CACHE = 'private, max-age=31536000, immutable';
export const ATTACHMENT_CACHE = 'private, no-cache';
/** A pupil's photo read by an adult on a shared mini-PC is never written to that browser's cache (issue 19). */
export const ATTACHMENT_CACHE_STAFF = 'private, no-store';

const IdParam = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Registers the media area: tus uploads (upload-routes.ts) and the routes above. */
export async function mediaRoutes(root: FastifyInstance, opts: { services: Services; dataDir: string; uploadDir?: string; log?: (line: string) => void }) {
  const { media } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(uploadRoutes, { media, uploadDir: opts.uploadDir ?? join(opts.dataDir, 'uploads'), coordination: opts.services.coordination, log: opts.log });
  const noCompress = { compress: false as const };

  app.get('/files/attachments/:id', { schema: { params: IdParam }, ...noCompress }, async (req, reply) =>
    sendBlob(req, reply, media.blobs, await media.readableAttachment(actorOf(req), req.params.id), req.principal?.kind === 'user' ? ATTACHMENT_CACHE_STAFF : ATTACHMENT_CACHE));

  app.get('/media/:id', { schema: { params: IdParam }, ...noCompress }, async (req, reply) =>
    sendBlob(req, reply, media.blobs, await media.readableLessonMedia(actorOf(req), req.params.id), LESSON_MEDIA_CACHE));

  await app.register(async (upload) => {
    // Raw media bodies, this scope only; everything else keeps the 1 MiB JSON limit.
    upload.addContentTypeParser(/^(image|audio)\//, { parseAs: 'buffer', bodyLimit: MAX_LESSON_MEDIA_BYTES }, (_req, body, done) => done(null, body));
    const typed = upload.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/api/lessons/:id/media',
      { schema: { params: IdParam, querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 300 })) }) } },
      async (req, reply) => {
        const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : null;
        const declaredKind = String(req.headers['content-type'] ?? '').split('/')[0] ?? '';
        const ext = body ? (await fileTypeFromBuffer(body))?.ext : undefined;
        return reply.status(201).send(await media.addLessonMedia(actorOf(req), req.params.id, { body, declaredKind, name: req.query.name, detectedExt: ext }));
      },
    );
    typed.post(
      '/api/assignments/:id/media',
      { schema: { params: IdParam, querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 300 })), questionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }) } },
      async (req, reply) => {
        const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : null;
        const declaredKind = String(req.headers['content-type'] ?? '').split('/')[0] ?? '';
        const ext = body ? (await fileTypeFromBuffer(body))?.ext : undefined;
        return reply.status(201).send(await media.addAssignmentMedia(actorOf(req), req.params.id, req.query.questionId ?? null, { body, declaredKind, name: req.query.name, detectedExt: ext }));
      },
    );
  });

  app.patch('/api/lessons/:id/media/:mediaId', {
    schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }), mediaId: Type.String({ maxLength: 64 }) }), body: Type.Object({ description: Type.String({ maxLength: 500 }) }, { additionalProperties: false }) },
  }, async (req) => media.describeLessonMedia(actorOf(req), req.params.id, req.params.mediaId, req.body.description));

  const MediaParams = Type.Object({ id: Type.String({ maxLength: 64 }), mediaId: Type.String({ maxLength: 64 }) });
  app.patch('/api/assignments/:id/media/:mediaId', {
    schema: { params: MediaParams, body: Type.Object({ description: Type.String({ maxLength: 500 }) }, { additionalProperties: false }) },
  }, async (req) => media.describeAssignmentMedia(actorOf(req), req.params.id, req.params.mediaId, req.body.description));

  app.delete('/api/assignments/:id/media/:mediaId', { schema: { params: MediaParams } }, async (req, reply) => {
    await media.removeAssignmentMedia(actorOf(req), req.params.id, req.params.mediaId);
    return reply.status(204).send();
  });

  app.delete('/api/lessons/:id/media/:mediaId', { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }), mediaId: Type.String({ maxLength: 64 }) }) } }, async (req, reply) => {
    await media.removeLessonMedia(actorOf(req), req.params.id, req.params.mediaId);
    return reply.status(204).send();
  });
}
