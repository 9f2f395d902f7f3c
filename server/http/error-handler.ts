/**
 * One error shape for every failure — `{ error: { code, message, params? } }` — and never a
 * stack trace to the client: domain refusals answer with their code's status
 * (error-status.ts); errors the client caused (bad JSON, validation, size, unknown route)
 * become clear 4xx answers; anything else is logged on the server with its stack and the
 * request id, and answered as a plain 500 that carries the request id (to find the log line).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, englishMessage } from '../domain/domain-error.ts';
import type { ErrorCode, ErrorParams } from '../../src/protocol/error-codes.ts';
import { ERROR_STATUS } from './error-status.ts';

/** The `error` object of every answer (src/protocol/errors.ts ErrorBody). */
interface ErrorPayload {
  code: ErrorCode;
  message: string;
  params?: ErrorParams;
  details?: unknown;
}

function answer(code: ErrorCode, params?: ErrorParams, details?: unknown, status = ERROR_STATUS[code]): { status: number; body: { error: ErrorPayload } } {
  const error: ErrorPayload = { code, message: englishMessage(code, params) };
  if (params) error.params = params;
  if (details !== undefined) error.details = details;
  return { status, body: { error } };
}

export function classifyError(err: FastifyError | DomainError | Error): { status: number; body: { error: ErrorPayload } } {
  if (err instanceof DomainError) return answer(err.code, err.params, err.details);
  const fe = err as FastifyError;
  if (fe.validation) {
    const first = fe.validation[0];
    const where = fe.validationContext ?? 'request';
    const field = first?.instancePath ? `${where}${first.instancePath.replace(/\//g, '.')}` : where;
    return answer('validation', { field }, fe.validation.map((v) => ({ path: v.instancePath, message: v.message })));
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return answer('invalid_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return answer('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return answer('unsupported_media_type');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return answer('bad_request');
  }
  if (fe instanceof SyntaxError) return answer('invalid_json');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return fe.statusCode === 429 ? answer('rate_limited') : answer('bad_request', undefined, undefined, fe.statusCode);
  }
  return answer('internal');
}

/** What the server logs about a 500: enough to find and fix it, nothing of the request body. */
export interface InternalErrorLog {
  reqId: string;
  method: string;
  route: string;
  error: string;
  stack: string | undefined;
}

export function installErrorHandlers(app: FastifyInstance, logInternal: (entry: InternalErrorLog) => void = defaultLog) {
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = classifyError(err as FastifyError);
    if (status >= 500) {
      const e = err instanceof Error ? err : new Error(String(err));
      logInternal({ reqId: String(req.id), method: req.method, route: req.routeOptions.url ?? req.url.split('?')[0]!, error: `${e.name}: ${e.message}`, stack: e.stack });
      return reply.status(status).send({ error: { ...body.error, params: { requestId: String(req.id) } } });
    }
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send(answer('route_not_found').body));
}

/** One JSON line on stderr per 500 (with the stack), beside the request log's lines. */
function defaultLog(entry: InternalErrorLog) {
  process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: 'internal error', ...entry })}\n`);
}
