/** The school, its users (IT referent only) and the online backup download. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../store/store.ts';
import { CreateUserRequest, IdParams, SchoolInfo, UpdateUserRequest, UserInfo } from '../../src/protocol/console.ts';
import { requireUser } from '../auth/principal.ts';
import { hashSecret } from '../auth/secrets.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { now } from '../ids.ts';
import { requireIt } from './class-access.ts';

export async function schoolRoutes(root: FastifyInstance, opts: { store: Store }) {
  const { store } = opts;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/school', { schema: { response: { 200: SchoolInfo } } }, async (req) => {
    const u = requireUser(req);
    const school = await store.school.schoolById(u.schoolId);
    if (!school) throw notFound('This school');
    return school;
  });

  app.get('/api/users', { schema: { response: { 200: Type.Array(UserInfo) } } }, async (req) => {
    const it = requireIt(req);
    return store.school.listUsers(it.schoolId);
  });

  app.post('/api/users', { schema: { body: CreateUserRequest, response: { 201: UserInfo } } }, async (req, reply) => {
    const it = requireIt(req);
    const passwordHash = await hashSecret(req.body.password);
    const user = await store.school.createUser({ schoolId: it.schoolId, role: req.body.role, login: req.body.login, displayName: req.body.displayName.trim(), passwordHash });
    return reply.status(201).send(user);
  });

  app.patch('/api/users/:id', { schema: { params: IdParams, body: UpdateUserRequest, response: { 200: UserInfo } } }, async (req) => {
    const it = requireIt(req);
    const target = await store.school.userById(req.params.id);
    if (!target || target.schoolId !== it.schoolId) throw notFound('This user');
    if (target.id === it.userId && req.body.archived) throw badRequest('You cannot archive your own account.');
    const passwordHash = req.body.password === undefined ? undefined : await hashSecret(req.body.password);
    const updated = await store.school.updateUser(target.id, { displayName: req.body.displayName?.trim(), passwordHash, archived: req.body.archived });
    // A new password or an archived account ends the sessions already open.
    if (passwordHash || req.body.archived) await store.auth.revokeSessionsOf({ userId: target.id }, now());
    return updated;
  });

  app.get('/api/backup', async (req, reply) => {
    requireIt(req);
    // The file holds every school on this server: one school's referent may only take it when theirs is the only one.
    if ((await store.school.listSchools()).length > 1) throw forbidden('This server hosts several schools: backups are made by its administrator (npm run admin -- backup).');
    const dir = mkdtempSync(join(tmpdir(), 'cartable-backup-'));
    const file = join(dir, 'cartable.sqlite');
    await store.backup(file);
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
