/**
 * Worker-side photo compression: a 12-megapixel photo of a page becomes a legible image of
 * a few hundred KB, off the main thread.
 *
 * Policy:
 * - decode with EXIF orientation honoured, so a tablet held sideways gives an upright page;
 *   a JPEG much bigger than the target is decoded straight at a reduced scale where the
 *   browser has WebCodecs' ImageDecoder (libjpeg's DCT scaling: a 12 MP photo decodes at
 *   1/2 scale, a quarter of the pixels, then a short high-quality resize finishes it — about
 *   half the time of decoding 12 MP and resizing them, measured in bench:media); anything
 *   else, or a failure there, takes createImageBitmap;
 * - resize to a 1600 px long edge (2048 px for a "dense page": small handwriting) with
 *   high-quality resampling, never upscale;
 * - encode WebP at q0.8 when the browser really produces WebP (the returned Blob's type
 *   says so), else JPEG; re-encoding from pixels writes no metadata at all, so no EXIF, GPS
 *   or camera details leave the tablet;
 * - release every bitmap and canvas at once (a 12 MP bitmap is 48 MB); cancellable between
 *   steps through `cancelCompression(jobId)`.
 */
import { sha256Hex } from '../sha256.ts';
import { jpegStoredSize } from './jpeg-header.ts';

export const LONG_EDGE = 1600;
export const DENSE_LONG_EDGE = 2048;
export const WEBP_QUALITY = 0.8;
export const JPEG_QUALITY = 0.8;

export interface CompressOptions {
  /** Small writing: keep 2048 px on the long edge instead of 1600. */
  dense?: boolean;
  /** Override the long edge (bench and tests). */
  maxEdge?: number;
  /** Force an output type (bench); default: WebP when supported, else JPEG. */
  type?: 'image/webp' | 'image/jpeg';
  quality?: number;
  /** 'draw': one high-quality drawImage; 'halving': halve with high quality until within 2×, then draw. */
  resample?: 'draw' | 'halving';
  /** Bench: decode every pixel (createImageBitmap) even where a reduced-scale decode is possible. */
  fullDecode?: boolean;
}

export interface CompressedImage {
  blob: Blob;
  mime: string;
  width: number;
  height: number;
  size: number;
  sha256: string;
  /** Time spent in the worker, ms. */
  ms: number;
  /**
   * Where that time went, ms: decode (+ orientation), resize, encode (+ checksum). The canvas
   * draws lazily, so a single-step resize is mostly counted in `encode`.
   */
  phases: { decode: number; resize: number; encode: number };
}

const cancelled = new Set<string>();

/** Asks the job to stop at its next step (it then rejects with an AbortError). */
export function cancelCompression(jobId: string): void {
  cancelled.add(jobId);
}

function check(jobId: string | undefined) {
  if (jobId && cancelled.has(jobId)) {
    cancelled.delete(jobId);
    throw new DOMException('The photo compression was cancelled.', 'AbortError');
  }
}

/** Target size: the long edge brought down to `maxEdge`, aspect kept, never enlarged. */
export function targetSize(width: number, height: number, maxEdge: number): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Compresses one photo (decode → orient → resize → encode) and returns the new Blob with its SHA-256. */
export async function compressImage(input: Blob, options: CompressOptions = {}, jobId?: string): Promise<CompressedImage> {
  const t0 = performance.now();
  const maxEdge = options.maxEdge ?? (options.dense ? DENSE_LONG_EDGE : LONG_EDGE);
  let source: ImageBitmap | OffscreenCanvas = await decodeOriented(input, maxEdge, options.fullDecode === true);
  const t1 = performance.now();
  const canvases: OffscreenCanvas[] = [];
  try {
    check(jobId);
    const { width, height } = targetSize(source.width, source.height, maxEdge);
    if (options.resample === 'halving') {
      while (source.width / 2 >= width && source.height / 2 >= height) {
        const half = draw(source, Math.round(source.width / 2), Math.round(source.height / 2));
        canvases.push(half);
        if (source instanceof ImageBitmap) source.close();
        source = half;
        check(jobId);
      }
    }
    const canvas = draw(source, width, height);
    canvases.push(canvas);
    if (source instanceof ImageBitmap) source.close();
    check(jobId);
    const t2 = performance.now();
    const blob = await encode(canvas, options);
    check(jobId);
    const sha256 = await sha256Hex(blob);
    const t3 = performance.now();
    return { blob, mime: blob.type, width, height, size: blob.size, sha256, ms: t3 - t0, phases: { decode: t1 - t0, resize: t2 - t1, encode: t3 - t2 } };
  } finally {
    if (source instanceof ImageBitmap) source.close();
    // Zero-sized canvases give their pixel memory back at once.
    for (const c of canvases) c.width = c.height = 0;
    if (jobId) cancelled.delete(jobId);
  }
}

/**
 * The photo as an upright bitmap. A JPEG over 4/3 of the target is asked of ImageDecoder at the
 * smallest DCT scale (n/8) that still covers the target (Chromium's decoder takes the largest
 * scale NOT above the size asked: asking for the target itself would give less than it, 1500 px
 * for 1600), and the VideoFrame it gives carries the EXIF rotation, which createImageBitmap applies.
 */
async function decodeOriented(input: Blob, maxEdge: number, fullDecode: boolean): Promise<ImageBitmap> {
  const Decoder = (globalThis as { ImageDecoder?: typeof ImageDecoder }).ImageDecoder;
  if (!fullDecode && Decoder && input.type === 'image/jpeg') {
    const stored = jpegStoredSize(new Uint8Array(await input.slice(0, 256 * 1024).arrayBuffer()));
    const scale = stored ? maxEdge / Math.max(stored.width, stored.height) : 1;
    if (stored && scale < 0.75) {
      let decoder: ImageDecoder | null = null;
      try {
        const eighths = Math.ceil(scale * 8);
        decoder = new Decoder({ data: input.stream(), type: 'image/jpeg', desiredWidth: Math.ceil((stored.width * eighths) / 8), desiredHeight: Math.ceil((stored.height * eighths) / 8) });
        const { image } = await decoder.decode();
        let bitmap: ImageBitmap;
        try {
          bitmap = await createImageBitmap(image);
        } finally {
          image.close();
        }
        // Never less than the target: a decoder that gave fewer pixels than asked is not used.
        if (Math.max(bitmap.width, bitmap.height) >= maxEdge) return bitmap;
        bitmap.close();
      } catch {
        // This browser's decoder could not: decode every pixel below.
      } finally {
        decoder?.close();
      }
    }
  }
  return createImageBitmap(input, { imageOrientation: 'from-image' });
}

function draw(source: ImageBitmap | OffscreenCanvas, width: number, height: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('This browser cannot draw images off the main thread.');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, width, height);
  return canvas;
}

let webpWorks: boolean | null = null;

async function encode(canvas: OffscreenCanvas, options: CompressOptions): Promise<Blob> {
  const wanted = options.type ?? (webpWorks === false ? 'image/jpeg' : 'image/webp');
  const quality = options.quality ?? (wanted === 'image/webp' ? WEBP_QUALITY : JPEG_QUALITY);
  const blob = await canvas.convertToBlob({ type: wanted, quality });
  if (wanted === 'image/webp' && !options.type) {
    // Some browsers silently give PNG when asked for WebP: check what came out.
    webpWorks = blob.type === 'image/webp';
    if (!webpWorks) return canvas.convertToBlob({ type: 'image/jpeg', quality: options.quality ?? JPEG_QUALITY });
  }
  return blob;
}
