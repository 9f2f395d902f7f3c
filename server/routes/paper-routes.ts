/**
 * Paper homework coming back: POST /api/assignments/:id/students/:studentId/paper with the
 * photo of the sheet as the raw body (image/jpeg, png or webp; real type read from the
 * bytes), optionally `?questionId=`. A teacher of the class only (rules in paper-service.ts).
 * Answers 201 `{ submission, attachment }`.
 *
 * Paper packs going out (issue 15): POST /api/assignments/:id/paper-pack `{ studentIds }`
 * answers the PDF (one cover letter + the assignment per pupil); GET …/paper-packs lists who
 * was given one, POST …/paper-packs/sent `{ studentIds }` records that they went out.
 *
 * Sheets coming back (issue 15, rules in paper-return-service.ts): GET …/paper-returns (the
 * printed layouts by pack code, the pages received, the tray), POST …/paper-returns with a
 * page's image as the raw body and what the console's worker read on it in the query,
 * POST …/paper-returns/:pageId/assign and DELETE …/paper-returns/:pageId for the tray,
 * GET …/paper-returns/:pageId/image; on the marking desk GET /api/submissions/:id/paper and
 * PUT /api/submissions/:id/paper-boxes/:questionId `{ ticked }`; GET
 * /api/submissions/:id/correction.pdf prints the correction for the family.
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
import { AssignTrayPage, ConfirmBoxes, PaperReadings, PaperReturnOutcome, PaperReturnQuery, PaperReturnsView } from '../../src/protocol/paper-returns.ts';
import { sendBlob } from './blob-response.ts';

const PaperParams = Type.Object({ id: Id, studentId: Id });
const PaperQuery = Type.Object({ questionId: Type.Optional(Id) });
const PageParams = Type.Object({ id: Id, pageId: Id });
const BoxesParams = Type.Object({ id: Id, questionId: Id });
/** What the route answers. */
export const PaperResponse = Type.Object({ submission: Submission, attachment: AttachmentMeta });

export async function paperRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { paper, paperPacks, paperReturns, media, correction } = opts.services;
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

  app.get('/api/assignments/:id/paper-returns', { schema: { params: IdParams, response: { 200: PaperReturnsView } } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    return paperReturns.returns(actorOf(req), req.params.id);
  });

  app.post('/api/assignments/:id/paper-returns', { schema: { params: IdParams, querystring: PaperReturnQuery, response: { 201: PaperReturnOutcome } } }, async (req, reply) => {
    const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : null;
    const photo = { body, declaredMime: String(req.headers['content-type'] ?? ''), detectedExt: body ? (await fileTypeFromBuffer(body))?.ext : undefined };
    return reply.status(201).send(await paperReturns.receive(actorOf(req), req.params.id, photo, req.query));
  });

  app.post('/api/assignments/:id/paper-returns/:pageId/assign', { schema: { params: PageParams, body: AssignTrayPage, response: { 200: PaperReturnOutcome } } }, async (req) =>
    paperReturns.assign(actorOf(req), req.params.id, req.params.pageId, req.body));

  app.delete('/api/assignments/:id/paper-returns/:pageId', { schema: { params: PageParams } }, async (req, reply) => {
    await paperReturns.discard(actorOf(req), req.params.id, req.params.pageId);
    return reply.status(204).send();
  });

  app.get('/api/assignments/:id/paper-returns/:pageId/image', { schema: { params: PageParams } }, async (req, reply) =>
    sendBlob(req, reply, media.blobs, await paperReturns.image(actorOf(req), req.params.id, req.params.pageId), 'private, no-store'));

  app.get('/api/submissions/:id/paper', { schema: { params: IdParams, response: { 200: PaperReadings } } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    return paperReturns.readings(actorOf(req), req.params.id);
  });

  app.put('/api/submissions/:id/paper-boxes/:questionId', { schema: { params: BoxesParams, body: ConfirmBoxes, response: { 200: PaperReadings } } }, async (req) =>
    paperReturns.confirmBoxes(actorOf(req), req.params.id, req.params.questionId, req.body.ticked));

  app.get('/api/submissions/:id/correction.pdf', { schema: { params: IdParams } }, async (req, reply) => {
    const { pdf, fileName } = await correction.correctionPdf(actorOf(req), req.params.id);
    return reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="${fileName}"`)
      .header('Cache-Control', 'no-store')
      .send(Buffer.from(pdf));
  });
}
