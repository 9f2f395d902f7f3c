/**
 * The photos and recordings this tablet still has to upload: not confirmed by the server yet,
 * and either still part of an answer or named by an outbox entry (a photo deleted or retaken
 * after a save that named it still travels until that save is acknowledged). A deleted photo
 * that nothing names stays on the tablet but is not waited for. One definition, read by the
 * sync worker's uploader and by the service worker's background sync.
 */
import type { AttachmentRow, CartableDb } from './schema.ts';

/** The attachments to upload, oldest first. */
export async function attachmentsToSend(db: CartableDb): Promise<AttachmentRow[]> {
  const rows = (await db.attachments.where('upload').anyOf('pending', 'uploading').toArray()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (!rows.some((r) => r.deleted)) return rows;
  const named = new Set((await db.outbox.toArray()).flatMap((o) => o.attachmentIds));
  return rows.filter((r) => !r.deleted || named.has(r.id));
}
