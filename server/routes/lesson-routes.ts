/** Lessons (docs/api.md: "Content"): teachers of the class write and publish; the IT referent may read. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { Lesson } from '../../src/protocol/entities.ts';
import { CreateLessonRequest, IdParams, PublishRequest, UpdateLessonRequest } from '../../src/protocol/console.ts';
import { actorOf, emptyBodyIsObject } from './route-helpers.ts';

export async function lessonRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { content } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/classes/:id/lessons', { schema: { params: IdParams, response: { 200: Type.Array(Lesson) } } }, async (req) => content.listLessons(actorOf(req), req.params.id));

  app.post('/api/classes/:id/lessons', { schema: { params: IdParams, body: CreateLessonRequest, response: { 201: Lesson } } }, async (req, reply) =>
    reply.status(201).send(await content.createLesson(actorOf(req), req.params.id, req.body)));

  app.get('/api/lessons/:id', { schema: { params: IdParams, response: { 200: Lesson } } }, async (req) => content.lesson(actorOf(req), req.params.id));

  app.patch('/api/lessons/:id', { schema: { params: IdParams, body: UpdateLessonRequest, response: { 200: Lesson } } }, async (req) =>
    content.updateLesson(actorOf(req), req.params.id, req.body));

  app.delete('/api/lessons/:id', { schema: { params: IdParams } }, async (req, reply) => {
    await content.deleteLesson(actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/lessons/:id/publish', { preValidation: emptyBodyIsObject, schema: { params: IdParams, body: PublishRequest, response: { 200: Lesson } } }, async (req) =>
    content.publishLesson(actorOf(req), req.params.id, req.body?.groupId));

  app.post('/api/lessons/:id/unpublish', { preValidation: emptyBodyIsObject, schema: { params: IdParams, body: PublishRequest, response: { 200: Lesson } } }, async (req) =>
    content.unpublishLesson(actorOf(req), req.params.id));
}
