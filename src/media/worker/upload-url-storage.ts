/**
 * tus-js-client's URL storage backed by IndexedDB (table `uploadUrls`, keyed by attachment
 * id): localStorage does not exist in workers, and an upload must resume after the app
 * restarts. Fingerprints are `attachment:<id>`, so one attachment has at most one live URL.
 */
import type { PreviousUpload, UrlStorage } from 'tus-js-client';
import type { CartableDb } from '../../db/schema.ts';

const PREFIX = 'attachment:';

/** The tus fingerprint of an attachment (stable across restarts: the Blob never changes). */
export const attachmentFingerprint = (attachmentId: string) => `${PREFIX}${attachmentId}`;

export class DexieUrlStorage implements UrlStorage {
  constructor(private readonly db: CartableDb) {}

  async findAllUploads(): Promise<PreviousUpload[]> {
    return (await this.db.uploadUrls.toArray()).map(toPrevious);
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    return (await this.db.uploadUrls.where('fingerprint').equals(fingerprint).toArray()).map(toPrevious);
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    await this.db.uploadUrls.delete(urlStorageKey);
  }

  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    if (!fingerprint.startsWith(PREFIX) || !upload.uploadUrl) throw new Error(`Not an attachment upload: ${fingerprint}`);
    const attachmentId = fingerprint.slice(PREFIX.length);
    await this.db.uploadUrls.put({ attachmentId, fingerprint, uploadUrl: upload.uploadUrl, createdAt: upload.creationTime });
    return attachmentId;
  }
}

function toPrevious(r: { attachmentId: string; uploadUrl: string; createdAt: string }): PreviousUpload {
  return { size: null, metadata: {}, creationTime: r.createdAt, urlStorageKey: r.attachmentId, uploadUrl: r.uploadUrl, parallelUploadUrls: null };
}
