/**
 * Assignments (docs/api.md: "Content"): teachers of the class write, publish and edit
 * (a published edit bumps the version the tablets compare drafts against); IT may read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../store/store.ts';
import { Assignment, type Question } from '../../src/protocol/entities.ts';
import { CreateAssignmentRequest, IdParams, PublishRequest, questionProblems, UpdateAssignmentRequest } from '../../src/protocol/console.ts';
import { requireUser } from '../auth/principal.ts';
import { badRequest, notFound } from '../errors.ts';
import { accessClass, emptyBodyIsObject, type ClassNeed } from './class-access.ts';

/** Rules the JSON schema cannot say: ≥ 2 choices, unique ids, a real due date. */
function checkContent(body: { questions?: Question[]; dueAt?: string | null }) {
  const problems = body.questions ? questionProblems(body.questions) : [];
  if (typeof body.dueAt === 'string' && Number.isNaN(Date.parse(body.dueAt))) problems.push('The due date is not a valid date.');
  if (problems.length) throw badRequest(problems.join(' '), problems);
}

export async function assignmentRoutes(root: FastifyInstance, opts: { store: Store }) {
  const { store } = opts;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  async function assignmentFor(req: FastifyRequest, id: string, need: ClassNeed) {
    const u = requireUser(req);
    const a = await store.content.assignmentById(id);
    if (!a || a.schoolId !== u.schoolId) throw notFound('This assignment');
    await accessClass(store, req, a.classId, need, 'This assignment');
    return a;
  }

  app.get('/api/classes/:id/assignments', { schema: { params: IdParams, response: { 200: Type.Array(Assignment) } } }, async (req) => {
    await accessClass(store, req, req.params.id, 'staff');
    return store.content.listAssignments(req.params.id);
  });

  app.post('/api/classes/:id/assignments', { schema: { params: IdParams, body: CreateAssignmentRequest, response: { 201: Assignment } } }, async (req, reply) => {
    const { user, cls } = await accessClass(store, req, req.params.id, 'teacher');
    checkContent(req.body);
    return reply.status(201).send(await store.content.createAssignment({ schoolId: cls.schoolId, classId: cls.id, authorId: user.userId }, req.body));
  });

  app.get('/api/assignments/:id', { schema: { params: IdParams, response: { 200: Assignment } } }, async (req) => assignmentFor(req, req.params.id, 'staff'));

  app.patch('/api/assignments/:id', { schema: { params: IdParams, body: UpdateAssignmentRequest, response: { 200: Assignment } } }, async (req) => {
    await assignmentFor(req, req.params.id, 'teacher');
    checkContent(req.body);
    return store.content.updateAssignment(req.params.id, req.body);
  });

  app.delete('/api/assignments/:id', { schema: { params: IdParams } }, async (req, reply) => {
    await assignmentFor(req, req.params.id, 'teacher');
    await store.content.deleteAssignment(req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/assignments/:id/publish', { preValidation: emptyBodyIsObject, schema: { params: IdParams, body: PublishRequest, response: { 200: Assignment } } }, async (req) => {
    await assignmentFor(req, req.params.id, 'teacher');
    return store.content.publishAssignment(req.params.id, req.body?.groupId);
  });

  app.post('/api/assignments/:id/unpublish', { preValidation: emptyBodyIsObject, schema: { params: IdParams, body: PublishRequest, response: { 200: Assignment } } }, async (req) => {
    await assignmentFor(req, req.params.id, 'teacher');
    return store.content.unpublishAssignment(req.params.id);
  });
}
