/**
 * Where a returned sheet is in a photo or a scanned page: its QR code says which pupil's
 * pack and which page (C1.<code>.<page>.<version>), and gives a first estimate of the
 * page's position from its four corners; the three printed corner marks, found near where
 * that estimate puts them, then fix the position over the whole page (least squares over
 * the seven points). A mark that disagrees with the others by more than MAX_RESIDUAL_MM is
 * dropped (a thumb, a fold); the boxes' own outlines absorb what is left (read-ticks.ts).
 */
import { CORNER_MARKS, MARK, parseQrPayload, QR_CORNERS, type Point } from '../../protocol/paper-sheet.ts';
import { invert, project, solveAffine, solveHomography } from './homography.ts';
import { findMark } from './find-marks.ts';
import type { GrayImage, RgbaImage } from './gray-image.ts';

/** A QR code found in an image: its text and its corners in reading order (top-left, top-right, bottom-right, bottom-left). */
export interface QrFound { text: string; corners: readonly [Point, Point, Point, Point] }
/** The QR decoder (zxing-wasm in the worker; the tests may pass another). */
export type QrDecoder = (img: RgbaImage) => Promise<QrFound[]>;

export interface SheetLocation {
  code: string;
  page: number;
  layoutVersion: number;
  /** Page millimetres → image pixels. */
  h: number[];
  /** How many of the three corner marks were found. */
  marks: number;
  /** The largest disagreement between the points used and the fitted position (mm). */
  residualMm: number;
}

const MAX_RESIDUAL_MM = 1.5;

const markCentres: Point[] = CORNER_MARKS.map((c) => ({ x: c.x + MARK / 2, y: c.y + MARK / 2 }));

function fit(pairs: { mm: Point; px: Point }[]): { h: number[]; residual: number; worst: number } | null {
  const h = solveHomography(pairs.map((p) => p.mm), pairs.map((p) => p.px));
  const back = h && invert(h);
  if (!h || !back) return null;
  let residual = 0;
  let worst = -1;
  pairs.forEach((p, i) => {
    const q = project(back, p.px.x, p.px.y);
    const d = Math.hypot(q.x - p.mm.x, q.y - p.mm.y);
    if (d > residual) { residual = d; worst = i; }
  });
  return { h, residual, worst };
}

/** The sheet's page and position in `img` (`gray` is the same image in grey levels), or null when no code of ours is read. */
export async function locateSheet(img: RgbaImage, gray: GrayImage, decode: QrDecoder): Promise<SheetLocation | null> {
  let qr: { found: QrFound; payload: NonNullable<ReturnType<typeof parseQrPayload>> } | null = null;
  for (const found of await decode(img)) {
    const payload = parseQrPayload(found.text);
    if (payload) { qr = { found, payload }; break; }
  }
  if (!qr) return null;
  const qrPairs = QR_CORNERS.map((mm, i) => ({ mm, px: qr.found.corners[i]! }));
  // A first estimate without perspective (a small square extrapolated to the page's corners).
  const affine = solveAffine(QR_CORNERS, qr.found.corners);
  let current = fit(qrPairs);
  if (!current || !affine) return null;
  current = { ...current, h: affine };
  let marks: { mm: Point; px: Point }[] = [];
  // Twice: the second search starts from the better estimate that the first marks give.
  for (let round = 0; round < 2; round++) {
    marks = [];
    for (const c of markCentres) {
      const px = findMark(gray, current.h, c);
      if (px) marks.push({ mm: c, px });
    }
    let next = fit([...qrPairs, ...marks]);
    while (next && next.residual > MAX_RESIDUAL_MM && marks.length) {
      // The worst point is a mark (the QR corners were read by the decoder): drop the worst mark.
      const worstMark = next.worst >= qrPairs.length ? next.worst - qrPairs.length : marks.reduce((w, m, i) => {
        const p = project(invert(next!.h)!, m.px.x, m.px.y);
        return Math.hypot(p.x - m.mm.x, p.y - m.mm.y) > w.d ? { i, d: Math.hypot(p.x - m.mm.x, p.y - m.mm.y) } : w;
      }, { i: 0, d: -1 }).i;
      marks.splice(worstMark, 1);
      next = fit([...qrPairs, ...marks]);
    }
    if (next) current = next;
  }
  return { ...qr.payload, h: current.h, marks: marks.length, residualMm: current.residual };
}
