/**
 * HTTP errors in one shape: `{ error: { code, message } }`. Route code throws `HttpError`;
 * the app's error handler turns everything else into a 4xx where the client is at fault
 * (validation, JSON, size) and a bare 500 without details otherwise.
 */
import type { ErrorCode } from '../src/protocol/errors.ts';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'bad_request', message, details);
export const unauthenticated = (message = 'Sign in first.') => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message = 'You are not allowed to do this.') => new HttpError(403, 'forbidden', message);
export const notFound = (what = 'This item') => new HttpError(404, 'not_found', `${what} does not exist.`);
export const conflict = (message: string, details?: unknown) => new HttpError(409, 'conflict', message, details);
