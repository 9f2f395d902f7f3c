/**
 * A stored MIME type as it may go into a Content-Type header: only a well-formed
 * `type/subtype` of printable ASCII (parameters dropped); anything else — a row written
 * before declared types were checked, say `image/png;\r\nSet-Cookie: …` — is served as
 * `application/octet-stream` (with nosniff), never a 500 and never a smuggled header.
 */
const BASE_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function safeContentType(mime: string): string {
  const base = mime.split(';')[0]!.trim().toLowerCase();
  // The whole value must be printable ASCII too: a NUL after the base type is still a bad row.
  return BASE_TYPE.test(base) && !/[^\x20-\x7e]/.test(mime) ? base : 'application/octet-stream';
}
