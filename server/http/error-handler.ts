/**
 * One error shape for every failure, and never a stack trace to the client: errors the
 * client caused (bad JSON, validation, size, unknown route) become clear 4xx answers;
 * anything else is logged on the server and answered as a plain 500.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError } from '../errors.ts';
import type { ErrorCode } from '../../src/protocol/errors.ts';

function reply4xx(status: number, code: ErrorCode, message: string, details?: unknown) {
  return { status, body: { error: details === undefined ? { code, message } : { code, message, details } } };
}

export function classifyError(err: FastifyError | HttpError | Error): { status: number; body: object } {
  if (err instanceof HttpError) return reply4xx(err.statusCode, err.code, err.message, err.details);
  const fe = err as FastifyError;
  if (fe.validation) {
    const first = fe.validation[0];
    const where = fe.validationContext ?? 'request';
    const path = first?.instancePath ? `${where}${first.instancePath.replace(/\//g, '.')}` : where;
    return reply4xx(400, 'validation', `Invalid ${path}: ${first?.message ?? 'does not match the expected shape'}.`, fe.validation.map((v) => ({ path: v.instancePath, message: v.message })));
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply4xx(400, 'invalid_json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply4xx(413, 'payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply4xx(415, 'unsupported_media_type', 'This content type is not accepted here.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return reply4xx(400, 'bad_request', 'The Content-Length header does not match the body.');
  }
  if (fe instanceof SyntaxError) return reply4xx(400, 'invalid_json', 'The request body is not valid JSON.');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 429) return reply4xx(429, 'rate_limited', 'Too many requests: wait a moment and try again.');
    return reply4xx(fe.statusCode, 'bad_request', fe.message || 'Bad request.');
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on the school server. Your data is safe; try again.' } } };
}

export function installErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = classifyError(err as FastifyError);
    if (status >= 500) req.log.error({ err }, 'unhandled error');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `No such route: ${req.method} ${req.url.split('?')[0]}` } }),
  );
}
