/** Small pieces the routes share. */
import type { Principal } from '../auth/principal.ts';
import { fail } from '../domain/domain-error.ts';
import type { FastifyRequest } from 'fastify';

/** preValidation hook for routes whose JSON body is optional (`POST …/publish` with no body means `{}`). */
export async function emptyBodyIsObject(req: FastifyRequest) {
  if (req.body === undefined || req.body === null) (req as { body: unknown }).body = {};
}

/** The signed-in caller, as the services take it (401 when nobody is signed in; a withdrawn tablet's call is named as such). */
export function actorOf(req: FastifyRequest): Principal {
  if (!req.principal) throw fail(req.deviceRefusal ?? 'unauthenticated');
  return req.principal;
}
