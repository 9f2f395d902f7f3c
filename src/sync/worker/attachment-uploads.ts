/**
 * The attachment uploader (media area, src/media/worker/attachment-uploader.ts) runs inside the
 * sync worker, at the start of each sync cycle, before the mutations that refer to the
 * attachments are pushed. Loaded lazily: tus-js-client is only fetched by the sync worker.
 */
import type { uploadPendingAttachments } from '../../media/worker/attachment-uploader.ts';

export type AttachmentUploader = typeof uploadPendingAttachments;

/** The media area's uploader. */
export async function loadAttachmentUploader(): Promise<AttachmentUploader> {
  return (await import('../../media/worker/attachment-uploader.ts')).uploadPendingAttachments;
}
