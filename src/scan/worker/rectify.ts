/**
 * The photographed sheet straightened into an A4 page (what a scanner app does): every pixel
 * of the output page is taken, by its millimetres, from where the homography puts it in the
 * photo (bilinear). The result is upright and flat whatever the angle of the photo, so the
 * teacher marks a clean page and the correction prints it at its real size.
 */
import { PAGE } from '../../protocol/paper-sheet.ts';
import type { Homography } from './homography.ts';
import type { RgbaImage } from './gray-image.ts';

/** Resolution of a straightened page: 150 dpi keeps handwriting legible at ~250 KB of JPEG. */
export const RECTIFIED_DPI = 150;

export function rectifiedSize(dpi = RECTIFIED_DPI): { width: number; height: number } {
  return { width: Math.round((PAGE.width / 25.4) * dpi), height: Math.round((PAGE.height / 25.4) * dpi) };
}

/** The A4 page at `dpi`, from `photo` through `h` (page mm → photo px); white where the photo ends. */
export function rectify(photo: RgbaImage, h: Homography, dpi = RECTIFIED_DPI): { width: number; height: number; data: Uint8ClampedArray } {
  const { width, height } = rectifiedSize(dpi);
  const out = new Uint8ClampedArray(width * height * 4);
  const mm = 25.4 / dpi;
  const src = photo.data;
  const sw = photo.width;
  const sh = photo.height;
  for (let j = 0; j < height; j++) {
    const y = (j + 0.5) * mm;
    // The map is projective: numerator and denominator move linearly along a row.
    let nx = h[0]! * (0.5 * mm) + h[1]! * y + h[2]!;
    let ny = h[3]! * (0.5 * mm) + h[4]! * y + h[5]!;
    let dw = h[6]! * (0.5 * mm) + h[7]! * y + h[8]!;
    const sx = h[0]! * mm;
    const sy = h[3]! * mm;
    const sw2 = h[6]! * mm;
    let o = j * width * 4;
    for (let i = 0; i < width; i++, o += 4, nx += sx, ny += sy, dw += sw2) {
      const fx = nx / dw - 0.5;
      const fy = ny / dw - 0.5;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= sw || y0 + 1 >= sh) {
        out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 255;
        continue;
      }
      const ax = fx - x0;
      const ay = fy - y0;
      const a = (y0 * sw + x0) * 4;
      const b = a + sw * 4;
      for (let c = 0; c < 3; c++) {
        const top = src[a + c]! + (src[a + 4 + c]! - src[a + c]!) * ax;
        const bottom = src[b + c]! + (src[b + 4 + c]! - src[b + c]!) * ax;
        out[o + c] = top + (bottom - top) * ay;
      }
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}
