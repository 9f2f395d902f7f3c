/**
 * Devices (docs/api.md: "Devices"): enrolment codes shown by a teacher or the IT referent,
 * enrolment of a tablet with a code (again, with its old token), the list with last contact
 * and sync report, revoke, reactivate, lost or stolen, and the sign-in grid of an enrolled tablet.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { Device } from '../../src/protocol/entities.ts';
import { CreateEnrolmentCodeRequest, DeviceRoster, DevicesQuery, EnrolmentCode, EnrolmentCodeInfo, EnrolRequest, EnrolResponse, IdParams } from '../../src/protocol/console.ts';
import { requireDevice } from '../auth/principal.ts';
import { actorOf } from './route-helpers.ts';

export async function deviceRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { devices } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(rateLimit, { global: false, store: opts.services.coordination.rateLimitStore }); // shared by the processes on PostgreSQL

  app.post('/api/devices/codes', { schema: { body: CreateEnrolmentCodeRequest, response: { 201: EnrolmentCode } } }, async (req, reply) =>
    reply.status(201).send(await devices.issueCode(actorOf(req), { classId: req.body.classId ?? null })));

  app.get('/api/devices/codes', { schema: { response: { 200: Type.Array(EnrolmentCodeInfo) } } }, async (req) => devices.listCodes(actorOf(req)));
  app.post('/api/devices/codes/:id/revoke', { schema: { params: IdParams } }, async (req, reply) => {
    await devices.revokeCode(actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  // Anonymous by nature (a new tablet has nothing yet): the code is the credential, so guesses are rate-limited.
  app.post('/api/devices/enrol', { schema: { body: EnrolRequest, response: { 201: EnrolResponse } }, config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (req, reply) =>
    reply.status(201).send(await devices.enrol(req.body.code, req.body.name, req.body.previousDeviceToken)));

  app.get('/api/devices', { schema: { querystring: DevicesQuery, response: { 200: Type.Array(Device) } } }, async (req) => devices.list(actorOf(req), req.query.classId));

  app.post('/api/devices/:id/revoke', { schema: { params: IdParams, response: { 200: Device } } }, async (req) => devices.revoke(actorOf(req), req.params.id));
  app.post('/api/devices/:id/lost', { schema: { params: IdParams, response: { 200: Device } } }, async (req) => devices.revoke(actorOf(req), req.params.id, { lost: true }));
  app.post('/api/devices/:id/reactivate', { schema: { params: IdParams, response: { 200: Device } } }, async (req) => devices.reactivate(actorOf(req), req.params.id));

  app.get('/api/device/roster', { schema: { response: { 200: DeviceRoster } } }, async (req) => devices.roster(requireDevice(req)));
}
