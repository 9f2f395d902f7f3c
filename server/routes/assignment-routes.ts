/**
 * Assignments (docs/api.md: "Content"): teachers of the class write, publish and edit
 * (a published edit bumps the version the tablets compare drafts against); IT may read.
 * PUT /api/assignments/:id/schedule `{publishAt, groupId?}` schedules a draft's publication
 * (the server publishes it then: content/publish-scheduler.ts); DELETE …/schedule cancels it.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { Assignment } from '../../src/protocol/entities.ts';
import { CreateAssignmentRequest, DuplicateAssignmentRequest, IdParams, PublishRequest, ScheduleRequest, UpdateAssignmentRequest } from '../../src/protocol/console.ts';
import { actorOf, emptyBodyIsObject } from './route-helpers.ts';

export async function assignmentRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { content } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/classes/:id/assignments', { schema: { params: IdParams, response: { 200: Type.Array(Assignment) } } }, async (req) =>
    content.listAssignments(actorOf(req), req.params.id));

  app.post('/api/classes/:id/assignments', { schema: { params: IdParams, body: CreateAssignmentRequest, response: { 201: Assignment } } }, async (req, reply) =>
    reply.status(201).send(await content.createAssignment(actorOf(req), req.params.id, req.body)));

  app.get('/api/assignments/:id', { schema: { params: IdParams, response: { 200: Assignment } } }, async (req) => content.assignment(actorOf(req), req.params.id));

  app.patch('/api/assignments/:id', { schema: { params: IdParams, body: UpdateAssignmentRequest, response: { 200: Assignment } } }, async (req) =>
    content.updateAssignment(actorOf(req), req.params.id, req.body));

  app.delete('/api/assignments/:id', { schema: { params: IdParams } }, async (req, reply) => {
    await content.deleteAssignment(actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/assignments/:id/duplicate', { schema: { params: IdParams, body: DuplicateAssignmentRequest, response: { 201: Assignment } } }, async (req, reply) =>
    reply.status(201).send(await content.duplicateAssignment(actorOf(req), req.params.id, req.body)));

  app.post('/api/assignments/:id/publish', { preValidation: emptyBodyIsObject, schema: { params: IdParams, body: PublishRequest, response: { 200: Assignment } } }, async (req) =>
    content.publishAssignment(actorOf(req), req.params.id, req.body?.groupId));

  app.put('/api/assignments/:id/schedule', { schema: { params: IdParams, body: ScheduleRequest, response: { 200: Assignment } } }, async (req) =>
    content.scheduleAssignment(actorOf(req), req.params.id, req.body));

  app.delete('/api/assignments/:id/schedule', { schema: { params: IdParams, response: { 200: Assignment } } }, async (req) =>
    content.unscheduleAssignment(actorOf(req), req.params.id));

  app.post('/api/assignments/:id/unpublish', { preValidation: emptyBodyIsObject, schema: { params: IdParams, body: PublishRequest, response: { 200: Assignment } } }, async (req) =>
    content.unpublishAssignment(actorOf(req), req.params.id));
}
