/** The teacher's side of students' work: read submissions, write feedback and marks, return them. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../store/store.ts';
import { Feedback } from '../../src/protocol/entities.ts';
import { FeedbackRequest, feedbackProblems, IdParams, SubmissionDetail, SubmissionRow } from '../../src/protocol/console.ts';
import { requireUser } from '../auth/principal.ts';
import { badRequest, notFound } from '../errors.ts';
import { accessClass, type ClassNeed } from './class-access.ts';

export async function submissionRoutes(root: FastifyInstance, opts: { store: Store }) {
  const { store } = opts;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  async function submissionFor(req: FastifyRequest, id: string, need: ClassNeed) {
    const u = requireUser(req);
    const s = await store.content.submissionById(id);
    if (!s || s.schoolId !== u.schoolId) throw notFound('This submission');
    await accessClass(store, req, s.classId, need, 'This submission');
    return s;
  }

  app.get('/api/assignments/:id/submissions', { schema: { params: IdParams, response: { 200: Type.Array(SubmissionRow) } } }, async (req) => {
    const u = requireUser(req);
    const a = await store.content.assignmentById(req.params.id);
    if (!a || a.schoolId !== u.schoolId) throw notFound('This assignment');
    await accessClass(store, req, a.classId, 'staff', 'This assignment');
    return store.content.submissionsOf(a.id);
  });

  app.get('/api/submissions/:id', { schema: { params: IdParams, response: { 200: SubmissionDetail } } }, async (req) => submissionFor(req, req.params.id, 'staff'));

  app.put('/api/submissions/:id/feedback', { schema: { params: IdParams, body: FeedbackRequest, response: { 200: Feedback } } }, async (req) => {
    const s = await submissionFor(req, req.params.id, 'teacher');
    const problems = feedbackProblems(s.assignment.questions, req.body);
    if (problems.length) throw badRequest(problems.join(' '), problems);
    return store.content.saveFeedback(s.submission.id, requireUser(req).userId, req.body);
  });

  app.post('/api/submissions/:id/return', { schema: { params: IdParams, response: { 200: Feedback } } }, async (req) => {
    await submissionFor(req, req.params.id, 'teacher');
    return store.content.returnFeedback(req.params.id);
  });
}
