/**
 * Draws laid-out paper packs (pack-layout.ts) into one PDF with pdf-lib: A4 pages, the
 * Liberation Sans fonts embedded (every French accent, on any machine), the QR codes drawn
 * as vector squares (sharp at any printer's resolution). Server-side: the client bundle
 * never carries a PDF library.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import QRCode from 'qrcode';
import { layOutPupil, PAGE, type LaidOutPage, type Mark, type Measure, type PackContext, type PackPupil } from './pack-layout.ts';

const MM = 72 / 25.4;
const FONT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fonts');
let fontBytes: { regular: Uint8Array; bold: Uint8Array } | null = null;
const fonts = () => (fontBytes ??= { regular: readFileSync(join(FONT_DIR, 'LiberationSans-Regular.ttf')), bold: readFileSync(join(FONT_DIR, 'LiberationSans-Bold.ttf')) });

/** Liberation Sans regular and bold embedded whole in `doc` (every French accent, on any machine). */
export async function embedFonts(doc: PDFDocument): Promise<{ regular: PDFFont; bold: PDFFont }> {
  doc.registerFontkit(fontkit);
  // subset: false — pdf-lib's subsetting has dropped glyphs of some fonts; two whole fonts are ~280 KB once.
  return { regular: await doc.embedFont(fonts().regular, { subset: false }), bold: await doc.embedFont(fonts().bold, { subset: false }) };
}

/** The dark modules of a QR code, as runs per row (fewer rectangles to draw). */
export function qrRuns(payload: string): { size: number; runs: { row: number; col: number; len: number }[] } {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'Q' });
  const runs: { row: number; col: number; len: number }[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.data[row * modules.size + col] === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) { runs.push({ row, col: start, len: col - start }); start = -1; }
    }
  }
  return { size: modules.size, runs };
}

function draw(page: PDFPage, m: Mark, regular: PDFFont, bold: PDFFont) {
  const H = PAGE.height;
  const black = rgb(0, 0, 0);
  const grey = rgb(0.35, 0.35, 0.35);
  switch (m.t) {
    case 'text':
      page.drawText(m.text, { x: m.x * MM, y: (H - m.y) * MM, size: m.size, font: m.bold ? bold : regular, color: m.grey ? grey : black });
      break;
    case 'rect':
      page.drawRectangle({
        x: m.x * MM, y: (H - m.y - m.h) * MM, width: m.w * MM, height: m.h * MM,
        ...(m.fill ? { color: black } : { borderColor: black, borderWidth: (m.stroke ?? 0.4) * MM }),
      });
      break;
    case 'line':
      page.drawLine({ start: { x: m.x1 * MM, y: (H - m.y1) * MM }, end: { x: m.x2 * MM, y: (H - m.y2) * MM }, thickness: m.width * MM, color: m.grey ? rgb(0.55, 0.55, 0.55) : black });
      break;
    case 'qr': {
      const { size, runs } = qrRuns(m.payload);
      const cell = m.size / size;
      for (const r of runs) {
        page.drawRectangle({ x: (m.x + r.col * cell) * MM, y: (H - m.y - (r.row + 1) * cell) * MM, width: r.len * cell * MM + 0.05, height: cell * MM + 0.05, color: black });
      }
      break;
    }
  }
}

export interface RenderedPack {
  pdf: Uint8Array;
  /** Every page as laid out, in the PDF's order (the return step reads sheets against these). */
  pages: LaidOutPage[];
}

/** One PDF with the pack of each pupil, in the order given. */
export async function renderPack(ctx: PackContext, pupils: PackPupil[]): Promise<RenderedPack> {
  const doc = await PDFDocument.create();
  const { regular, bold } = await embedFonts(doc);
  const measure: Measure = (text, size, isBold) => (isBold ? bold : regular).widthOfTextAtSize(text, size) / MM;
  doc.setTitle(`Devoirs à la maison — ${ctx.title}`);
  doc.setAuthor(ctx.teacher);
  doc.setSubject(ctx.className);
  doc.setLanguage('fr-FR');
  doc.setCreator('Cartable');
  const all: LaidOutPage[] = [];
  for (const pupil of pupils) {
    for (const p of layOutPupil(ctx, pupil, measure)) {
      const page = doc.addPage([PAGE.width * MM, PAGE.height * MM]);
      for (const m of p.marks) draw(page, m, regular, bold);
      all.push(p);
    }
  }
  return { pdf: await doc.save(), pages: all };
}

/** The width measure of the embedded fonts, for tests that check bounds without a PDF. */
export async function packMeasure(): Promise<Measure> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fonts().regular, { subset: false });
  const bold = await doc.embedFont(fonts().bold, { subset: false });
  return (text, size, isBold) => (isBold ? bold : regular).widthOfTextAtSize(text, size) / MM;
}
