/**
 * The teacher's annotations over a pupil's photo: the whole layer is PUT at once (an empty
 * list erases it). The body is checked by its schema (marks, coordinates in 0…1, short
 * texts, at most MAX_MARKS) and capped in bytes here, well below the server's JSON limit.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../services.ts';
import { AnnotationsParams, PhotoAnnotations, SaveAnnotationsRequest } from '../../src/protocol/annotations.ts';
import { actorOf } from './route-helpers.ts';

/** One photo's layer: 200 marks or ~12,000 pen coordinates fit in well under this. */
export const ANNOTATIONS_BODY_LIMIT = 128 * 1024;

export async function annotationRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { annotations } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.put('/api/submissions/:id/attachments/:attachmentId/annotations', {
    bodyLimit: ANNOTATIONS_BODY_LIMIT,
    schema: { params: AnnotationsParams, body: SaveAnnotationsRequest, response: { 200: PhotoAnnotations } },
  }, async (req) => annotations.save(actorOf(req), req.params.id, req.params.attachmentId, req.body.marks));
}
