/**
 * Sends the tablet's photos and recordings to the school server with tus (resumable).
 * Called by the sync worker in each cycle, before the mutations are pushed.
 *
 * Policy:
 * - one attachment at a time (15 tablets share one weak hotspot), in creation order;
 * - finite 256 KB chunks, so a cut loses at most one chunk; the upload URL lives in
 *   IndexedDB (`uploadUrls`), so the next cycle — or the next app start — resumes at the
 *   last byte the server holds; an unknown or expired upload (404/410) starts again from
 *   the local Blob, which stays the source of truth;
 * - 'uploaded' only when the server says it verified the checksum and stored the bytes
 *   (X-Cartable-Attachment: complete, or 409 {complete:true} when it already has them);
 * - a refusal (4xx) marks the row 'failed' with the server's reason in plain words — kept,
 *   never deleted; a network cut, a damaged answer, 5xx or an expired session leaves it to
 *   the next cycle;
 * - a refusal of the TABLET (`device_revoked`, `device_lost`: issue 19) says nothing about the
 *   photo: it stays waiting and the uploads stop there — the push that follows hears the same
 *   refusal and the engine acts on it (a withdrawn tablet enrolled again sends the photo).
 */
import { Upload, type DetailedError, type HttpResponse } from 'tus-js-client';
import type { AttachmentRow, CartableDb } from '../../db/schema.ts';
import { attachmentFingerprint, DexieUrlStorage } from './upload-url-storage.ts';
import { blobFileReader } from './blob-file-reader.ts';
import { attachmentsToSend } from '../../db/attachments-to-send.ts';
import { UPLOADS_PATH, ATTACHMENT_HEADER, DEVICE_HEADER } from '../../protocol/wire.ts';

export const UPLOAD_CHUNK_BYTES = 256 * 1024;

export interface UploadContext {
  baseUrl: string;
  deviceToken: string;
  /** The student's session token, or null when they are signed out (their attachments wait). */
  tokenFor(studentId: string): string | null;
  onProgress?(bytesDone: number, bytesTotal: number): void;
  signal?: AbortSignal;
  /** Delays between tus retries inside one cycle (default 1 s, 3 s). */
  retryDelays?: number[];
  chunkSize?: number;
}

export interface UploadSummary {
  uploaded: number;
  failed: number;
}

type Outcome = 'uploaded' | 'failed' | 'later' | 'device_refused';

/** Server codes that refuse the tablet itself, not the attachment. */
const DEVICE_REFUSALS: ReadonlySet<string> = new Set(['device_revoked', 'device_lost', 'device_not_enrolled']);

/** Uploads every attachment waiting on this tablet; returns how many were confirmed and refused. */
export async function uploadPendingAttachments(db: CartableDb, ctx: UploadContext): Promise<UploadSummary> {
  const todo = await attachmentsToSend(db);
  const total = todo.reduce((n, r) => n + r.size, 0);
  let before = 0;
  const summary: UploadSummary = { uploaded: 0, failed: 0 };
  for (const row of todo) {
    if (ctx.signal?.aborted) break;
    const token = ctx.tokenFor(row.studentId);
    if (token) {
      const outcome = await uploadOne(db, row, token, ctx, (sent) => ctx.onProgress?.(before + sent, total));
      if (outcome === 'uploaded') summary.uploaded++;
      if (outcome === 'failed') summary.failed++;
      if (outcome === 'device_refused') break; // every other upload would be refused the same way
    }
    before += row.size;
    ctx.onProgress?.(before, total);
  }
  return summary;
}

async function uploadOne(db: CartableDb, row: AttachmentRow, token: string, ctx: UploadContext, progress: (sent: number) => void): Promise<Outcome> {
  await db.attachments.update(row.id, { upload: 'uploading' });
  // At most one restart from the Blob per cycle (the server forgot or refused the partial upload).
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await runTus(db, row, token, ctx, progress);
    if (result.kind === 'confirmed') {
      await db.transaction('rw', db.attachments, db.uploadUrls, async () => {
        await db.attachments.update(row.id, { upload: 'uploaded', uploadedBytes: row.size, error: null });
        await db.uploadUrls.delete(row.id);
      });
      return 'uploaded';
    }
    if (result.kind === 'gone' || result.kind === 'unconfirmed') {
      await db.uploadUrls.delete(row.id);
      await db.attachments.update(row.id, { uploadedBytes: 0 });
      continue;
    }
    if (result.kind === 'device_refused') {
      await db.attachments.update(row.id, { upload: 'pending' });
      return 'device_refused';
    }
    if (result.kind === 'refused') {
      await db.transaction('rw', db.attachments, db.uploadUrls, async () => {
        await db.attachments.update(row.id, { upload: 'failed', error: result.code }); // a code: the screen words it
        await db.uploadUrls.delete(row.id);
      });
      return 'failed';
    }
    return 'later';
  }
  return 'later';
}

