/**
 * The correction printed for the family (issue 15): a first page with the mark, the
 * teacher's overall comment and each question's points and comment, then every photo of the
 * work — the returned paper pages, straightened to A4 — with the teacher's annotation layer
 * drawn over it as vectors (the same marks the console and the tablet show: pen, circle,
 * tick, cross, text; src/ui/common/annotation-svg.tsx). Pure drawing: the service gathers
 * the data; French only, like the pack (it goes to the family).
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { ANNOTATION_SIZES, type AnnotationColour, type AnnotationMark } from '../../src/protocol/annotations.ts';
import { correctionFr as W, fill } from '../../src/i18n/paper-pack-fr.ts';
import { PAGE, PRINTABLE } from '../../src/protocol/paper-sheet.ts';
import { embedFonts } from './pack-pdf.ts';
import { wrap } from './pack-layout.ts';

const MM = 72 / 25.4;
/** The annotation pens (as ANNOTATION_INK in src/ui/common/annotation-svg.tsx). */
const INK: Record<AnnotationColour, ReturnType<typeof rgb>> = { red: rgb(0.784, 0.063, 0.18), green: rgb(0.075, 0.451, 0.2), blue: rgb(0.043, 0.341, 0.816) };

export interface CorrectionPhoto {
  bytes: Uint8Array;
  mime: string;
  marks: readonly AnnotationMark[];
  /** A returned paper page: printed edge to edge at its real size when straightened (A4 proportions). */
  sheet: boolean;
}

export interface CorrectionData {
  title: string;
  pupil: string;
  className: string;
  handedInAt: string | null;
  mark: number | null;
  maxMark: number;
  comment: string;
  questions: { n: number; points: number | null; max: number; comment: string }[];
  photos: CorrectionPhoto[];
}

const num = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(n);
const date = (iso: string) => new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date(iso));

/** The marks of one layer over an image drawn at (x, y, w, h) mm (top-left origin). */
function drawMarks(page: PDFPage, marks: readonly AnnotationMark[], box: { x: number; y: number; w: number; h: number }, font: PDFFont) {
  const X = (u: number) => (box.x + u * box.w) * MM;
  const Y = (v: number) => (PAGE.height - (box.y + v * box.h)) * MM;
  const stroke = ANNOTATION_SIZES.stroke * box.w * MM;
  const stamp = ANNOTATION_SIZES.stamp * box.w * MM;
  const line = (a: [number, number], b: [number, number], colour: AnnotationColour, width: number) =>
    page.drawLine({ start: { x: a[0], y: a[1] }, end: { x: b[0], y: b[1] }, thickness: width, color: INK[colour], lineCap: 1 });
  for (const m of marks) {
    switch (m.kind) {
      case 'pen': {
        if (m.points.length === 2) { page.drawCircle({ x: X(m.points[0]!), y: Y(m.points[1]!), size: stroke / 2, color: INK[m.colour] }); break; }
        for (let i = 0; i + 3 < m.points.length; i += 2) line([X(m.points[i]!), Y(m.points[i + 1]!)], [X(m.points[i + 2]!), Y(m.points[i + 3]!)], m.colour, stroke);
        break;
      }
      case 'circle':
        page.drawEllipse({ x: X(m.cx), y: Y(m.cy), xScale: m.rx * box.w * MM, yScale: m.ry * box.h * MM, borderColor: INK[m.colour], borderWidth: stroke * 1.2 });
        break;
      case 'tick': {
        const x = X(m.x);
        const y = Y(m.y);
        line([x - stamp * 0.5, y], [x - stamp * 0.15, y - stamp * 0.4], m.colour, stroke * 2);
        line([x - stamp * 0.15, y - stamp * 0.4], [x + stamp * 0.55, y + stamp * 0.5], m.colour, stroke * 2);
        break;
      }
      case 'cross': {
        const x = X(m.x);
        const y = Y(m.y);
        const h = stamp / 2;
        line([x - h, y + h], [x + h, y - h], m.colour, stroke * 2);
        line([x + h, y + h], [x - h, y - h], m.colour, stroke * 2);
        break;
      }
      case 'text': {
        const size = ANNOTATION_SIZES.text * box.w * MM;
        page.drawText(m.text, { x: X(m.x), y: Y(m.y) - size * 0.8, size, font, color: INK[m.colour] });
        break;
      }
    }
  }
}

