/**
 * The scan worker (console only): returned paper sheets read off the main thread — QR codes
 * (zxing-wasm), corner marks, ticked boxes, the page straightened — from photos or from a
 * copier's PDF drawn by pdf.js. Logic in src/scan/worker; the page reaches it through
 * src/scan/page/scan-bridge.ts.
 */
import { expose } from 'comlink';
import zxingWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { prepareQrDecoder, zxingDecoder } from '../src/scan/worker/qr-zxing.ts';
import { readPhotoSheet, readSheet, type SheetLayouts } from '../src/scan/worker/read-sheet.ts';
import { openPdf, type OpenPdf } from '../src/scan/worker/pdf-pages.ts';

prepareQrDecoder({ wasmUrl: zxingWasmUrl });

let pdf: OpenPdf | null = null;
const cancelled = new Set<string>();

const api = {
  /** Reads one photo of a sheet. */
  readPhoto: (photo: Blob, layouts: SheetLayouts, jobId: string) => readPhotoSheet(photo, layouts, zxingDecoder, () => cancelled.has(jobId)),
  /** Opens a PDF scan (closing any other) and answers its page count. */
  async openPdf(bytes: ArrayBuffer): Promise<number> {
    await pdf?.close();
    pdf = await openPdf(bytes, pdfWorkerUrl);
    return pdf.pages;
  },
  /** Reads page `n` (1-based) of the open PDF. */
  async readPdfPage(n: number, layouts: SheetLayouts, jobId: string) {
    if (!pdf) throw new Error('No PDF is open.');
    return readSheet(await pdf.draw(n), layouts, zxingDecoder, () => cancelled.has(jobId));
  },
  async closePdf() {
    await pdf?.close();
    pdf = null;
  },
  cancel(jobId: string) {
    cancelled.add(jobId);
  },
};

expose(api);

export type ScanWorkerApi = typeof api;