type TusResult =
  | { kind: 'confirmed' }
  | { kind: 'unconfirmed' }
  | { kind: 'gone' }
  | { kind: 'refused'; code: string }
  | { kind: 'device_refused' }
  | { kind: 'later' };

function runTus(db: CartableDb, row: AttachmentRow, token: string, ctx: UploadContext, progress: (sent: number) => void): Promise<TusResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: TusResult) => {
      if (settled) return;
      settled = true;
      ctx.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const upload = new Upload(row.blob, {
      // baseUrl may be '' (same origin, as the sync engine allows): resolve it against the worker's own location.
      endpoint: new URL(UPLOADS_PATH, ctx.baseUrl || globalThis.location?.origin).toString(),
      chunkSize: ctx.chunkSize ?? UPLOAD_CHUNK_BYTES,
      retryDelays: ctx.retryDelays ?? [1000, 3000],
      headers: { Authorization: `Bearer ${token}`, [DEVICE_HEADER]: ctx.deviceToken },
      metadata: { attachmentId: row.id, kind: row.kind, mime: row.mime, sha256: row.sha256 },
      fingerprint: async () => attachmentFingerprint(row.id),
      urlStorage: new DexieUrlStorage(db),
      fileReader: blobFileReader,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: (sent) => progress(sent),
      onChunkComplete: (_size, accepted) => {
        void db.attachments.update(row.id, { uploadedBytes: accepted });
      },
      onShouldRetry: (err, _attempt) => {
        const status = statusOf(err);
        if (status === 409 && alreadyComplete(err.originalResponse)) return false;
        return (status < 400 || status >= 500 || status === 409 || status === 423 || status === 429) && !ctx.signal?.aborted;
      },
      onSuccess: ({ lastResponse }) => {
        // Success after a HEAD at full offset is not proof: only the finish answer carries it.
        finish(lastResponse.getHeader(ATTACHMENT_HEADER) === 'complete' ? { kind: 'confirmed' } : { kind: 'unconfirmed' });
      },
      onError: (err) => finish(classify(err as DetailedError)),
    });
    const onAbort = () => {
      void upload.abort(false);
      finish({ kind: 'later' });
    };
    ctx.signal?.addEventListener('abort', onAbort);
    if (ctx.signal?.aborted) return onAbort();
    upload
      .findPreviousUploads()
      .then((previous) => {
        if (settled) return;
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      })
      .catch(() => finish({ kind: 'later' }));
  });
}

const statusOf = (err: DetailedError) => err.originalResponse?.getStatus() ?? 0;

function errorBody(res: HttpResponse | null): { code?: string; message?: string; details?: { complete?: boolean } } | null {
  try {
    return (JSON.parse(res?.getBody() ?? '') as { error?: { code?: string; message?: string; details?: { complete?: boolean } } }).error ?? null;
  } catch {
    return null;
  }
}

const alreadyComplete = (res: HttpResponse | null) => errorBody(res)?.details?.complete === true;

function classify(err: DetailedError): TusResult {
  const status = statusOf(err);
  if (status === 409 && alreadyComplete(err.originalResponse)) return { kind: 'confirmed' };
  if (status === 404 || status === 410) return { kind: 'gone' };
  // No answer, a damaged one (a success missing its tus headers: on plain HTTP, Chromium takes
  // headers cut by a dropped connection as complete — found by test:faults), a server fault, a
  // busy server or an expired session: try again next cycle. Only a 4xx refuses.
  if (status < 400 || status >= 500 || status === 401 || status === 408 || status === 423 || status === 429) return { kind: 'later' };
  const code = errorBody(err.originalResponse)?.code ?? 'unknown';
  if (DEVICE_REFUSALS.has(code)) return { kind: 'device_refused' };
  return { kind: 'refused', code };
}
