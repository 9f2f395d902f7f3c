/**
 * The stored size of a JPEG (its frame header, before any EXIF rotation), read from the first
 * bytes without decoding anything: compress-image.ts needs it to ask the decoder for a
 * reduced scale before the pixels exist.
 */

/** Width and height from the first SOF segment, or null (not a JPEG, or no frame header in `bytes`). */
export function jpegStoredSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let p = 2;
  while (p + 9 < bytes.length) {
    if (bytes[p] !== 0xff) return null;
    const marker = bytes[p + 1]!;
    if (marker === 0xff) { p++; continue; } // fill byte
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (bytes[p + 5]! << 8) | bytes[p + 6]!;
      const width = (bytes[p + 7]! << 8) | bytes[p + 8]!;
      return width > 0 && height > 0 ? { width, height } : null;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan data or the end before any frame header
    p += 2 + ((bytes[p + 2]! << 8) | bytes[p + 3]!);
  }
  return null;
}
