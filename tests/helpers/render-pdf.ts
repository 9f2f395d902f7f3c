/**
 * Renders a PDF's pages to pixels in Node, as a reader would see them: pdf.js (the renderer
 * of Firefox and of pdfjs-dist) drawing on @napi-rs/canvas. For tests of made PDFs (paper
 * packs): grey pixels to measure, PNG bytes to look at.
 */
import { createCanvas } from '@napi-rs/canvas';

/** Node 20 lacks Promise.withResolvers, which pdfjs-dist uses (before its module is loaded). */
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
};
/** …nor ArrayBuffer#transferToFixedLength, which its operator lists use (without it pages render blank). */
const AB = ArrayBuffer.prototype as unknown as { transferToFixedLength?: (this: ArrayBuffer, len?: number) => ArrayBuffer };
AB.transferToFixedLength ??= function (this: ArrayBuffer, len = this.byteLength) {
  const next = new ArrayBuffer(len);
  new Uint8Array(next).set(new Uint8Array(this, 0, Math.min(len, this.byteLength)));
  return next;
};

export interface RenderedPage {
  width: number;
  height: number;
  /** RGBA, row by row. */
  rgba: Uint8ClampedArray;
  png(): Buffer;
  /** Each text item: its string and its box in mm from the top-left corner. */
  text: { str: string; x: number; y: number; w: number; h: number }[];
  /** The page's size in mm. */
  mm: { width: number; height: number };
}

/** Every page of `pdf` at `dpi` (pages from `first`, `count` of them). */
export async function renderPdf(pdf: Uint8Array, opts: { dpi?: number; first?: number; count?: number } = {}): Promise<RenderedPage[]> {
  const dpi = opts.dpi ?? 100;
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  const doc = await task.promise;
  const out: RenderedPage[] = [];
  const first = opts.first ?? 1;
  const last = Math.min(doc.numPages, first + (opts.count ?? doc.numPages) - 1);
  for (let n = first; n <= last; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport }).promise;
    const base = page.getViewport({ scale: 1 });
    const toMm = 25.4 / 72;
    const content = await page.getTextContent();
    const text = content.items.flatMap((it) => ('str' in it && it.str.trim() ? [{
      str: it.str, x: it.transform[4] * toMm, y: (base.height - it.transform[5] - it.height) * toMm, w: it.width * toMm, h: it.height * toMm,
    }] : []));
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    out.push({ width: canvas.width, height: canvas.height, rgba: img.data, png: () => canvas.toBuffer('image/png'), text, mm: { width: base.width * toMm, height: base.height * toMm } });
    page.cleanup();
  }
  await task.destroy();
  return out;
}
