/**
 * A refusal by the school's rules: a stable code (src/protocol/error-codes.ts) and its
 * parameters. Services and access rules throw it; they know nothing of HTTP. The HTTP layer
 * maps each code to a status in one table (http/error-status.ts) and the clients translate
 * the code — the server never writes a sentence for a pupil or a teacher.
 */
import type { ErrorCode, ErrorParams } from '../../src/protocol/error-codes.ts';
import { serverErrorsEn } from '../../src/i18n/server-errors-en.ts';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params?: ErrorParams,
    /** Extra machine-readable facts for the client (e.g. every problem of a form, a lock's end). */
    readonly details?: unknown,
  ) {
    super(englishMessage(code, params));
    this.name = 'DomainError';
  }
}

/** Shorthand: `throw fail('class_not_found')`. */
export const fail = (code: ErrorCode, params?: ErrorParams, details?: unknown) => new DomainError(code, params, details);

/** The English text of a code with its params filled in (for `message`, logs and developers). */
export function englishMessage(code: ErrorCode, params?: ErrorParams): string {
  const template = serverErrorsEn[code];
  return params ? template.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k]))) : template;
}
