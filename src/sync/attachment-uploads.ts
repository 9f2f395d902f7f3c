/**
 * The attachment uploader (media area, src/media/attachment-uploader.ts) runs inside the
 * sync worker, at the start of each sync cycle, before the mutations that refer to the
 * attachments are pushed. It is found with `import.meta.glob` so that the sync builds and
 * its tests run whether or not the media area has shipped it yet.
 */
import type { CartableDb } from '../db/schema.ts';

export interface UploadContext {
  baseUrl: string;
  deviceToken: string;
  tokenFor(studentId: string): string | null;
  onProgress?(bytesDone: number, bytesTotal: number): void;
  signal?: AbortSignal;
}

export type AttachmentUploader = (db: CartableDb, ctx: UploadContext) => Promise<{ uploaded: number; failed: number }>;

type UploaderModule = { uploadPendingAttachments: AttachmentUploader };

function uploaderModules(): Record<string, () => Promise<UploaderModule>> {
  try {
    return import.meta.glob<UploaderModule>('../media/attachment-uploader.ts');
  } catch {
    // Outside Vite (the bench under plain Node): no glob, no uploader.
    return {};
  }
}

/** The media area's uploader, or null while it does not exist. */
export async function loadAttachmentUploader(): Promise<AttachmentUploader | null> {
  const load = Object.values(uploaderModules())[0];
  return load ? (await load()).uploadPendingAttachments : null;
}
