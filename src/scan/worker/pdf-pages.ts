/**
 * A multi-page PDF from the school's copier, page by page, drawn in the scan worker by
 * pdf.js (Mozilla's renderer: the JPEG, JBIG2 and CCITT images copiers write). Rasterised
 * in the browser rather than on the server: the school server needs no PDF renderer nor its
 * native canvas, the teacher's machine does the work with the same reader as photos, and
 * pdf.js (~510 KB gzip with its parser) is fetched only when a PDF is chosen.
 */

import type * as PdfJsModule from 'pdfjs-dist';

/** A page is drawn at this resolution (the reader then works at ≤ 2400 px: ~200 dpi for A4). */
const RENDER_DPI = 200;

type PdfJs = typeof PdfJsModule;
type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

let pdfjs: Promise<PdfJs> | null = null;

async function load(workerUrl: string): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist').then((m) => {
    m.GlobalWorkerOptions.workerSrc = workerUrl;
    return m;
  });
  return pdfjs;
}

/** An open PDF: its page count, and each page drawn on demand. */
export interface OpenPdf {
  pages: number;
  draw(n: number): Promise<OffscreenCanvas>;
  close(): Promise<void>;
}

/** Opens `bytes` with pdf.js (its parser in its own worker at `workerUrl`). Rejects on a damaged or protected file. */
export async function openPdf(bytes: ArrayBuffer, workerUrl: string): Promise<OpenPdf> {
  const lib = await load(workerUrl);
  const task = lib.getDocument({ data: new Uint8Array(bytes), isOffscreenCanvasSupported: true, verbosity: 0 });
  const doc: PdfDoc = await task.promise;
  return {
    pages: doc.numPages,
    async draw(n: number) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: RENDER_DPI / 72 });
      const canvas = new OffscreenCanvas(Math.round(viewport.width), Math.round(viewport.height));
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport }).promise;
      page.cleanup();
      return canvas;
    },
    close: () => task.destroy(),
  };
}
