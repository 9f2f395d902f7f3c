/**
 * Software updates piloted by the school server (issue 16; docs/updates.md, docs/api.md):
 * the tablet's check-in (POST /api/device/app-status: what it runs, the errors it counted;
 * answers its update policy) and the IT referent's « Mises à jour » (GET /api/updates, who
 * runs what, rollback, halt and resume, the window and the minimum version). Rules live in
 * server/updates/update-service.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../services.ts';
import { AppStatusReport, AppUpdatePolicy, RollbackRequest, RolloutRequest, UpdateSettings, UpdatesOverview } from '../../src/protocol/app-updates.ts';
import { IdParams } from '../../src/protocol/console.ts';
import { requireDevice } from '../auth/principal.ts';
import { actorOf, emptyBodyIsObject } from './route-helpers.ts';
import { APP_STATUS_PATH } from '../../src/protocol/wire.ts';

export async function updateRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { updates } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(APP_STATUS_PATH, { schema: { body: AppStatusReport, response: { 200: AppUpdatePolicy } } }, async (req) => updates.checkIn(requireDevice(req), req.body));

  const overview = { response: { 200: UpdatesOverview } };
  app.get('/api/updates', { schema: overview }, async (req) => updates.overview(actorOf(req)));
  app.put('/api/updates/rollout', { schema: { body: RolloutRequest, ...overview } }, async (req) => updates.setRollout(actorOf(req), req.body));
  app.post('/api/updates/builds/:id/rollback', { schema: { params: IdParams, body: RollbackRequest, ...overview }, preValidation: emptyBodyIsObject }, async (req) =>
    updates.rollback(actorOf(req), req.params.id, req.body));
  app.post('/api/updates/halt', { schema: overview }, async (req) => updates.halt(actorOf(req)));
  app.post('/api/updates/resume', { schema: overview }, async (req) => updates.resume(actorOf(req)));
  app.put('/api/updates/settings', { schema: { body: UpdateSettings, ...overview } }, async (req) => updates.updateSettings(actorOf(req), req.body));
}
