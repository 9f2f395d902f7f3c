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
import { DEFAULT_PULL_LIMIT, PULL_FRAMES_TYPE, PullQuery, PushRequest, REPORT_HEADER, parseReportHeader } from '../../src/protocol/sync.ts';
import { requireStudent } from '../auth/principal.ts';
import { fail } from '../domain/domain-error.ts';
import { now } from '../ids.ts';
import { StreamedBody, pickEncoding } from '../http/streamed-body.ts';

const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 4;
/** A pull of several frames is a big one: a first pull of a class is ~1 MB of JSON. */
const STREAM_SIZE_HINT = 1 << 20;

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
  const compress = { zlibOptions: { level: GZIP_LEVEL }, brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } } };
  // `stream=1` (a tablet that reads frames): an answer of more than one frame goes out frame by
  // frame as each is read and compressed, so the server's work overlaps the hotspot's transfer
  // and the tablet stores frame n while frame n+1 arrives (bench:sync). One frame — a no-change
  // sync — is answered as before.
  app.get('/api/sync/pull', { schema: { querystring: PullQuery }, compress }, async (req, reply) => {
    const report = parseReportHeader(req.headers[REPORT_HEADER]);
    if (req.withdrawn && report) await sync.report(req.withdrawn.deviceId, report.appVersion, report.report, now());
    const p = requireStudent(req);
    const cursor = req.query.cursor ?? '';
    const limit = Math.min(5000, req.query.limit ? Number(req.query.limit) : DEFAULT_PULL_LIMIT);
    const frames = req.query.stream ? sync.pullFrames(p, cursor, limit, sync.frameBytes) : null;
    const first = frames ? (await frames.next()).value! : { json: await sync.pullJson(p, cursor, limit), hasMore: false };
    const at = now();
    if (report) await sync.report(p.deviceId, report.appVersion, report.report, at);
    else await sync.markSynced(p.deviceId, at, req.device?.lastSyncAt);
    if (!frames || !first.hasMore) return reply.type('application/json; charset=utf-8').send(first.json);
    const body = new StreamedBody(pickEncoding(req.headers['accept-encoding']), { brotliQuality: BROTLI_QUALITY, gzipLevel: GZIP_LEVEL, sizeHint: STREAM_SIZE_HINT });
    void (async () => {
      try {
        if (!(await body.write(`${first.json}\n`))) return void (await frames.return(undefined));
        for await (const frame of frames) if (!(await body.write(`${frame.json}\n`))) break;
        body.end();
      } catch (err) {
        // Frames already sent stay valid (each has its cursor); the tablet sees a cut answer and resumes.
        req.log.error({ err }, 'pull stream failed');
        body.fail(err);
      }
    })();
    if (body.encoding) reply.header('content-encoding', body.encoding).header('vary', 'accept-encoding');
    return reply.type(PULL_FRAMES_TYPE).send(body.stream);
  });
}