/** The correction as one PDF. */
export async function correctionPdf(d: CorrectionData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const { regular, bold } = await embedFonts(doc);
  doc.setTitle(fill(W.title, { title: d.title }));
  doc.setLanguage('fr-FR');
  doc.setCreator('Cartable');
  const measure = (t: string, size: number, isBold: boolean) => (isBold ? bold : regular).widthOfTextAtSize(t, size) / MM;
  const pages: PDFPage[] = [];
  const newPage = () => { const p = doc.addPage([PAGE.width * MM, PAGE.height * MM]); pages.push(p); return p; };

  // The summary: mark, overall comment, each question.
  let page = newPage();
  let y = 25;
  const left = 20;
  const width = PAGE.width - 40;
  const text = (s: string, size: number, isBold = false, gap = 1.4) => {
    for (const l of wrap(s, width, size, isBold, measure)) {
      if (y > PRINTABLE.y + PRINTABLE.h - 20) { page = newPage(); y = 25; }
      y += size * 0.3528 * 1.1;
      page.drawText(l, { x: left * MM, y: (PAGE.height - y) * MM, size, font: isBold ? bold : regular, color: rgb(0, 0, 0) });
      y += size * 0.3528 * (gap - 1.1) + 1;
    }
  };
  text(fill(W.title, { title: d.title }), 16, true);
  y += 2;
  text(fill(W.pupil, { pupil: d.pupil, className: d.className }), 12);
  if (d.handedInAt) text(fill(W.handedIn, { date: date(d.handedInAt) }), 11);
  y += 4;
  text(d.mark === null ? W.noMark : fill(W.mark, { mark: num(d.mark), max: num(d.maxMark) }), 15, true);
  if (d.comment.trim()) { y += 4; text(W.overall, 12, true); text(d.comment, 11); }
  if (d.questions.length) {
    y += 4;
    text(W.questions, 12, true);
    for (const q of d.questions) {
      text(fill(W.questionLine, { n: q.n, points: q.points === null ? W.notMarked : `${num(q.points)} / ${num(q.max)}` }), 11, true);
      if (q.comment.trim()) text(q.comment, 11);
      y += 1.5;
    }
  }
  y += 4;
  text(d.photos.length ? W.pagesTitle : W.noPages, 11);

  // Every photo with its layer: a paper page edge to edge, another photo fitted in the printable area.
  for (const p of d.photos) {
    const sheet = newPage();
    const image = p.mime === 'image/jpeg' ? await doc.embedJpg(p.bytes) : p.mime === 'image/png' ? await doc.embedPng(p.bytes) : null;
    if (!image) { sheet.drawText(W.unsupported, { x: 20 * MM, y: (PAGE.height - 30) * MM, size: 11, font: regular }); continue; }
    let box: { x: number; y: number; w: number; h: number } = { x: 0, y: 0, w: PAGE.width, h: PAGE.height };
    // Edge to edge only when it is a straightened page (A4 proportions); a photo from the tray keeps its own.
    const a4 = Math.abs(image.height / image.width - PAGE.height / PAGE.width) < 0.01;
    if (!p.sheet || !a4) {
      const area = { x: PRINTABLE.x, y: PRINTABLE.y, w: PRINTABLE.w, h: PRINTABLE.h - 12 };
      const k = Math.min(area.w / image.width, area.h / image.height);
      box = { x: area.x + (area.w - image.width * k) / 2, y: area.y, w: image.width * k, h: image.height * k };
    }
    sheet.drawImage(image, { x: box.x * MM, y: (PAGE.height - box.y - box.h) * MM, width: box.w * MM, height: box.h * MM });
    drawMarks(sheet, p.marks, box, bold);
  }
  pages.forEach((p, i) => {
    const footer = fill(W.footer, { pupil: d.pupil, page: i + 1, pages: pages.length });
    const w = measure(footer, 9, false) + 4;
    // On a white band: a page photo runs edge to edge, the footer stays legible over it.
    p.drawRectangle({ x: 18 * MM, y: (PAGE.height - 289) * MM, width: w * MM, height: 6 * MM, color: rgb(1, 1, 1) });
    p.drawText(footer, { x: 20 * MM, y: (PAGE.height - 285) * MM, size: 9, font: regular, color: rgb(0.2, 0.2, 0.2) });
  });
  return doc.save();
}
