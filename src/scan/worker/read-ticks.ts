/**
 * Reads the boxes to tick of a photographed sheet, once its position is known (a homography
 * page mm → photo px). Each box is first found where it is printed: its square outline is
 * looked for around the expected place (± 1.2 mm), which absorbs what the page's position
 * gets wrong. Then the ink inside, a little away from the outline, is measured against the
 * paper around the box and the printed outline's own black:
 * - `ticked`: clear ink inside (a cross or a tick of a pen);
 * - `empty`: no ink and no faint ink inside;
 * - `unsure`: anything between (a faint or tiny mark, a box blackened to cancel it), or a box
 *   whose outline was not found where expected, or too little contrast to tell. An unsure box
 *   is shown to the teacher; it is never counted as ticked or as empty.
 */
import type { TickBox } from '../../protocol/paper-sheet.ts';
import { project, type Homography } from './homography.ts';
import { sampleGray, type GrayImage } from './gray-image.ts';

export type BoxState = 'ticked' | 'empty' | 'unsure';

export interface BoxReading {
  questionId: string;
  choiceId: string;
  state: BoxState;
  /** Share of the inside covered with ink (0…1), for the record. */
  ink: number;
}

/** The thresholds, as measured on generated returned sheets (bench/paper-scan-bench.ts). */
export const TICK_RULES = {
  /** Distance of the measured inside from the box's edges (mm): clear of the printed outline. */
  insetMm: 1.1,
  /** A pixel is ink when it is darker than the paper by this share of the paper–outline contrast. */
  inkLevel: 0.45,
  /** …and faint ink (a light pencil) by this share. */
  faintLevel: 0.2,
  /** At least this share of ink inside: ticked. */
  ticked: 0.09,
  /** Less than this share of ink and of faint ink: empty. */
  empty: 0.008,
  faintEmpty: 0.03,
  /** More than this share of ink: blackened (the family's way to cancel a tick) — unsure. */
  blackened: 0.8,
  /** The printed outline must be found on at least this share of its length. */
  outline: 0.7,
  /** The least paper–outline contrast (grey levels) to tell anything. */
  contrast: 50,
} as const;

const STEP_MM = 0.2;
const SHIFT_MM = 1.2;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))]!;
}

/** Grey levels along the outline of a `size` box at (x, y) mm. */
function outlineSamples(g: GrayImage, h: Homography, x: number, y: number, size: number): number[] {
  const out: number[] = [];
  for (let t = 0; t <= size + 1e-9; t += STEP_MM * 1.5) {
    for (const [px, py] of [[x + t, y], [x + t, y + size], [x, y + t], [x + size, y + t]] as const) {
      const p = project(h, px, py);
      out.push(sampleGray(g, p.x, p.y));
    }
  }
  return out;
}

/** Reads every box of `boxes` on the sheet. */
export function readTicks(g: GrayImage, h: Homography, boxes: readonly TickBox[]): BoxReading[] {
  return boxes.map((b) => ({ questionId: b.questionId, choiceId: b.choiceId, ...readBox(g, h, b) }));
}

function readBox(g: GrayImage, h: Homography, b: TickBox): { state: BoxState; ink: number } {
  const R = TICK_RULES;
  // Paper: the brighter part of a ring 1–2.5 mm around the box (a tick's strokes may cross it).
  const ring: number[] = [];
  for (let t = -2.5; t <= b.size + 2.5 + 1e-9; t += 0.5) {
    for (const d of [1, 1.75, 2.5]) {
      for (const [px, py] of [[b.x + t, b.y - d], [b.x + t, b.y + b.size + d], [b.x - d, b.y + t], [b.x + b.size + d, b.y + t]] as const) {
        const p = project(h, px, py);
        ring.push(sampleGray(g, p.x, p.y));
      }
    }
  }
  const paper = percentile(ring, 0.75);
  // The outline where it is darkest around the expected place.
  let best = { dark: -1, dx: 0, dy: 0, black: 0 };
  for (let dy = -SHIFT_MM; dy <= SHIFT_MM + 1e-9; dy += STEP_MM) {
    for (let dx = -SHIFT_MM; dx <= SHIFT_MM + 1e-9; dx += STEP_MM) {
      const s = outlineSamples(g, h, b.x + dx, b.y + dy, b.size);
      const black = percentile(s, 0.5);
      const dark = paper - black;
      if (dark > best.dark) best = { dark, dx, dy, black };
    }
  }
  const contrast = paper - best.black;
  if (contrast < R.contrast) return { state: 'unsure', ink: 0 };
  const outline = outlineSamples(g, h, b.x + best.dx, b.y + best.dy, b.size);
  const found = outline.filter((v) => paper - v > contrast * 0.5).length / outline.length;
  let ink = 0;
  let faint = 0;
  let n = 0;
  const x0 = b.x + best.dx + R.insetMm;
  const y0 = b.y + best.dy + R.insetMm;
  const inner = b.size - 2 * R.insetMm;
  for (let v = 0; v <= inner + 1e-9; v += STEP_MM) {
    for (let u = 0; u <= inner + 1e-9; u += STEP_MM) {
      const p = project(h, x0 + u, y0 + v);
      const dark = (paper - sampleGray(g, p.x, p.y)) / contrast;
      if (dark > R.inkLevel) ink++;
      if (dark > R.faintLevel) faint++;
      n++;
    }
  }
  const share = ink / n;
  const faintShare = faint / n;
  if (found < R.outline) return { state: 'unsure', ink: share };
  if (share >= R.blackened) return { state: 'unsure', ink: share };
  if (share >= R.ticked) return { state: 'ticked', ink: share };
  if (share < R.empty && faintShare < R.faintEmpty) return { state: 'empty', ink: share };
  return { state: 'unsure', ink: share };
}
