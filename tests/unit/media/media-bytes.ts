/** Byte fixtures whose magic numbers say what they are (the server checks content, not names). */
import { createHash, randomBytes } from 'node:crypto';

/** JPEG magic (SOI + APP0) followed by random bytes: enough for a type check, not a decodable image. */
export const fakeJpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);

/** An EBML header with DocType "webm", then random bytes. */
export const fakeWebm = (size: number) => {
  const head = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82, 0x84, ...Buffer.from('webm')]);
  return Buffer.concat([head, randomBytes(size - head.length)]);
};

/** PNG signature followed by random bytes. */
export const fakePng = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** tus Upload-Metadata: `key base64(value)` pairs. */
export const tusMetadata = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
