/**
 * Students' attachments arrive by tus 1.0 (@tus/server + @tus/file-store under
 * DATA_DIR/uploads), mounted at /files/uploads/ behind the same auth: a student session
 * bound to its enrolled tablet. Policy:
 * - on creation: the attachment id is a UUID not owned by another student, the kind and
 *   declared MIME type are allowed, the declared size is within the limit and the
 *   declared SHA-256 is well formed; an attachment already complete with the same
 *   checksum answers 409 `{details:{complete:true}}` so the tablet can stop;
 * - every later request (HEAD, PATCH, DELETE) must come from the upload's owner, else 404;
 * - on finish: the real type (magic bytes) and the SHA-256 of the bytes are checked; a
 *   mismatch discards the upload (4xx) and leaves the attachment incomplete; a match moves
 *   the bytes into the content-addressed blob store, marks the attachment complete and
 *   answers with `X-Cartable-Attachment: complete` (the tablet's only proof).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { Server, type Upload } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { fileTypeFromFile } from 'file-type';
import type { Store } from '../store/store.ts';
import { BlobChecksumError } from '../blobs/blob-store.ts';
import { requireStudent, type StudentPrincipal } from '../auth/principal.ts';
import { badRequest } from '../errors.ts';
import { now } from '../ids.ts';
import type { ErrorCode } from '../../src/protocol/errors.ts';
import {
  isAllowedAttachmentMime, maxBytesFor, MAX_PHOTO_BYTES, realTypeMatches, SHA256_HEX, UPLOAD_ID, UUID, type AttachmentKind,
} from './upload-policy.ts';

export const UPLOADS_PATH = '/files/uploads';
/** The header that proves the server verified and stored an attachment. */
export const ATTACHMENT_COMPLETE_HEADER = 'X-Cartable-Attachment';
/** An unfinished upload is kept a week (tablets go home offline), then answers 410. */
export const UPLOAD_EXPIRY_MS = 7 * 24 * 3600_000;

export interface UploadRoutesOptions {
  store: Store;
  /** Unfinished uploads live in DATA_DIR/uploads. */
  dataDir: string;
}

/** A tus hook's refusal: @tus/server answers it with this status and body. */
const refusal = (status: number, code: ErrorCode, message: string, details?: unknown) => ({
  status_code: status,
  body: JSON.stringify({ error: details === undefined ? { code, message } : { code, message, details } }),
});

