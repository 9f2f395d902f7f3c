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
 *
 * Several processes: an upload started on one resumes on any other. Its bytes and tus's
 * `<id>.json` sit in UPLOAD_DIR (a volume every process mounts), its offset is the file's size,
 * and the lock each HEAD/PATCH takes is the coordination's (PostgreSQL advisory locks, see
 * cluster/pg-upload-locker.ts; in memory on SQLite's single process). Nothing else here is
 * per-process state that matters: `principals` and `finishedByPost` live for one request on the
 * process that serves it, and the hourly sweep of expired uploads runs on the leader only.
 */
import { mkdirSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { EVENTS, Server, type Upload } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { fileTypeFromFile } from 'file-type';
import { BlobChecksumError } from '../blobs/blob-store.ts';
import { requireStudent, type StudentPrincipal } from '../auth/principal.ts';
import type { MediaService } from '../media/media-service.ts';
import { DomainError, fail } from '../domain/domain-error.ts';
import { classifyError } from '../http/error-handler.ts';
import { applySecurityHeaders } from '../http/security-headers.ts';
import type { ErrorCode, ErrorParams } from '../../src/protocol/error-codes.ts';
import { MAX_PHOTO_BYTES, realTypeMatches, UPLOAD_ID } from '../media/upload-policy.ts';
import type { Coordination } from '../cluster/coordination.ts';
import { runAsLeader } from '../cluster/leadership.ts';

export const UPLOADS_PATH = '/files/uploads';
/** The header that proves the server verified and stored an attachment. */
import { ATTACHMENT_HEADER } from '../../src/protocol/wire.ts';
/** The tus finish answer's proof header (named once, in src/protocol/wire.ts). */
export const ATTACHMENT_COMPLETE_HEADER = ATTACHMENT_HEADER;
/** An unfinished upload is kept a week (tablets go home offline), then answers 410. */
export const UPLOAD_EXPIRY_MS = 7 * 24 * 3600_000;

export interface UploadRoutesOptions {
  media: MediaService;
  /** Unfinished uploads live here (UPLOAD_DIR, default DATA_DIR/uploads; shared by the processes). */
  uploadDir: string;
  /** Upload locks and the leader that sweeps expired uploads. */
  coordination: Coordination;
  /** Where the sweep says what it removed (default: nowhere). */
  log?: (line: string) => void;
}

/** A refusal in the shape @tus/server answers with (status and our JSON error body). */
function refusal(err: DomainError) {
  const { status, body } = classifyError(err);
  return { status_code: status, body: JSON.stringify(body) };
}
const refuse = (code: ErrorCode, params?: ErrorParams) => refusal(fail(code, params));

/** Runs a service call inside a tus hook: its domain refusals become tus refusals. */
async function inHook<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DomainError) throw refusal(err);
    throw err;
  }
}

/**
 * @tus/file-store creates its folder in a callback that throws when it fails (an uncaught
 * exception: a folder removed under a server that is closing, in tests). The folder is made
 * synchronously before the store instead, so its own check is skipped.
 */
// @ts-expect-error -- the method is private in @tus/file-store's types; overriding it is the only way around its throwing callback
class SyncDirFileStore extends FileStore {
  override checkOrCreateDirectory(): void {}
}

