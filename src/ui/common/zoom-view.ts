/**
 * The geometry of an image opened full screen (image-viewer.tsx), pure so it is tested without
 * a browser. Zoom 1 is the whole picture fitted to the screen; « + », the keys and the fingers
 * go up to 4× that. The picture is laid out at its zoomed size inside a scrolling stage (centred
 * while smaller), and every zoom keeps the point under the fingers — or the middle of the
 * screen — where it was.
 */

export interface Size {
  width: number;
  height: number;
}

/** The zoom steps of « + » and « − » (× the fitted size). */
export const ZOOM_STEPS = [1, 1.5, 2, 3, 4] as const;
export const MIN_ZOOM = 1;
export const MAX_ZOOM = 4;

export const clampZoom = (z: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

/**
 * The next of `steps` (ascending) up (1) or down (-1) from `zoom`, which may lie between steps
 * (after a pinch, or at a fitted zoom); past the ends, the end. Also the console's photo viewer's.
 */
export function stepAlong(steps: readonly number[], zoom: number, dir: 1 | -1): number {
  if (dir > 0) return steps.find((s) => s > zoom * 1.001) ?? steps[steps.length - 1]!;
  return [...steps].reverse().find((s) => s < zoom / 1.001) ?? steps[0]!;
}

/** The next step up (1) or down (-1) from `zoom`. */
export const stepZoom = (zoom: number, dir: 1 | -1): number => stepAlong(ZOOM_STEPS, zoom, dir);

/** The picture's size on screen at `zoom`: fitted whole into `box` at 1 (never cut, never stretched out of shape). */
export function zoomedSize(natural: Size, box: Size, zoom: number): Size {
  if (natural.width <= 0 || natural.height <= 0 || box.width <= 0 || box.height <= 0) return { width: 0, height: 0 };
  const fit = Math.min(box.width / natural.width, box.height / natural.height);
  return { width: Math.round(natural.width * fit * zoom), height: Math.round(natural.height * fit * zoom) };
}

/** The point of the picture under `at` (px from the stage's visible top-left), as fractions of the picture (0…1). */
export function pictureFraction(at: { x: number; y: number }, scroll: { left: number; top: number }, box: Size, picture: Size): { x: number; y: number } {
  const offX = Math.max(0, (box.width - picture.width) / 2);
  const offY = Math.max(0, (box.height - picture.height) / 2);
  const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
  return {
    x: picture.width ? clamp01((scroll.left + at.x - offX) / picture.width) : 0.5,
    y: picture.height ? clamp01((scroll.top + at.y - offY) / picture.height) : 0.5,
  };
}

/**
 * The scroll that puts the picture's point `fraction` back under `at` (px from the box's visible
 * top-left) once it has its new size, the picture centred while smaller than the box. Also the
 * console's photo viewer's (its « picture » is the turned photo's stage).
 */
export function scrollKeeping(fraction: { x: number; y: number }, at: { x: number; y: number }, box: Size, picture: Size): { left: number; top: number } {
  const offX = Math.max(0, (box.width - picture.width) / 2);
  const offY = Math.max(0, (box.height - picture.height) / 2);
  return { left: Math.max(0, offX + fraction.x * picture.width - at.x), top: Math.max(0, offY + fraction.y * picture.height - at.y) };
}
