/**
 * `POST /api/sync/push` and `GET /api/sync/pull` for a signed-in student on their enrolled
 * tablet (the session is bound to the X-Cartable-Device header). The body's deviceId must be
 * the session's device; ownership always comes from the session, never from the body.
 * Sync answers are JSON read by a worker, never rendered: they drop the document-only
 * security headers (CSP, framing, permissions) so that a no-change sync stays well under
 * 1 KB on the wire; nosniff and no-referrer stay. A pull may carry the device report in a
 * compact header (when it changed), so that a sync with nothing to push is one request.
 * A withdrawn tablet is refused (`device_revoked`), but the report it sends is recorded first:
 * the work it still holds must keep its class's screen from « Tout est synchronisé » (issue 19).
 */
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../services.ts';
import { DEFAULT_PULL_LIMIT, PullQuery, PushRequest, REPORT_HEADER, parseReportHeader } from '../../src/protocol/sync.ts';
import { requireStudent } from '../auth/principal.ts';
import { fail } from '../domain/domain-error.ts';
import { now } from '../ids.ts';

const DOCUMENT_ONLY_HEADERS = ['content-security-policy', 'x-frame-options', 'cross-origin-opener-policy', 'permissions-policy'];

export async function syncRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { sync } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const h of DOCUMENT_ONLY_HEADERS) reply.removeHeader(h);
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.post('/api/sync/push', { schema: { body: PushRequest } }, async (req) => {
    if (req.withdrawn && req.body.deviceId === req.withdrawn.deviceId) await sync.reportWithdrawn(req.withdrawn, req.body, now());
    const p = requireStudent(req);
    if (req.body.deviceId !== p.deviceId) throw fail('device_mismatch');
    const at = now();
    const results = await sync.push(p, req.body.mutations, at);
    await sync.report(p.deviceId, req.body.appVersion, req.body.report, at);
    return { results };
  });

  // A first pull is ~1 MB of JSON: cheaper levels than the defaults cost a few % of bytes and
  // save tens of ms of server CPU, which matters more on a 12 Mbit/s hotspot (see bench:sync).
  const compress = { zlibOptions: { level: 4 }, brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } } };
  app.get('/api/sync/pull', { schema: { querystring: PullQuery }, compress }, async (req, reply) => {
    const report = parseReportHeader(req.headers[REPORT_HEADER]);
    if (req.withdrawn && report) await sync.report(req.withdrawn.deviceId, report.appVersion, report.report, now());
    const p = requireStudent(req);
    const page = await sync.pullJson(p, req.query.cursor ?? '', Math.min(5000, req.query.limit ? Number(req.query.limit) : DEFAULT_PULL_LIMIT));
    const at = now();
    if (report) await sync.report(p.deviceId, report.appVersion, report.report, at);
    else await sync.markSynced(p.deviceId, at, req.device?.lastSyncAt);
    return reply.type('application/json; charset=utf-8').send(page);
  });
}