export async function uploadRoutes(app: FastifyInstance, opts: UploadRoutesOptions) {
  const { store } = opts;
  const blobs = store.blobs;
  const datastore = new FileStore({ directory: join(opts.dataDir, 'uploads'), expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
  const principals = new WeakMap<object, StudentPrincipal>();
  const principalOf = (req: { runtime?: { node?: { req?: object } } }) => {
    const raw = req.runtime?.node?.req;
    const p = raw ? principals.get(raw) : undefined;
    if (!p) throw refusal(401, 'unauthenticated', 'Sign in first.');
    return p;
  };

  const tus = new Server({
    path: UPLOADS_PATH,
    datastore,
    relativeLocation: true,
    maxSize: MAX_PHOTO_BYTES,
    exposedHeaders: [ATTACHMENT_COMPLETE_HEADER],

    async onIncomingRequest(req, uploadId) {
      const p = principalOf(req);
      if (req.method === 'POST') return;
      const a = await store.media.attachmentByUploadId(uploadId);
      // Someone else's upload looks exactly like no upload at all.
      if (!a || a.studentId !== p.studentId) throw refusal(404, 'not_found', 'This upload does not exist.');
    },

    async onUploadCreate(req, upload) {
      const p = principalOf(req);
      const m = upload.metadata ?? {};
      const id = m.attachmentId ?? '';
      const kind = m.kind as AttachmentKind;
      const mime = m.mime ?? '';
      const sha256 = m.sha256 ?? '';
      if (!UUID.test(id)) throw refusal(400, 'bad_request', 'The attachment id must be a UUID.');
      if (kind !== 'photo' && kind !== 'audio') throw refusal(400, 'bad_request', 'The attachment kind must be photo or audio.');
      if (!isAllowedAttachmentMime(kind, mime)) throw refusal(415, 'unsupported_media_type', `A ${kind} cannot be of type "${mime.slice(0, 100)}".`);
      if (!SHA256_HEX.test(sha256)) throw refusal(400, 'bad_request', 'The declared SHA-256 must be 64 lowercase hex digits.');
      if (upload.size === undefined) throw refusal(400, 'bad_request', 'Declare the upload length (Upload-Length).');
      if (upload.size > maxBytesFor(kind)) {
        throw refusal(413, 'payload_too_large', `This ${kind} is too large (${upload.size} bytes; at most ${maxBytesFor(kind)}).`);
      }
      const existing = await store.media.attachmentById(id);
      if (existing && existing.studentId !== p.studentId) throw refusal(403, 'forbidden', 'This attachment id belongs to someone else.');
      if (existing?.complete) {
        if (existing.sha256 === sha256) throw refusal(409, 'conflict', 'This attachment is already on the server.', { complete: true });
        throw refusal(409, 'conflict', 'An attachment with this id is already on the server with other content.', { complete: false });
      }
      if (existing?.uploadId) await datastore.remove(existing.uploadId).catch(() => undefined);
      await store.media.beginAttachmentUpload({
        id, schoolId: p.schoolId, studentId: p.studentId, kind, mime, size: upload.size, sha256, uploadId: upload.id, at: now(),
      });
      return {};
    },

    async onUploadFinish(_req, upload: Upload) {
      const a = await store.media.attachmentByUploadId(upload.id);
      if (!a) throw refusal(404, 'not_found', 'This upload does not exist.');
      const file = join(datastore.directory, upload.id);
      const discard = async () => {
        await datastore.remove(upload.id).catch(() => undefined);
        await store.media.clearAttachmentUpload(a.id);
      };
      const type = await fileTypeFromFile(file);
      if (!realTypeMatches(a.kind, a.mime, type?.ext)) {
        await discard();
        throw refusal(415, 'unsupported_media_type', `The file is not a ${a.mime} ${a.kind} (its content says ${type?.mime ?? 'unknown'}).`);
      }
      try {
        const stored = await blobs.put({ path: file }, { expectedSha256: a.sha256 });
        await store.media.completeAttachment(a.id, { sha256: stored.sha256, size: stored.size, mime: a.mime }, now());
      } catch (err) {
        await discard();
        if (err instanceof BlobChecksumError) {
          throw refusal(460, 'checksum_mismatch', 'The file arrived different from what the tablet sent (checksum mismatch): send it again.');
        }
        throw err;
      }
      await datastore.remove(upload.id).catch(() => undefined);
      return { headers: { [ATTACHMENT_COMPLETE_HEADER]: 'complete' } };
    },
  });

  // Unfinished uploads older than the expiry are removed hourly (their attachments stay incomplete).
  const sweeper = setInterval(() => void datastore.deleteExpired().catch(() => undefined), 3600_000);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));

  // tus reads the raw request body itself: leave it unparsed (this scope only).
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));

  const handle = async (req: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) => {
    const uploadId = req.params['*'] ?? '';
    if (uploadId !== '' && !UPLOAD_ID.test(uploadId)) throw badRequest('This is not an upload id.');
    if (req.method !== 'OPTIONS') principals.set(req.raw, requireStudent(req));
    reply.hijack();
    await tus.handle(req.raw, reply.raw);
  };
  const methods = ['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'] as const;
  app.route({ method: [...methods], url: UPLOADS_PATH, handler: handle });
  app.route({ method: [...methods], url: `${UPLOADS_PATH}/*`, handler: handle });
}
