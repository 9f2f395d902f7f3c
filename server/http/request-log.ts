/**
 * One structured JSON line per request: method, route pattern, status, duration.
 * Never the URL's query string, a body, a header, a password, a secret or a token.
 */
import type { FastifyInstance } from 'fastify';

export function installRequestLog(app: FastifyInstance, write: (line: string) => void = (l) => process.stdout.write(l + '\n')) {
  app.addHook('onResponse', async (req, reply) => {
    write(
      JSON.stringify({
        t: new Date().toISOString(),
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      }),
    );
  });
}
