/**
 * A photo as grey levels (0 black … 255 white), the form the sheet reader measures ink on.
 * RGBA in (what a canvas or createImageBitmap gives), one byte per pixel out.
 */

/** RGBA pixels, row by row (an ImageData, or the same shape from a test). */
export interface RgbaImage { width: number; height: number; data: Uint8ClampedArray | Uint8Array }

export interface GrayImage { width: number; height: number; data: Uint8Array }

/** Luminance (Rec. 601 weights, as ZXing uses): a blue biro stays dark, a red one mid-grey. */
export function toGray(img: RgbaImage): GrayImage {
  const n = img.width * img.height;
  const out = new Uint8Array(n);
  const d = img.data;
  for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = (d[j]! * 77 + d[j + 1]! * 150 + d[j + 2]! * 29) >> 8;
  return { width: img.width, height: img.height, data: out };
}

/** Bilinear grey level at (x, y) (pixel centres at .5); white outside the image. */
export function sampleGray(g: GrayImage, x: number, y: number): number {
  const fx = x - 0.5;
  const fy = y - 0.5;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  if (x0 < 0 || y0 < 0 || x0 + 1 >= g.width || y0 + 1 >= g.height) return 255;
  const ax = fx - x0;
  const ay = fy - y0;
  const i = y0 * g.width + x0;
  const d = g.data;
  const top = d[i]! + (d[i + 1]! - d[i]!) * ax;
  const bottom = d[i + g.width]! + (d[i + g.width + 1]! - d[i + g.width]!) * ax;
  return top + (bottom - top) * ay;
}
