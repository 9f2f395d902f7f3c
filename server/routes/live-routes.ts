/**
 * The live class (issue 17, docs/api.md « Live class »).
 *
 * Why Server-Sent Events and not WebSocket: everything the room needs pushed goes one way
 * (teacher → tablets: a session's state; server → console: « the room changed »), and what a
 * tablet says back is rare and small, so it goes by ordinary POSTs that are authenticated,
 * validated, rate-limited and logged like every other request. SSE is plain HTTP: it crosses
 * the school's reverse proxy and Caddy untouched (no Upgrade), rides HTTP/2 beside the sync,
 * needs no server dependency, and is read with fetch() so the tablet sends the same headers
 * as its sync (device token + the pupil's session); EventSource cannot send headers.
 *
 * The streams answer before the handler returns (reply.hijack: no compression, no onSend);
 * their refusals are the usual error answers, sent before the stream starts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../services.ts';
import { IdParams } from '../../src/protocol/console.ts';
import { LiveActivityRequest, LiveAttentionRequest, LiveProgressRequest, StartLiveRequest } from '../../src/protocol/live.ts';
import { requireStudent, requireUser } from '../auth/principal.ts';
import { DEVICE_HEADER } from '../auth/auth-plugin.ts';
import { LiveHub, type LiveSink } from '../live/live-hub.ts';
import { fail } from '../domain/domain-error.ts';
import { now } from '../ids.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's live streams (tests and the e2e drop them to cut the channel). */
    liveHub: LiveHub;
  }
}

/** An SSE response on the raw socket. */
function sseSink(req: FastifyRequest, reply: FastifyReply): LiveSink {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-accel-buffering': 'no', // nginx: do not hold the events back
    connection: 'keep-alive',
  });
  res.write(': cartable live\n\n');
  req.raw.socket.setKeepAlive(true);
  const open = () => !res.destroyed && !res.writableEnded;
  return {
    send(event, data) {
      if (!open()) return false;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      return true;
    },
    ping() {
      if (!open()) return false;
      res.write(': ping\n\n');
      return true;
    },
    close() {
      if (open()) res.end();
    },
  };
}

/** The request's credentials, to check them again while its stream stays open. */
function credentials(req: FastifyRequest) {
  const device = req.headers[DEVICE_HEADER];
  const auth = req.headers.authorization;
  return {
    device: typeof device === 'string' ? device : null,
    bearer: typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : null,
  };
}

/** Not encapsulated (fastify-plugin): `app.liveHub` is the root's. */
export const liveRoutes = fp(async (root: FastifyInstance, opts: { services: Services }) => {
  const { live, auth } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const hub = new LiveHub(live);
  root.decorate('liveHub', hub);
  // Before the server stops accepting: open streams would otherwise hold app.close() forever.
  root.addHook('preClose', async () => hub.close());

  // ---- the teacher's console -------------------------------------------------------------
  app.post('/api/live/sessions', { schema: { body: StartLiveRequest } }, async (req) => live.start(requireUser(req), req.body.classId, req.body.groupId ?? null));
  app.get('/api/classes/:id/live', { schema: { params: IdParams } }, async (req) => live.openForClass(requireUser(req), req.params.id));
  app.get('/api/live/sessions/:id/room', { schema: { params: IdParams } }, async (req) => live.room(requireUser(req), req.params.id));
  app.post('/api/live/sessions/:id/activity', { schema: { params: IdParams, body: LiveActivityRequest } }, async (req) => live.pushActivity(requireUser(req), req.params.id, req.body));
  app.post('/api/live/sessions/:id/attention', { schema: { params: IdParams, body: LiveAttentionRequest } }, async (req) => live.attention(requireUser(req), req.params.id, req.body.on));
  app.post('/api/live/sessions/:id/collect', { schema: { params: IdParams } }, async (req) => live.collect(requireUser(req), req.params.id));
  app.post('/api/live/sessions/:id/end', { schema: { params: IdParams } }, async (req) => live.end(requireUser(req), req.params.id));

  app.get('/api/live/sessions/:id/events', { schema: { params: IdParams } }, async (req, reply) => {
    const user = requireUser(req);
    const session = await live.get(user, req.params.id);
    const cred = credentials(req);
    const sink = sseSink(req, reply);
    const stillValid = async () => {
      const r = await auth.resolve(cred.device, cred.bearer, now());
      return r.principal?.kind === 'user' && r.principal.userId === user.userId;
    };
    const remove = hub.addConsole({ sink, sessionId: session.id, classId: session.classId, stillValid });
    req.raw.on('close', remove);
  });

  // ---- the pupils' tablets (authenticated like the sync: device token + the pupil's session) --
  app.get('/api/live/current', async (req) => ({ sessions: await live.tabletState(requireStudent(req)) }));

  app.post('/api/live/progress', { schema: { body: LiveProgressRequest } }, async (req, reply) => {
    const p = requireStudent(req);
    const who = await live.audienceOf(p);
    if (!who) throw fail('student_unknown');
    await live.progress(p, who.deviceName, req.body);
    return reply.code(204).send();
  });

  app.get('/api/live/stream', async (req, reply) => {
    const p = requireStudent(req);
    const who = await live.audienceOf(p);
    if (!who) throw fail('student_unknown');
    const cred = credentials(req);
    const sink = sseSink(req, reply);
    const stillValid = async () => {
      const r = await auth.resolve(cred.device, cred.bearer, now());
      return r.principal?.kind === 'student' && r.principal.studentId === p.studentId;
    };
    let remove: (() => void) | null = null;
    let gone = false;
    req.raw.on('close', () => {
      gone = true;
      remove?.();
    });
    remove = await hub.addTablet({ sink, studentId: p.studentId, classId: who.classId, groupIds: who.groupIds, deviceId: p.deviceId, deviceName: who.deviceName, stillValid });
    if (gone) remove();
  });
});
