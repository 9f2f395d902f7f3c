/**
 * What the school server accepts as a student's attachment or a lesson medium: size limits,
 * declared types, and the real type read from the magic bytes (never the name or the header).
 */

/** A photo of paper work is ~150–250 KB once compressed on the tablet; 15 MB leaves room for an uncompressed fallback. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
/** Ten minutes of Opus at 24 kbps is ~1.8 MB; 10 MB covers any browser's default bitrate. */
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;
export const MAX_LESSON_MEDIA_BYTES = 15 * 1024 * 1024;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** @tus/server names uploads with 16 random bytes in hex. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

export type AttachmentKind = 'photo' | 'audio';

/** Declared base MIME type → file-type extensions its bytes may have. */
const ATTACHMENT_TYPES: Record<AttachmentKind, Record<string, string[]>> = {
  photo: { 'image/jpeg': ['jpg'], 'image/webp': ['webp'], 'image/png': ['png'] },
  audio: { 'audio/webm': ['webm'], 'audio/ogg': ['ogg', 'opus', 'oga'], 'audio/mp4': ['m4a', 'mp4'], 'audio/mpeg': ['mp3'] },
};

/** Real type (file-type extension) → kind and MIME stored for lesson media. */
const LESSON_MEDIA_TYPES: Record<string, { kind: 'image' | 'audio'; mime: string }> = {
  jpg: { kind: 'image', mime: 'image/jpeg' },
  png: { kind: 'image', mime: 'image/png' },
  webp: { kind: 'image', mime: 'image/webp' },
  gif: { kind: 'image', mime: 'image/gif' },
  mp3: { kind: 'audio', mime: 'audio/mpeg' },
  ogg: { kind: 'audio', mime: 'audio/ogg' },
  opus: { kind: 'audio', mime: 'audio/ogg' },
  oga: { kind: 'audio', mime: 'audio/ogg' },
  webm: { kind: 'audio', mime: 'audio/webm' },
  m4a: { kind: 'audio', mime: 'audio/mp4' },
  wav: { kind: 'audio', mime: 'audio/wav' },
};

/** `audio/webm;codecs=opus` → `audio/webm`. */
export const baseMime = (mime: string) => mime.split(';')[0]!.trim().toLowerCase();

export const maxBytesFor = (kind: AttachmentKind) => (kind === 'photo' ? MAX_PHOTO_BYTES : MAX_AUDIO_BYTES);

/**
 * A well-formed media type (RFC 9110 §8.3.1): `type/subtype` then `; name=value` parameters,
 * printable ASCII only. Anything else (CR/LF, NUL, emoji, a stray tab) is refused rather
 * than cleaned: it is never a browser's honest declaration, and it must never reach a header.
 */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const WELL_FORMED_MIME = new RegExp(`^${TOKEN}/${TOKEN}(?:[ ]*;[ ]*${TOKEN}=(?:${TOKEN}|"[ !#-\\[\\]-~]*"))*$`);

/**
 * The MIME type to store for an attachment declared as `mime`: its base type (parameters
 * such as `codecs=opus` dropped) when it is well formed and allowed for this kind, else null.
 */
export function allowedAttachmentMime(kind: AttachmentKind, mime: string): string | null {
  if (!Object.hasOwn(ATTACHMENT_TYPES, kind) || mime.length > 100 || !WELL_FORMED_MIME.test(mime)) return null;
  const base = baseMime(mime);
  return Object.hasOwn(ATTACHMENT_TYPES[kind], base) ? base : null;
}

/** Whether a student may declare this MIME type for this kind of attachment. */
export const isAllowedAttachmentMime = (kind: AttachmentKind, mime: string): boolean => allowedAttachmentMime(kind, mime) !== null;

/** Whether the bytes' real type (file-type extension, or undefined) matches the declared MIME type. */
export function realTypeMatches(kind: AttachmentKind, declaredMime: string, detectedExt: string | undefined): boolean {
  const exts = ATTACHMENT_TYPES[kind][baseMime(declaredMime)];
  return !!detectedExt && !!exts && exts.includes(detectedExt);
}

/** Kind and MIME type to store for a lesson medium, from its real type; null when refused. */
export function lessonMediaType(detectedExt: string | undefined): { kind: 'image' | 'audio'; mime: string } | null {
  return (detectedExt && LESSON_MEDIA_TYPES[detectedExt]) || null;
}

/** A display name for a lesson medium: no path, no control characters; null when unusable. */
export function cleanMediaName(name: string | undefined): string | null {
  if (name === undefined || name === '') return 'media';
  // eslint-disable-next-line no-control-regex
  if (name.length > 200 || /[/\\\u0000-\u001f\u007f]/.test(name) || name === '.' || name === '..') return null;
  return name.trim() || null;
}
