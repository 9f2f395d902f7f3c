/**
 * Paper homework coming back: POST /api/assignments/:id/students/:studentId/paper with the
 * photo of the sheet as the raw body (image/jpeg, png or webp; real type read from the
 * bytes), optionally `?questionId=`. A teacher of the class only. The photo goes to the blob
 * store, then one store call attaches it and hands the work in on the student's behalf.
 * Answers 201 `{ submission, attachment }`.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { fileTypeFromBuffer } from 'file-type';
import type { Store } from '../store/store.ts';
import { AttachmentMeta, Id, Submission } from '../../src/protocol/entities.ts';
import { requireUser } from '../auth/principal.ts';
import { conflict, HttpError, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import { accessClass } from './class-access.ts';
import { isAllowedAttachmentMime, MAX_PHOTO_BYTES, realTypeMatches } from './upload-policy.ts';

const PaperParams = Type.Object({ id: Id, studentId: Id });
const PaperQuery = Type.Object({ questionId: Type.Optional(Id) });
/** What the route answers. */
export const PaperResponse = Type.Object({ submission: Submission, attachment: AttachmentMeta });

const MIME_OF_EXT: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export async function paperRoutes(root: FastifyInstance, opts: { store: Store }) {
  const { store } = opts;
  // Raw image bodies in this scope only; the rest of the server keeps the 1 MiB JSON limit.
  root.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_req, body, done) => done(null, body));
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/api/assignments/:id/students/:studentId/paper', { schema: { params: PaperParams, querystring: PaperQuery, response: { 201: PaperResponse } } }, async (req, reply) => {
    const u = requireUser(req);
    const a = await store.content.assignmentById(req.params.id);
    if (!a || a.schoolId !== u.schoolId) throw notFound('This assignment');
    await accessClass(store, req, a.classId, 'teacher', 'This assignment');
    const body = req.body;
    const declared = String(req.headers['content-type'] ?? '');
    if (!Buffer.isBuffer(body) || body.length === 0 || !isAllowedAttachmentMime('photo', declared)) {
      throw new HttpError(415, 'unsupported_media_type', 'Send the photo itself as the body (Content-Type image/jpeg, image/png or image/webp).');
    }
    const ext = (await fileTypeFromBuffer(body))?.ext;
    if (!realTypeMatches('photo', declared, ext)) throw new HttpError(415, 'unsupported_media_type', 'This file is not a JPEG, PNG or WebP photo by its content.');
    const stored = await store.blobs.put(body);
    const result = await store.paper.attachPaperWork({
      assignmentId: a.id, studentId: req.params.studentId, questionId: req.query.questionId ?? null,
      blob: { sha256: stored.sha256, size: stored.size, mime: MIME_OF_EXT[ext!]! }, attachmentId: newId(), at: now(),
    });
    // The blob stays even when refused: content-addressed, harmless, and possibly shared.
    if (!result.ok) {
      if (result.reason === 'not_published') throw conflict('Publish the assignment before attaching paper work to it.');
      if (result.reason === 'unknown_question') throw notFound('This question');
      throw notFound('This student (in the assignment’s class or group)');
    }
    return reply.status(201).send({ submission: result.submission, attachment: result.attachment });
  });
}
