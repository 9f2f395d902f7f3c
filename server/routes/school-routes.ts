/** The school, its users (IT referent only) and the online backup download. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '../services.ts';
import { CreateUserRequest, IdParams, SchoolInfo, UpdateUserRequest, UserInfo } from '../../src/protocol/console.ts';
import { now } from '../ids.ts';
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

  app.get('/api/backup', async (req, reply) => {
    const dir = mkdtempSync(join(tmpdir(), 'cartable-backup-'));
    const file = join(dir, 'cartable.sqlite');
    try {
      await school.backup(actorOf(req), file);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    const stamp = now().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    const stream = createReadStream(file);
    stream.on('close', () => rmSync(dir, { recursive: true, force: true }));
    return reply
      .header('Content-Type', 'application/vnd.sqlite3')
      .header('Content-Disposition', `attachment; filename="cartable-${stamp}.sqlite"`)
      .header('Cache-Control', 'no-store')
      .send(stream);
  });
}
