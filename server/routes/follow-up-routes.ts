/**
 * The teacher's follow-up of pupils' work (issue 13; rules in content/follow-up-service.ts and
 * media/feedback-audio-service.ts):
 * - POST /api/submissions/:id/send-back `{message}` → Submission (« À refaire »);
 * - PUT /api/assignments/:id/students/:studentId/due `{dueAt | null}` → the pupil's own due date;
 * - POST /api/assignments/:id/reminders `{message?}` → how many pupils were reminded;
 * - POST /api/submissions/:id/feedback/audio?durationMs= raw audio body → Feedback (the spoken
 *   comment); DELETE the same path → Feedback without it;
 * - GET /media/feedback/:id → the recording (under /media/: the tablet's service worker caches
 *   it like lesson media; content never changes under an id, so immutable for the pupil).
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { fileTypeFromBuffer } from 'file-type';
import type { Services } from '../services.ts';
import { Feedback, Submission } from '../../src/protocol/entities.ts';
import { IdParams } from '../../src/protocol/console.ts';
import { DueOverrideRequest, DueOverrideResult, DueParams, FeedbackAudioQuery, ReminderRequest, ReminderResult, SendBackRequest } from '../../src/protocol/follow-up.ts';
import { MAX_AUDIO_BYTES } from '../media/upload-policy.ts';
import { actorOf, emptyBodyIsObject } from './route-helpers.ts';
import { sendBlob } from './blob-response.ts';
import { ATTACHMENT_CACHE_STAFF, LESSON_MEDIA_CACHE } from './media-routes.ts';

export async function followUpRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { followUp, feedbackAudio, blobs } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/api/submissions/:id/send-back', { schema: { params: IdParams, body: SendBackRequest, response: { 200: Submission } } }, async (req) =>
    followUp.sendBack(actorOf(req), req.params.id, req.body.message));

  app.put('/api/assignments/:id/students/:studentId/due', { schema: { params: DueParams, body: DueOverrideRequest, response: { 200: DueOverrideResult } } }, async (req) =>
    followUp.setDue(actorOf(req), req.params.id, req.params.studentId, req.body.dueAt));

  app.post('/api/assignments/:id/reminders', { preValidation: emptyBodyIsObject, schema: { params: IdParams, body: ReminderRequest, response: { 200: ReminderResult } } }, async (req) =>
    followUp.remind(actorOf(req), req.params.id, req.body.message));

  await app.register(async (upload) => {
    // A raw recording, this scope only; everything else keeps the 1 MiB JSON limit.
    upload.addContentTypeParser(/^audio\//, { parseAs: 'buffer', bodyLimit: MAX_AUDIO_BYTES }, (_req, body, done) => done(null, body));
    const typed = upload.withTypeProvider<TypeBoxTypeProvider>();
    typed.post('/api/submissions/:id/feedback/audio', { schema: { params: IdParams, querystring: FeedbackAudioQuery, response: { 200: Feedback } } }, async (req) => {
      const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : null;
      const ext = body ? (await fileTypeFromBuffer(body))?.ext : undefined;
      return feedbackAudio.attach(actorOf(req), req.params.id, { body, detectedExt: ext, durationMs: Number(req.query.durationMs) });
    });
  });

  app.delete('/api/submissions/:id/feedback/audio', { schema: { params: IdParams, response: { 200: Feedback } } }, async (req) => feedbackAudio.remove(actorOf(req), req.params.id));

  app.get('/media/feedback/:id', { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }) }, compress: false }, async (req, reply) =>
    sendBlob(req, reply, blobs, await feedbackAudio.readable(actorOf(req), req.params.id), req.principal?.kind === 'user' ? ATTACHMENT_CACHE_STAFF : LESSON_MEDIA_CACHE));
}
