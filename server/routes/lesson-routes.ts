/** Lessons (docs/api.md: "Content"): teachers of the class write and publish; the IT referent may read. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../store/store.ts';
import { Lesson } from '../../src/protocol/entities.ts';
import { CreateLessonRequest, IdParams, PublishRequest, UpdateLessonRequest } from '../../src/protocol/console.ts';
import { requireUser } from '../auth/principal.ts';
import { notFound } from '../errors.ts';
import { accessClass, emptyBodyIsObject, type ClassNeed } from './class-access.ts';

export async function lessonRoutes(root: FastifyInstance, opts: { store: Store }) {
  const { store } = opts;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  /** The lesson if the caller may `need` it; a 404 for ids of other classes or schools. */
  async function lessonFor(req: FastifyRequest, id: string, need: ClassNeed) {
    const u = requireUser(req);
    const l = await store.content.lessonById(id);
    if (!l || l.schoolId !== u.schoolId) throw notFound('This lesson');
    await accessClass(store, req, l.classId, need, 'This lesson');
    return l;
  }

  app.get('/api/classes/:id/lessons', { schema: { params: IdParams, response: { 200: Type.Array(Lesson) } } }, async (req) => {
    await accessClass(store, req, req.params.id, 'staff');
    return store.content.listLessons(req.params.id);
  });

  app.post('/api/classes/:id/lessons', { schema: { params: IdParams, body: CreateLessonRequest, response: { 201: Lesson } } }, async (req, reply) => {
    const { user, cls } = await accessClass(store, req, req.params.id, 'teacher');
    return reply.status(201).send(await store.content.createLesson({ schoolId: cls.schoolId, classId: cls.id, authorId: user.userId }, req.body));
  });

  app.get('/api/lessons/:id', { schema: { params: IdParams, response: { 200: Lesson } } }, async (req) => lessonFor(req, req.params.id, 'staff'));

  app.patch('/api/lessons/:id', { schema: { params: IdParams, body: UpdateLessonRequest, response: { 200: Lesson } } }, async (req) => {
    await lessonFor(req, req.params.id, 'teacher');
    return store.content.updateLesson(req.params.id, req.body);
  });

  app.delete('/api/lessons/:id', { schema: { params: IdParams } }, async (req, reply) => {
    await lessonFor(req, req.params.id, 'teacher');
    await store.content.deleteLesson(req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/lessons/:id/publish', { preValidation: emptyBodyIsObject, schema: { params: IdParams, body: PublishRequest, response: { 200: Lesson } } }, async (req) => {
    await lessonFor(req, req.params.id, 'teacher');
    return store.content.publishLesson(req.params.id, req.body?.groupId);
  });

  app.post('/api/lessons/:id/unpublish', { preValidation: emptyBodyIsObject, schema: { params: IdParams, body: PublishRequest, response: { 200: Lesson } } }, async (req) => {
    await lessonFor(req, req.params.id, 'teacher');
    return store.content.unpublishLesson(req.params.id);
  });
}
