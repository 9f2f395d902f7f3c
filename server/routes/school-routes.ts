/** The school and its users (IT referent only). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { CreateUserRequest, IdParams, SchoolInfo, UpdateUserRequest, UserInfo } from '../../src/protocol/console.ts';
import { actorOf } from './route-helpers.ts';

export async function schoolRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { school } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/school', { schema: { response: { 200: SchoolInfo } } }, async (req) => school.school(actorOf(req)));

  app.get('/api/users', { schema: { response: { 200: Type.Array(UserInfo) } } }, async (req) => school.listUsers(actorOf(req)));

  app.post('/api/users', { schema: { body: CreateUserRequest, response: { 201: UserInfo } } }, async (req, reply) =>
    reply.status(201).send(await school.createUser(actorOf(req), req.body)));

  app.patch('/api/users/:id', { schema: { params: IdParams, body: UpdateUserRequest, response: { 200: UserInfo } } }, async (req) =>
    school.updateUser(actorOf(req), req.params.id, req.body));
}
