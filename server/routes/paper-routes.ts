/**
 * Paper homework coming back: POST /api/assignments/:id/students/:studentId/paper with the
 * photo of the sheet as the raw body (image/jpeg, png or webp; real type read from the
 * bytes), optionally `?questionId=`. A teacher of the class only (rules in paper-service.ts).
 * Answers 201 `{ submission, attachment }`.
 *
 * Paper packs going out (issue 15): POST /api/assignments/:id/paper-pack `{ studentIds }`
 * answers the PDF (one cover letter + the assignment per pupil); GET …/paper-packs lists who
 * was given one, POST …/paper-packs/sent `{ studentIds }` records that they went out.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { fileTypeFromBuffer } from 'file-type';
import type { Services } from '../services.ts';
import { AttachmentMeta, Id, Submission } from '../../src/protocol/entities.ts';
import { MAX_PHOTO_BYTES } from '../media/upload-policy.ts';
import { actorOf } from './route-helpers.ts';
import { IdParams } from '../../src/protocol/console.ts';
import { PaperPackList, PaperPackRequest, PaperSentRequest } from '../../src/protocol/paper.ts';

const PaperParams = Type.Object({ id: Id, studentId: Id });
const PaperQuery = Type.Object({ questionId: Type.Optional(Id) });
/** What the route answers. */
export const PaperResponse = Type.Object({ submission: Submission, attachment: AttachmentMeta });

export async function paperRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { paper, paperPacks } = opts.services;
  // Raw image bodies in this scope only; the rest of the server keeps the 1 MiB JSON limit.
  root.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_req, body, done) => done(null, body));
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/api/assignments/:id/students/:studentId/paper', { schema: { params: PaperParams, querystring: PaperQuery, response: { 201: PaperResponse } } }, async (req, reply) => {
    const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : null;
    const photo = { body, declaredMime: String(req.headers['content-type'] ?? ''), detectedExt: body ? (await fileTypeFromBuffer(body))?.ext : undefined };
    return reply.status(201).send(await paper.attachPaperWork(actorOf(req), req.params.id, req.params.studentId, req.query.questionId ?? null, photo));
  });

  app.post('/api/assignments/:id/paper-pack', { schema: { params: IdParams, body: PaperPackRequest } }, async (req, reply) => {
    const { pdf, fileName } = await paperPacks.printPack(actorOf(req), req.params.id, req.body.studentIds);
    return reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="${fileName}"`)
      .header('Cache-Control', 'no-store')
      .send(Buffer.from(pdf));
  });

  app.get('/api/assignments/:id/paper-packs', { schema: { params: IdParams, response: { 200: PaperPackList } } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    return paperPacks.packs(actorOf(req), req.params.id);
  });

  app.post('/api/assignments/:id/paper-packs/sent', { schema: { params: IdParams, body: PaperSentRequest, response: { 200: PaperPackList } } }, async (req) =>
    paperPacks.markSent(actorOf(req), req.params.id, req.body.studentIds));
}
