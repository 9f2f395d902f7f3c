/** The JPEG frame-header reader that lets the photo worker ask for a reduced-scale decode. */
import { describe, expect, it } from 'vitest';
import { jpegStoredSize } from '../../../src/media/worker/jpeg-header.ts';

/** A JPEG head: SOI, an APP1 segment of `app1` bytes, then an SOF `marker` for width × height. */
function head(width: number, height: number, o: { marker?: number; app1?: number } = {}) {
  const app1 = o.app1 ?? 0;
  const segs = [0xff, 0xd8];
  if (app1) segs.push(0xff, 0xe1, (app1 + 2) >> 8, (app1 + 2) & 0xff, ...new Array<number>(app1).fill(0x45));
  segs.push(0xff, 0xc4, 0x00, 0x04, 0x00, 0x00); // a DHT first: not a frame header
  segs.push(0xff, o.marker ?? 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  return new Uint8Array(segs);
}

describe('jpegStoredSize', () => {
  it('reads the stored size behind an EXIF segment and a DHT, baseline and progressive', () => {
    expect(jpegStoredSize(head(4000, 3000, { app1: 30_000 }))).toEqual({ width: 4000, height: 3000 });
    expect(jpegStoredSize(head(3024, 4032, { marker: 0xc2 }))).toEqual({ width: 3024, height: 4032 });
  });

  it('null for what is not a JPEG, or is cut before its frame header', () => {
    expect(jpegStoredSize(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(jpegStoredSize(head(4000, 3000, { app1: 30_000 }).subarray(0, 20_000))).toBeNull();
    expect(jpegStoredSize(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2, 0, 0, 0, 0, 0]))).toBeNull();
  });
});
