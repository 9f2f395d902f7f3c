/**
 * Answers a GET for stored bytes with HTTP caching and ranges: a strong ETag (the SHA-256:
 * content-addressed, so it never lies), If-None-Match → 304, one `Range: bytes=` range →
 * 206 (If-Range honoured), an unsatisfiable range → 416, the stored Content-Type and
 * nosniff. Audio players seek with ranges; a cut download resumes with one.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BlobStore, ByteRange } from '../blobs/blob-store.ts';
import { fail } from '../domain/domain-error.ts';
import { safeContentType } from '../http/content-type.ts';

export interface StoredBytes {
  sha256: string;
  mime: string;
}

/** Parses one `bytes=` range against a size; null when absent or multi-range (answer whole), 'unsatisfiable' when invalid. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return header.includes(',') ? null : 'unsatisfiable';
  const [, a, b] = m;
  if (a === '' && b === '') return 'unsatisfiable';
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

/** Sends the blob (or a range of it); `cacheControl` is the policy for this kind of media. */
export async function sendBlob(req: FastifyRequest, reply: FastifyReply, blobs: BlobStore, bytes: StoredBytes, cacheControl: string) {
  const info = await blobs.stat(bytes.sha256);
  if (!info) throw fail('file_not_found');
  const etag = `"${bytes.sha256}"`;
  reply.header('ETag', etag);
  reply.header('Cache-Control', cacheControl);
  reply.header('Accept-Ranges', 'bytes');
  reply.header('X-Content-Type-Options', 'nosniff');
  const inm = req.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}` || t.trim() === '*')) {
    return reply.status(304).send();
  }
  const ifRange = req.headers['if-range'];
  const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, info.size);
  if (range === 'unsatisfiable') {
    // The JSON error body gets its own Content-Type from the error handler.
    reply.header('Content-Range', `bytes */${info.size}`);
    throw fail('range_not_satisfiable', { size: info.size });
  }
  reply.header('Content-Type', safeContentType(bytes.mime));
  const stream = await blobs.open(bytes.sha256, range ?? undefined);
  if (!stream) throw fail('file_not_found');
  if (range) {
    reply.status(206);
    reply.header('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
    reply.header('Content-Length', range.end - range.start + 1);
  } else {
    reply.header('Content-Length', info.size);
  }
  return reply.send(stream);
}
