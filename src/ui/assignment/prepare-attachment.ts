/**
 * Turns a captured photo or recording into what the tablet stores: photos compressed in
 * the media worker (when the media bridge is present), and a SHA-256 of the exact bytes
 * kept, so the server can prove it received them byte-identical.
 */
export interface PreparedAttachment {
  blob: Blob;
  mime: string;
  sha256: string;
}

export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function prepareAttachment(kind: 'photo' | 'audio', blob: Blob): Promise<PreparedAttachment> {
  const mime = blob.type || (kind === 'photo' ? 'image/jpeg' : 'audio/webm');
  return { blob, mime: mime.split(';')[0]!, sha256: await sha256Hex(blob) };
}
