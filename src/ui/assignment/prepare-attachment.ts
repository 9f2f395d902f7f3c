/**
 * Turns a captured photo or recording into what the tablet stores: photos compressed in
 * the media worker (upright, no EXIF/GPS, ~1600 px WebP), and the SHA-256 of the exact
 * bytes kept, so the server can prove it received them byte-identical.
 */
import { compressPhoto, sha256InWorker } from '../../media/page/media-bridge.ts';

export interface PreparedAttachment {
  blob: Blob;
  mime: string;
  sha256: string;
}

export async function prepareAttachment(kind: 'photo' | 'audio', blob: Blob): Promise<PreparedAttachment> {
  if (kind === 'photo') {
    const c = await compressPhoto(blob);
    return { blob: c.blob, mime: c.mime, sha256: c.sha256 };
  }
  const mime = (blob.type || 'audio/webm').split(';')[0]!;
  return { blob, mime, sha256: await sha256InWorker(blob) };
}
