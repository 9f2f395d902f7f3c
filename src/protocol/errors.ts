/**
 * Every error the server sends: `{ error: { code, message, params? } }`. `code` is one of
 * ERROR_CODES (error-codes.ts); clients translate it with `params`. `message` is English,
 * for logs and developers, never shown to a pupil or a teacher.
 */
import { Type, type Static } from 'typebox';

export { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorParams } from './error-codes.ts';

/** Values that fill a message's placeholders. */
export const ErrorParamsSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    params: Type.Optional(ErrorParamsSchema),
    details: Type.Optional(Type.Unknown()),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;
