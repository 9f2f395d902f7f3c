/**
 * Plane-to-plane projective maps (homographies), for a photographed sheet: the page's
 * millimetres ↔ the photo's pixels. Solved by least squares from four or more point pairs
 * (normalised DLT with h33 = 1), so the corner marks and the QR code's corners together give
 * the page's position under rotation and perspective. Pure arithmetic: any thread.
 */
import type { Point } from '../../protocol/paper-sheet.ts';

/** Row-major 3×3 matrix mapping (x, y, 1) to (u·w, v·w, w). */
export type Homography = readonly number[];

/** Where `h` takes the point (x, y). */
export function project(h: Homography, x: number, y: number): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return { x: (h[0]! * x + h[1]! * y + h[2]!) / w, y: (h[3]! * x + h[4]! * y + h[5]!) / w };
}

const multiply = (a: Homography, b: Homography): number[] => {
  const out = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[r * 3 + c]! += a[r * 3 + k]! * b[k * 3 + c]!;
  return out;
};

/** The inverse map (null when singular). */
export function invert(h: Homography): number[] | null {
  const [a, b, c, d, e, f, g, i, j] = h as [number, number, number, number, number, number, number, number, number];
  const A = e * j - f * i;
  const B = -(d * j - f * g);
  const C = d * i - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  const inv = [A, -(b * j - c * i), b * f - c * e, B, a * j - c * g, -(a * f - c * d), C, -(a * i - b * g), a * e - b * d];
  return inv.map((v) => v / det);
}

/** Translate to the centroid and scale to a mean distance of √2 (Hartley): a well-conditioned solve. */
function normaliser(points: readonly Point[]): number[] {
  const n = points.length;
  const cx = points.reduce((s, p) => s + p.x, 0) / n;
  const cy = points.reduce((s, p) => s + p.y, 0) / n;
  const mean = points.reduce((s, p) => s + Math.hypot(p.x - cx, p.y - cy), 0) / n || 1;
  const k = Math.SQRT2 / mean;
  return [k, 0, -k * cx, 0, k, -k * cy, 0, 0, 1];
}

/** Solves the n×n system `a x = b` in place (Gaussian elimination, partial pivoting); null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c < n; c++) a[r]![c]! -= f * a[col]![c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= a[r]![c]! * x[c]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}

/** The homography taking each `from[i]` to `to[i]` (least squares over ≥ 4 pairs); null when degenerate. */
export function solveHomography(from: readonly Point[], to: readonly Point[]): number[] | null {
  if (from.length !== to.length || from.length < 4) return null;
  const tf = normaliser(from);
  const tt = normaliser(to);
  const ata = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  const atb = new Array<number>(8).fill(0);
  const add = (row: number[], rhs: number) => {
    for (let r = 0; r < 8; r++) {
      atb[r]! += row[r]! * rhs;
      for (let c = 0; c < 8; c++) ata[r]![c]! += row[r]! * row[c]!;
    }
  };
  from.forEach((p, i) => {
    const s = project(tf, p.x, p.y);
    const d = project(tt, to[i]!.x, to[i]!.y);
    add([s.x, s.y, 1, 0, 0, 0, -s.x * d.x, -s.y * d.x], d.x);
    add([0, 0, 0, s.x, s.y, 1, -s.x * d.y, -s.y * d.y], d.y);
  });
  const h = solve(ata, atb);
  if (!h) return null;
  const tInv = invert(tt);
  if (!tInv) return null;
  const out = multiply(multiply(tInv, [...h, 1]), tf);
  return out.every(Number.isFinite) ? out.map((v) => v / out[8]!) : null;
}

/**
 * The affine map (no perspective) closest to taking `from` to `to`, as a homography. From a
 * small square (the QR code) it extrapolates to the far corners of the page much better
 * than a full homography, whose perspective terms a pixel of error in the corners throws off.
 */
export function solveAffine(from: readonly Point[], to: readonly Point[]): number[] | null {
  if (from.length !== to.length || from.length < 3) return null;
  const ata = Array.from({ length: 3 }, () => new Array<number>(3).fill(0));
  const bx = new Array<number>(3).fill(0);
  const by = new Array<number>(3).fill(0);
  from.forEach((p, i) => {
    const row = [p.x, p.y, 1];
    for (let r = 0; r < 3; r++) {
      bx[r]! += row[r]! * to[i]!.x;
      by[r]! += row[r]! * to[i]!.y;
      for (let c = 0; c < 3; c++) ata[r]![c]! += row[r]! * row[c]!;
    }
  });
  const sx = solve(ata.map((r) => [...r]), bx);
  const sy = solve(ata.map((r) => [...r]), by);
  return sx && sy ? [...sx, ...sy, 0, 0, 1] : null;
}
