/**
 * The photo viewer's geometry (photo-viewer.tsx), pure so it is tested without a browser.
 *
 * The rule that keeps every part of the page reachable: the scrolling box holds a stage whose
 * size IS the transformed photo (its rotated width and height × the zoom), centred by
 * `margin: auto` only while it is smaller than the box; the photo is placed and rotated inside
 * that stage. Centring a transformed image in an overflow box instead (the old viewer) puts
 * part of it at negative offsets, which no scrollbar reaches.
 */

import { stepAlong, type Size } from '../common/zoom-view.ts';

/** A quarter turn count: 0, 90, 180 or 270 degrees clockwise. */
export type Turn = 0 | 90 | 180 | 270;

/** The zoom steps of « + » and « − » (1 = the photo's own pixels). */
export const ZOOM_STEPS = [0.1, 0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;
export const MAX_ZOOM = 4;
export const MIN_ZOOM = 0.05;

export type { Size };

export const turnBy = (turn: Turn, by: 90 | -90): Turn => (((turn + by + 360) % 360) as Turn);

/** The photo's box once turned. */
export const turnedSize = (photo: Size, turn: Turn): Size => (turn % 180 === 0 ? photo : { width: photo.height, height: photo.width });

/** The zoom at which the whole turned photo fits the box (« Ajuster »). */
export function fitZoom(photo: Size, turn: Turn, box: Size): number {
  const t = turnedSize(photo, turn);
  if (t.width <= 0 || t.height <= 0 || box.width <= 0 || box.height <= 0) return 1;
  return clampZoom(Math.min(box.width / t.width, box.height / t.height));
}

export const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

/** The next step up (`dir` 1) or down (-1) from `zoom`, which may lie between steps (the fit). */
export const stepZoom = (zoom: number, dir: 1 | -1): number => stepAlong(ZOOM_STEPS, zoom, dir);

export interface Layout {
  /** The stage: the scrolled content, exactly the turned photo at this zoom (whole pixels, never more). */
  stage: Size;
  /** The upright photo at this zoom, placed in the stage before it is turned about its centre. */
  photo: Size & { left: number; top: number };
}

export function layout(photo: Size, turn: Turn, zoom: number): Layout {
  const t = turnedSize(photo, turn);
  const stage = { width: Math.max(1, Math.floor(t.width * zoom)), height: Math.max(1, Math.floor(t.height * zoom)) };
  const w = photo.width * zoom;
  const h = photo.height * zoom;
  return { stage, photo: { width: w, height: h, left: (stage.width - w) / 2, top: (stage.height - h) / 2 } };
}

/**
 * A point of the stage (px from its top-left corner, as the pointer sees it) as a point of the
 * upright photo, normalised (0…1 each way): undoes the turn. Null when outside the photo.
 */
export function stageToPhoto(x: number, y: number, stage: Size, turn: Turn): { x: number; y: number } | null {
  const u = x / stage.width;
  const v = y / stage.height;
  if (u < 0 || u > 1 || v < 0 || v > 1) return null;
  switch (turn) {
    case 0: return { x: u, y: v };
    case 90: return { x: v, y: 1 - u };
    case 180: return { x: 1 - u, y: 1 - v };
    case 270: return { x: 1 - v, y: u };
  }
}

/** Where a point of the stage (as fractions of it) lands after a further turn of `by`. */
export function turnFraction(f: { x: number; y: number }, by: 90 | -90): { x: number; y: number } {
  return by === 90 ? { x: 1 - f.y, y: f.x } : { x: f.y, y: 1 - f.x };
}
