/**
 * One returned sheet read in the scan worker, from a photo (any size, any EXIF turn) or a
 * scanned PDF page: scaled to WORK_LONG_EDGE px, its QR code and corner marks located, its
 * boxes read against the pack's layout, and the page straightened to a 150 dpi JPEG — the
 * image the teacher will mark. A sheet whose code cannot be read comes back as a JPEG of
 * the photo (long edge TRAY_LONG_EDGE) for the tray « À attribuer ».
 */
import type { TickBox } from '../../protocol/paper-sheet.ts';
import { toGray, type RgbaImage } from './gray-image.ts';
import { locateSheet, type QrDecoder } from './locate-sheet.ts';
import { readTicks, type BoxReading } from './read-ticks.ts';
import { rectify } from './rectify.ts';

/** The long edge the reader works at: a phone's 4032 px photo of an A4 page gives ~200 dpi. */
export const WORK_LONG_EDGE = 2400;
/** The long edge of a photo kept for the tray (legible, ~400 KB). */
export const TRAY_LONG_EDGE = 2000;

/** The boxes of each page of each pack the teacher printed: `layouts[code][page - 1]`. */
export type SheetLayouts = Record<string, TickBox[][]>;

export type SheetResult =
  | {
    kind: 'read';
    code: string;
    page: number;
    layoutVersion: number;
    /** The straightened page (JPEG, A4 at 150 dpi). */
    image: Blob;
    /** The boxes of that page read (null: the pack is not in `layouts`). */
    boxes: BoxReading[] | null;
    marks: number;
    residualMm: number;
  }
  | { kind: 'unread'; image: Blob };

/** The picture drawn to an RGBA image of at most `longEdge` px. */
export function rasterise(source: ImageBitmap | OffscreenCanvas, longEdge: number): { canvas: OffscreenCanvas; image: RgbaImage } {
  const k = Math.min(1, longEdge / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * k));
  const height = Math.max(1, Math.round(source.height * k));
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(source, 0, 0, width, height);
  const data = ctx.getImageData(0, 0, width, height);
  return { canvas, image: { width, height, data: data.data } };
}

async function jpeg(image: RgbaImage, quality = 0.85): Promise<Blob> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d')!;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}

/** Reads one sheet already drawn (a decoded photo, a rendered PDF page). */
export async function readSheet(source: ImageBitmap | OffscreenCanvas, layouts: SheetLayouts, decode: QrDecoder, isCancelled: () => boolean = () => false): Promise<SheetResult> {
  const { canvas, image } = rasterise(source, WORK_LONG_EDGE);
  const gray = toGray(image);
  const where = await locateSheet(image, gray, decode);
  if (isCancelled()) throw new DOMException('The reading was cancelled.', 'AbortError');
  if (!where) {
    const small = canvas.width > TRAY_LONG_EDGE || canvas.height > TRAY_LONG_EDGE ? rasterise(canvas, TRAY_LONG_EDGE).image : image;
    return { kind: 'unread', image: await jpeg(small) };
  }
  const layout = layouts[where.code];
  const boxes = layout ? readTicks(gray, where.h, layout[where.page - 1] ?? []) : null;
  const straight = rectify(image, where.h);
  return {
    kind: 'read', code: where.code, page: where.page, layoutVersion: where.layoutVersion, image: await jpeg(straight),
    boxes, marks: where.marks, residualMm: Math.round(where.residualMm * 100) / 100,
  };
}

/** A photo file read as a sheet (EXIF orientation applied by the browser's decoder). */
export async function readPhotoSheet(photo: Blob, layouts: SheetLayouts, decode: QrDecoder, isCancelled?: () => boolean): Promise<SheetResult> {
  const bitmap = await createImageBitmap(photo, { imageOrientation: 'from-image' });
  try {
    return await readSheet(bitmap, layouts, decode, isCancelled);
  } finally {
    bitmap.close();
  }
}
