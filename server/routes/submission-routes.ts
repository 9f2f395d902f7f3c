/** The teacher's side of students' work: read submissions, write feedback and marks, return them. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { Feedback } from '../../src/protocol/entities.ts';
import { FeedbackRequest, IdParams, SubmissionDetail, SubmissionRow } from '../../src/protocol/console.ts';
import { actorOf } from './route-helpers.ts';

export async function submissionRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { marking } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/assignments/:id/submissions', { schema: { params: IdParams, response: { 200: Type.Array(SubmissionRow) } } }, async (req) =>
    marking.submissionsOf(actorOf(req), req.params.id));

  app.get('/api/submissions/:id', { schema: { params: IdParams, response: { 200: SubmissionDetail } } }, async (req) => marking.submission(actorOf(req), req.params.id));

  app.put('/api/submissions/:id/feedback', { schema: { params: IdParams, body: FeedbackRequest, response: { 200: Feedback } } }, async (req) =>
    marking.saveFeedback(actorOf(req), req.params.id, req.body));

  app.post('/api/submissions/:id/return', { schema: { params: IdParams, response: { 200: Feedback } } }, async (req) => marking.returnFeedback(actorOf(req), req.params.id));
}
