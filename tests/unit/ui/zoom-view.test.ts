/** The full-screen image's geometry: fitted whole at 1, zoom steps, and the point under the fingers kept in place. */
import { describe, expect, it } from 'vitest';
import { clampZoom, pictureFraction, scrollKeeping, stepZoom, zoomedSize } from '../../../src/ui/common/zoom-view.ts';

const box = { width: 1280, height: 700 };

describe('zoom view', () => {
  it('zoom 1 fits the whole picture, in its shape, whatever its orientation', () => {
    expect(zoomedSize({ width: 192, height: 192 }, box, 1)).toEqual({ width: 700, height: 700 });
    expect(zoomedSize({ width: 3000, height: 4000 }, box, 1)).toEqual({ width: 525, height: 700 }); // a page photographed upright
    expect(zoomedSize({ width: 4000, height: 1000 }, box, 1)).toEqual({ width: 1280, height: 320 });
    expect(zoomedSize({ width: 192, height: 192 }, box, 2)).toEqual({ width: 1400, height: 1400 });
    expect(zoomedSize({ width: 0, height: 0 }, box, 2)).toEqual({ width: 0, height: 0 });
  });

  it('steps from wherever a pinch left it; never below the whole picture nor above 4×', () => {
    expect(stepZoom(1, 1)).toBe(1.5);
    expect(stepZoom(1.7, 1)).toBe(2);
    expect(stepZoom(1.7, -1)).toBe(1.5);
    expect(stepZoom(4, 1)).toBe(4);
    expect(stepZoom(1, -1)).toBe(1);
    expect(clampZoom(0.3)).toBe(1);
    expect(clampZoom(9)).toBe(4);
  });

  it('keeps the point under the fingers where it was', () => {
    const natural = { width: 2000, height: 1000 };
    const before = zoomedSize(natural, box, 1); // 1280 × 640, centred: 30 px above and below
    const at = { x: 320, y: 200 };
    const f = pictureFraction(at, { left: 0, top: 0 }, box, before);
    expect(f).toEqual({ x: 0.25, y: (200 - 30) / 640 });
    const after = zoomedSize(natural, box, 2);
    const s = scrollKeeping(f, at, box, after);
    // The same point of the picture is under the fingers again.
    expect(pictureFraction(at, s, box, after).x).toBeCloseTo(f.x, 6);
    expect(pictureFraction(at, s, box, after).y).toBeCloseTo(f.y, 6);
  });

  it('zooming in around the middle of a small picture keeps its middle in the middle', () => {
    const natural = { width: 100, height: 100 };
    const mid = { x: box.width / 2, y: box.height / 2 };
    const f = pictureFraction(mid, { left: 0, top: 0 }, box, zoomedSize(natural, box, 1));
    expect(f).toEqual({ x: 0.5, y: 0.5 });
    const big = zoomedSize(natural, box, 3);
    expect(scrollKeeping(f, mid, box, big)).toEqual({ left: (big.width - box.width) / 2, top: (big.height - box.height) / 2 });
  });
});
