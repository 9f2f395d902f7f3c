/**
 * Devices (docs/api.md: "Devices"): enrolment codes shown by a teacher or the IT referent,
 * enrolment of a tablet with a code, the list with last contact and sync report, revoke,
 * and the sign-in grid of an enrolled tablet. Codes and tokens are kept hashed.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { Type } from 'typebox';
import type { Store } from '../store/store.ts';
import { Device } from '../../src/protocol/entities.ts';
import { CreateEnrolmentCodeRequest, DeviceRoster, DevicesQuery, EnrolmentCode, EnrolRequest, EnrolResponse, IdParams } from '../../src/protocol/console.ts';
import { requireDevice, requireUser } from '../auth/principal.ts';
import { newToken } from '../auth/secrets.ts';
import { hashEnrolmentCode, issueEnrolmentCode } from '../devices/enrolment-codes.ts';
import { badRequest, HttpError, notFound } from '../errors.ts';
import { newId, now } from '../ids.ts';
import { accessClass } from './class-access.ts';

export async function deviceRoutes(root: FastifyInstance, opts: { store: Store }) {
  const { store } = opts;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(rateLimit, { global: false });

  app.post('/api/devices/codes', { schema: { body: CreateEnrolmentCodeRequest, response: { 201: EnrolmentCode } } }, async (req, reply) => {
    const u = requireUser(req);
    const classId = req.body.classId ?? null;
    if (classId) await accessClass(store, req, classId, 'staff');
    else if (u.role !== 'it') throw badRequest('Choose the class the tablets are for.');
    return reply.status(201).send(await issueEnrolmentCode(store, { schoolId: u.schoolId, classId, createdBy: u.userId }));
  });

  // Anonymous by nature (a new tablet has nothing yet): the code is the credential, so guesses are rate-limited.
  app.post('/api/devices/enrol', { schema: { body: EnrolRequest, response: { 201: EnrolResponse } }, config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (req, reply) => {
    const { token, hash } = newToken();
    const enrolled = await store.devices.enrol({ codeHash: hashEnrolmentCode(req.body.code), deviceId: newId(), name: req.body.name.trim(), tokenHash: hash, at: now() });
    if (!enrolled) throw new HttpError(400, 'bad_request', 'This enrolment code is unknown, expired or used up. Ask your teacher for a new one.');
    return reply.status(201).send({ ...enrolled, deviceToken: token });
  });

  app.get('/api/devices', { schema: { querystring: DevicesQuery, response: { 200: Type.Array(Device) } } }, async (req) => {
    const u = requireUser(req);
    if (req.query.classId) {
      await accessClass(store, req, req.query.classId, 'staff');
      return store.devices.listDevices(u.schoolId, { classIds: [req.query.classId] });
    }
    if (u.role === 'it') return store.devices.listDevices(u.schoolId);
    const mine = (await store.roster.listClasses(u.schoolId, u.userId)).map((c) => c.id);
    return store.devices.listDevices(u.schoolId, { classIds: mine });
  });

  app.post('/api/devices/:id/revoke', { schema: { params: IdParams, response: { 200: Device } } }, async (req) => {
    const u = requireUser(req);
    const d = await store.devices.deviceById(req.params.id);
    if (!d || d.schoolId !== u.schoolId) throw notFound('This device');
    if (u.role !== 'it') {
      if (!d.classId) throw notFound('This device');
      await accessClass(store, req, d.classId, 'staff', 'This device');
    }
    return store.devices.revokeDevice(d.id, now());
  });

  app.get('/api/device/roster', { schema: { response: { 200: DeviceRoster } } }, async (req) => {
    const d = requireDevice(req);
    return store.devices.deviceRoster(d.schoolId, d.classId);
  });
}
