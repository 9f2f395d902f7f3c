/** Every error the server sends: `{ error: { code, message } }`, in plain words. */
import { Type, type Static } from 'typebox';

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

/** Stable machine-readable codes; messages are for people. */
export type ErrorCode =
  | 'bad_request'
  | 'validation'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'gone'
  | 'cursor_expired'
  | 'unsupported_media_type'
  | 'checksum_mismatch'
  | 'internal';
