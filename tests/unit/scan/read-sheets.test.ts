/**
 * The scan worker's reader of returned sheets (src/scan/worker), in Node on generated sheets:
 * the homography it solves, then a few dozen pack pages with random ticks — phone photos
 * (tilted, in perspective, noisy, blurred, JPEG, sideways or upside down) and copier scans —
 * each located by its QR code and corner marks and its boxes read. Every page must name its
 * pupil and page; a box is read right or flagged unsure, never wrong. Then the cases the
 * reader must flag rather than guess: a faint dot, a blackened box, a box whose outline is
 * gone, a page whose code is blotted out. The full run (≥ 200 sheets, full size) is
 * `npm run bench:paper`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { invert, project, solveAffine, solveHomography } from '../../../src/scan/worker/homography.ts';
import { toGray } from '../../../src/scan/worker/gray-image.ts';
import { locateSheet } from '../../../src/scan/worker/locate-sheet.ts';
import { readTicks } from '../../../src/scan/worker/read-ticks.ts';
import { rectify } from '../../../src/scan/worker/rectify.ts';
import { QR_AT, QR_SIZE, type TickBox } from '../../../src/protocol/paper-sheet.ts';
import { corpusPages, nodeQrDecoder, readGeneratedSheet, type Corpus, type SheetOutcome } from './sheet-corpus.ts';
import { createCanvas } from '@napi-rs/canvas';

let corpus: Corpus;
beforeAll(async () => {
  corpus = await corpusPages(150);
}, 60_000);

describe('homography', () => {
  it('maps four or more points exactly, inverts, and an affine fit extrapolates a square', () => {
    const from = [{ x: 0, y: 0 }, { x: 210, y: 0 }, { x: 210, y: 297 }, { x: 0, y: 297 }, { x: 100, y: 150 }];
    const truth = [1.1, 0.2, 40, -0.15, 1.3, 25, 0.0004, 0.0002, 1];
    const to = from.map((p) => project(truth, p.x, p.y));
    const h = solveHomography(from, to)!;
    for (const p of [{ x: 13, y: 271 }, { x: 190, y: 20 }]) {
      const a = project(h, p.x, p.y);
      const b = project(truth, p.x, p.y);
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeLessThan(1e-6);
      const back = project(invert(h)!, a.x, a.y);
      expect(Math.hypot(back.x - p.x, back.y - p.y)).toBeLessThan(1e-6);
    }
    const affine = solveAffine(from.slice(0, 3), from.slice(0, 3).map((p) => ({ x: 2 * p.x + 5, y: 3 * p.y - 1 })))!;
    const q = project(affine, 50, 50);
    expect(q.x).toBeCloseTo(105, 9);
    expect(q.y).toBeCloseTo(149, 9);
    expect(solveHomography(from.slice(0, 3), to.slice(0, 3))).toBeNull();
  });
});

describe('reading returned sheets', () => {
  it('finds every page\'s pupil and page and reads every box right or flags it (photos and scans)', async () => {
    const decode = nodeQrDecoder();
    const out: SheetOutcome[] = [];
    for (let i = 0; i < 12; i++) out.push(await readGeneratedSheet(corpus, i, { kind: 'photo', size: { long: 1600, short: 1200 }, decode }));
    for (let i = 12; i < 18; i++) out.push(await readGeneratedSheet(corpus, i, { kind: 'scan', size: { long: 0, short: 0 }, decode }));
    const sum = (k: 'boxes' | 'right' | 'unsure' | 'wrong') => out.reduce((s, o) => s + o[k], 0);
    expect(out.filter((o) => !o.rightPage)).toEqual([]);
    expect(sum('wrong')).toBe(0);
    expect(sum('right') / sum('boxes')).toBeGreaterThanOrEqual(0.97);
    expect(sum('boxes')).toBeGreaterThan(40);
  }, 120_000);

  it('flags what it cannot tell: a faint dot, a blackened box, a box whose outline is gone; never guesses', async () => {
    const { laid, image } = corpus.pages[0]!;
    const dpi = corpus.dpi;
    const k = dpi / 25.4;
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    const id = ctx.createImageData(image.width, image.height);
    id.data.set(image.data);
    ctx.putImageData(id, 0, 0);
    const [dot, black, gone, cross] = laid.ticks as [TickBox, TickBox, TickBox, TickBox?];
    ctx.fillStyle = '#777';
    ctx.beginPath();
    ctx.arc((dot.x + 3.4) * k, (dot.y + 2.8) * k, 0.35 * k, 0, Math.PI * 2); // a hesitant pencil touch
    ctx.fill();
    ctx.fillStyle = '#111';
    ctx.fillRect(black.x * k, black.y * k, black.size * k, black.size * k); // blackened to cancel
    ctx.fillStyle = '#fff';
    ctx.fillRect((gone.x - 1) * k, (gone.y - 1) * k, (gone.size + 2) * k, (gone.size + 2) * k); // torn off / folded under
    const data = ctx.getImageData(0, 0, image.width, image.height);
    const img = { width: image.width, height: image.height, data: data.data };
    const gray = toGray(img);
    const where = (await locateSheet(img, gray, nodeQrDecoder()))!;
    expect(where).toMatchObject({ page: laid.page, marks: 3 });
    expect(where.residualMm).toBeLessThan(0.5);
    const read = readTicks(gray, where.h, [dot, black, gone, ...(cross ? [cross] : [])]);
    expect(read.slice(0, 3).map((b) => b.state)).toEqual(['unsure', 'unsure', 'unsure']);
    if (cross) expect(read[3]!.state).toBe('empty');
    // Straightened, the page comes back at 150 dpi with the QR code where it was printed.
    const flat = rectify(img, where.h);
    expect([flat.width, flat.height]).toEqual([1240, 1754]);
    const qx = Math.round((QR_AT.x + 0.44) * (150 / 25.4));
    const qy = Math.round((QR_AT.y + 3) * (150 / 25.4));
    expect(flat.data[(qy * flat.width + qx) * 4]!).toBeLessThan(100); // the left edge of the QR code's finder pattern
    expect(flat.data[(Math.round(150 * 0.5) * flat.width + Math.round(150 * 4)) * 4]!).toBeGreaterThan(200); // paper
    // Blotted out, the code names nobody: the page goes to the tray.
    ctx.fillStyle = '#223';
    ctx.fillRect((QR_AT.x + 3) * k, (QR_AT.y + 4) * k, (QR_SIZE - 6) * k, (QR_SIZE - 8) * k);
    const blotted = ctx.getImageData(0, 0, image.width, image.height);
    expect(await locateSheet({ width: image.width, height: image.height, data: blotted.data }, toGray({ width: image.width, height: image.height, data: blotted.data }), nodeQrDecoder())).toBeNull();
  }, 60_000);
});
