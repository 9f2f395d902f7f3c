/**
 * The paper pack as a PDF (issue 15), read as a printer would: every page rendered by pdf.js
 * (tests/helpers/render-pdf.ts), no ink outside the printable area, the fonts' accents kept
 * in the text, the footer of each page, and every page's QR code decoded (jsQR) to the right
 * pupil and page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { renderPack } from '../../../../server/paper/pack-pdf.ts';
import { parseQrPayload, PRINTABLE } from '../../../../server/paper/pack-layout.ts';
import { renderPdf, type RenderedPage } from '../../../helpers/render-pdf.ts';
import { sampleContext } from './pack-sample.ts';

const pupils = [
  { id: 's1', firstName: 'Anaïs', lastName: 'Fournier', code: 'ABCDEFGHIJKLMNOP' },
  { id: 's2', firstName: 'Inès', lastName: 'Lefèvre-Ødegård', code: 'QRSTUVWXYZ234567' },
];
const DPI = 100;
let pdf: Uint8Array;
let pages: RenderedPage[];
let laidOut: Awaited<ReturnType<typeof renderPack>>['pages'];

beforeAll(async () => {
  ({ pdf, pages: laidOut } = await renderPack(sampleContext(), pupils));
  pages = await renderPdf(pdf, { dpi: DPI });
  // Kept for a person to look at (tests/e2e/screenshots is where every screen goes).
  const dir = join(import.meta.dirname, '../../../e2e/screenshots');
  mkdirSync(dir, { recursive: true });
  pages.slice(0, laidOut.filter((p) => p.studentId === 's1').length).forEach((p, i) => writeFileSync(join(dir, `paper-pack-page-${i + 1}.png`), p.png()));
}, 60_000);

/** Dark pixels outside the printable area (anti-aliasing of a mark on its edge allowed: 1 px). */
function inkOutside(p: RenderedPage): number {
  const px = DPI / 25.4;
  const x0 = Math.floor(PRINTABLE.x * px) - 1;
  const y0 = Math.floor(PRINTABLE.y * px) - 1;
  const x1 = Math.ceil((PRINTABLE.x + PRINTABLE.w) * px) + 1;
  const y1 = Math.ceil((PRINTABLE.y + PRINTABLE.h) * px) + 1;
  let n = 0;
  for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) {
    if (x >= x0 && x < x1 && y >= y0 && y < y1) continue;
    if (p.rgba[(y * p.width + x) * 4]! < 200) n++;
  }
  return n;
}

describe('paper pack PDF', () => {
  it('has each pupil\'s pages in order, A4, with « Prénom Nom — page p/n » on every page', () => {
    expect(pages.length).toBe(laidOut.length);
    const perPupil = laidOut.filter((p) => p.studentId === 's1').length;
    expect(perPupil).toBeGreaterThanOrEqual(3);
    pages.forEach((p, i) => {
      expect(p.mm.width).toBeCloseTo(210, 0);
      expect(p.mm.height).toBeCloseTo(297, 0);
      const pupil = i < perPupil ? pupils[0]! : pupils[1]!;
      const n = i < perPupil ? i + 1 : i - perPupil + 1;
      const total = laidOut.filter((x) => x.studentId === pupil.id).length;
      expect(p.text.map((t) => t.str)).toContain(`${pupil.firstName} ${pupil.lastName} — page ${n}/${total}`);
    });
    const letter = pages[0]!.text.map((t) => t.str).join(' ');
    expect(letter).toContain('Madame, Monsieur,');
    expect(letter).toContain('Anaïs Fournier, élève de 5e B');
    expect(letter).toContain('Mme Lefèvre');
  });

  it('puts no ink and no text outside the printable area', () => {
    for (const [i, p] of pages.entries()) {
      expect(inkOutside(p), `page ${i + 1}`).toBe(0);
      for (const t of p.text) {
        expect(t.x, t.str).toBeGreaterThanOrEqual(PRINTABLE.x);
        expect(t.y, t.str).toBeGreaterThanOrEqual(PRINTABLE.y - 0.5);
        expect(t.x + t.w, t.str).toBeLessThanOrEqual(PRINTABLE.x + PRINTABLE.w);
        expect(t.y + t.h, t.str).toBeLessThanOrEqual(PRINTABLE.y + PRINTABLE.h);
      }
    }
  });

  it('prints a QR code on every page that names its pupil and page', () => {
    const codeOf = new Map(pupils.map((p) => [p.code, p.id]));
    pages.forEach((p, i) => {
      const found = jsQR(p.rgba, p.width, p.height);
      expect(found, `page ${i + 1}`).not.toBeNull();
      const read = parseQrPayload(found!.data);
      expect(read).not.toBeNull();
      expect(codeOf.get(read!.code)).toBe(laidOut[i]!.studentId);
      expect(read!.page).toBe(laidOut[i]!.page);
      expect(read!.layoutVersion).toBe(3);
    });
  });
});
