/** The photo viewer's geometry: the stage is the turned photo, fit, zoom steps, pointer → photo coordinates through every turn. */
import { describe, expect, it } from 'vitest';
import { fitZoom, layout, stageToPhoto, stepZoom, turnBy, turnFraction, turnedSize, type Turn } from '../../../src/ui/console/photo-geometry.ts';
import { scrollKeeping } from '../../../src/ui/common/zoom-view.ts';

const page = { width: 1200, height: 1600 };

describe('photo geometry', () => {
  it('sizes the stage to the turned photo, so its corners are the scrollable area’s corners', () => {
    expect(layout(page, 0, 0.5)).toEqual({ stage: { width: 600, height: 800 }, photo: { width: 600, height: 800, left: 0, top: 0 } });
    expect(layout(page, 90, 0.5)).toEqual({ stage: { width: 800, height: 600 }, photo: { width: 600, height: 800, left: 100, top: -100 } });
    expect(turnedSize(page, 270)).toEqual({ width: 1600, height: 1200 });
  });

  it('fits the whole turned page in the box, and steps to the zoom levels from any zoom', () => {
    expect(fitZoom(page, 0, { width: 900, height: 600 })).toBeCloseTo(0.375);
    expect(fitZoom(page, 90, { width: 900, height: 600 })).toBeCloseTo(0.5);
    expect(stepZoom(0.375, 1)).toBe(0.5);
    expect(stepZoom(0.375, -1)).toBe(0.33);
    expect(stepZoom(1, 1)).toBe(1.25);
    expect(stepZoom(4, 1)).toBe(4);
    expect(stepZoom(0.1, -1)).toBe(0.1);
  });

  it('turns both ways', () => {
    expect(turnBy(0, 90)).toBe(90);
    expect(turnBy(0, -90)).toBe(270);
    expect(turnBy(270, 90)).toBe(0);
  });

  it('maps the stage’s corners to the photo’s corners for every turn (where the pen lands)', () => {
    const cases: [Turn, [number, number], [number, number]][] = [
      [0, [0, 0], [0, 0]], [0, [1, 0], [1, 0]],
      [90, [1, 0], [0, 0]], [90, [0, 0], [0, 1]], [90, [1, 1], [1, 0]],
      [180, [1, 1], [0, 0]], [180, [0, 0], [1, 1]],
      [270, [0, 1], [0, 0]], [270, [0, 0], [1, 0]], [270, [1, 1], [0, 1]],
    ];
    for (const [turn, [u, v], [x, y]] of cases) {
      const stage = turn % 180 ? { width: 800, height: 600 } : { width: 600, height: 800 };
      expect([turn, stageToPhoto(u * stage.width, v * stage.height, stage, turn)]).toEqual([turn, { x, y }]);
    }
    expect(stageToPhoto(-1, 10, { width: 100, height: 100 }, 0)).toBeNull();
  });

  it('keeps the point under the anchor when zooming, and follows it through a turn', () => {
    // The stage's centre under the box's centre: scrolled by half the overflow.
    expect(scrollKeeping({ x: 0.5, y: 0.5 }, { x: 450, y: 300 }, { width: 900, height: 600 }, { width: 2400, height: 3200 })).toEqual({ left: 750, top: 1300 });
    // A stage smaller than the box is centred (nothing to scroll).
    expect(scrollKeeping({ x: 0.5, y: 0.5 }, { x: 450, y: 300 }, { width: 900, height: 600 }, { width: 300, height: 400 })).toEqual({ left: 0, top: 0 });
    expect(turnFraction({ x: 0, y: 0 }, 90)).toEqual({ x: 1, y: 0 });
    expect(turnFraction({ x: 1, y: 0 }, -90)).toEqual({ x: 0, y: 0 });
  });
});
