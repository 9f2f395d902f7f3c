/**
 * Finds the printed corner marks of a photographed sheet near where a first estimate of the
 * page's position (from the QR code alone) puts them: in a window around each prediction,
 * dark pixels (Otsu's threshold of the window) are grouped into connected blobs, and the
 * blob that is the size and shape of a 6 mm solid square and nearest the prediction wins.
 * Its centroid is the mark's centre. A mark not found is left out (the page may be cropped).
 */
import { MARK, type Point } from '../../protocol/paper-sheet.ts';
import { project, type Homography } from './homography.ts';
import type { GrayImage } from './gray-image.ts';

/** How far from the first estimate a mark is looked for (mm on the page). */
const SEARCH_MM = 30;

/** Otsu's threshold of the grey levels in a window. */
function otsu(hist: Uint32Array, total: number): number {
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (!wB) continue;
    const wF = total - wB;
    if (!wF) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) { best = between; threshold = t; }
  }
  return threshold;
}

/** The centre of the mark whose centre on the page is `centreMm`, or null when no blob fits. */
export function findMark(g: GrayImage, h: Homography, centreMm: Point): Point | null {
  const predicted = project(h, centreMm.x, centreMm.y);
  // Pixels per mm around the prediction (perspective makes it vary over the page).
  const px = project(h, centreMm.x + 1, centreMm.y);
  const py = project(h, centreMm.x, centreMm.y + 1);
  const sx = Math.hypot(px.x - predicted.x, px.y - predicted.y);
  const sy = Math.hypot(py.x - predicted.x, py.y - predicted.y);
  const scale = Math.sqrt(sx * sy);
  if (!Number.isFinite(scale) || scale < 0.5) return null;
  const r = SEARCH_MM * scale;
  const x0 = Math.max(0, Math.floor(predicted.x - r));
  const y0 = Math.max(0, Math.floor(predicted.y - r));
  const x1 = Math.min(g.width, Math.ceil(predicted.x + r));
  const y1 = Math.min(g.height, Math.ceil(predicted.y + r));
  const w = x1 - x0;
  const hgt = y1 - y0;
  if (w < 4 || hgt < 4) return null;
  const hist = new Uint32Array(256);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[g.data[y * g.width + x]!]!++;
  const t = otsu(hist, w * hgt);
  // Connected dark blobs (4-neighbours), by flood fill on a label map of the window.
  const labels = new Int32Array(w * hgt);
  const stack: number[] = [];
  const expected = (MARK * scale) ** 2;
  let best: { c: Point; d: number } | null = null;
  let next = 0;
  for (let y = 0; y < hgt; y++) {
    for (let x = 0; x < w; x++) {
      const idx = y * w + x;
      if (labels[idx] || g.data[(y + y0) * g.width + x + x0]! > t) continue;
      next++;
      labels[idx] = next;
      stack.push(idx);
      let area = 0;
      let sumX = 0;
      let sumY = 0;
      let minX = x;
      let maxX = x;
      let minY = y;
      let maxY = y;
      let touches = false;
      while (stack.length) {
        const k = stack.pop()!;
        const kx = k % w;
        const ky = (k - kx) / w;
        area++;
        sumX += kx;
        sumY += ky;
        if (kx < minX) minX = kx;
        if (kx > maxX) maxX = kx;
        if (ky < minY) minY = ky;
        if (ky > maxY) maxY = ky;
        if (kx === 0 || ky === 0 || kx === w - 1 || ky === hgt - 1) touches = true;
        for (const n of [kx > 0 ? k - 1 : -1, kx < w - 1 ? k + 1 : -1, ky > 0 ? k - w : -1, ky < hgt - 1 ? k + w : -1]) {
          if (n < 0 || labels[n]) continue;
          const nx = n % w;
          const ny = (n - nx) / w;
          if (g.data[(ny + y0) * g.width + nx + x0]! > t) continue;
          labels[n] = next;
          stack.push(n);
        }
      }
      if (touches || area < expected * 0.45 || area > expected * 2.2) continue;
      const bw = maxX - minX + 1;
      const bh = maxY - minY + 1;
      const aspect = bw / bh;
      if (aspect < 0.6 || aspect > 1.65 || area / (bw * bh) < 0.5) continue;
      const c = { x: x0 + sumX / area + 0.5, y: y0 + sumY / area + 0.5 };
      const d = Math.hypot(c.x - predicted.x, c.y - predicted.y);
      if (!best || d < best.d) best = { c, d };
    }
  }
  return best?.c ?? null;
}