export async function uploadRoutes(app: FastifyInstance, opts: UploadRoutesOptions) {
  const { media } = opts;
  // Made here, synchronously: tus makes it later in a callback, whose failure is an uncaught exception.
  mkdirSync(opts.uploadDir, { recursive: true });
  const datastore = new SyncDirFileStore({ directory: opts.uploadDir, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
  const principals = new WeakMap<object, StudentPrincipal>();
  const finishedByPost = new Set<string>();
  const principalOf = (req: { runtime?: { node?: { req?: object } } }) => {
    const raw = req.runtime?.node?.req;
    const p = raw ? principals.get(raw) : undefined;
    if (!p) throw refuse('unauthenticated');
    return p;
  };

  const tus = new Server({
    path: UPLOADS_PATH,
    datastore,
    locker: opts.coordination.uploadLocker,
    relativeLocation: true,
    maxSize: MAX_PHOTO_BYTES,
    exposedHeaders: [ATTACHMENT_COMPLETE_HEADER],
    // Same-origin only (the PWA is served from this server): no Access-Control-Allow-Origin at all.
    allowedOrigins: () => false,

    async onIncomingRequest(req, uploadId) {
      const p = principalOf(req);
      if (req.method === 'POST') return;
      // Someone else's upload looks exactly like no upload at all.
      if (!(await media.uploadOwnedBy(p, uploadId))) throw refuse('upload_not_found');
    },

    async onUploadCreate(req, upload) {
      const p = principalOf(req);
      const m = upload.metadata ?? {};
      const previous = await inHook(() => media.beginUpload(p, {
        attachmentId: m.attachmentId ?? '', kind: m.kind ?? '', mime: m.mime ?? '', sha256: m.sha256 ?? '', size: upload.size, uploadId: upload.id,
      }));
      if (previous) await datastore.remove(previous).catch(() => undefined);
      return {};
    },

    async onUploadFinish(req, upload: Upload) {
      const a = await inHook(() => media.uploadTarget(upload.id));
      const file = join(datastore.directory, upload.id);
      const discard = async () => {
        await datastore.remove(upload.id).catch(() => undefined);
        await media.discardUpload(a.id);
      };
      const type = await fileTypeFromFile(file);
      if (!realTypeMatches(a.kind, a.mime, type?.ext)) {
        await discard();
        throw refuse('attachment_content_mismatch');
      }
      try {
        const stored = await media.blobs.put({ path: file }, { expectedSha256: a.sha256 });
        await media.completeUpload(a, stored);
      } catch (err) {
        await discard();
        if (err instanceof BlobChecksumError) throw refuse('checksum_mismatch');
        throw err;
      }
      // A creation-with-upload POST still reads the upload back after this hook (Upload-Expires):
      // remove its temp file once the answer is written, not before (else tus answers 404).
      if (req.method === 'POST') finishedByPost.add(upload.id);
      else await datastore.remove(upload.id).catch(() => undefined);
      return { headers: { [ATTACHMENT_COMPLETE_HEADER]: 'complete' } };
    },
  });

  tus.on(EVENTS.POST_FINISH, (_req, _res, upload: Upload) => {
    if (finishedByPost.delete(upload.id)) void datastore.remove(upload.id).catch(() => undefined);
  });

  // Unfinished uploads older than the expiry are removed hourly (their attachments stay
  // incomplete), by the leader only: two sweeps at once would race to delete the same files.
  const stopSweep = runAsLeader(opts.coordination.leadership, {
    name: 'Expired-upload sweep',
    everyMs: 3600_000,
    run: async () => {
      const removed = await datastore.deleteExpired().catch(() => 0);
      if (removed > 0) opts.log?.(`Expired-upload sweep: removed ${removed} unfinished uploads older than ${UPLOAD_EXPIRY_MS / 86400_000} days.`);
    },
  });
  app.addHook('onClose', async () => stopSweep());

  // tus reads the raw request body itself: leave it unparsed (this scope only).
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));

  const handle = async (req: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) => {
    const uploadId = req.params['*'] ?? '';
    if (uploadId !== '' && !UPLOAD_ID.test(uploadId)) throw fail('upload_id_invalid');
    if (req.method !== 'OPTIONS') principals.set(req.raw, requireStudent(req));
    // Hijacked answers skip Fastify's onSend hooks: the same security headers, set by hand.
    applySecurityHeaders(req, (name, value) => reply.raw.setHeader(name, value));
    reply.hijack();
    await tus.handle(req.raw, reply.raw);
  };
  const methods = ['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'] as const;
  app.route({ method: [...methods], url: UPLOADS_PATH, handler: handle });
  app.route({ method: [...methods], url: `${UPLOADS_PATH}/*`, handler: handle });
}
