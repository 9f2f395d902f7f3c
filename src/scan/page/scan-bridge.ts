/**
 * The console's one door to the scan worker (Squoosh-style, like media-bridge.ts): started
 * on first use, stopped after a minute idle (a photo's pixels and pdf.js weigh tens of MB),
 * one sheet at a time, cancellable between sheets. The page never decodes an image itself:
 * nothing on the main thread but posting blobs and receiving results.
 */
import { transfer, wrap, type Remote } from 'comlink';
import type { ScanWorkerApi } from '../../../workers/scan.worker.ts';
import type { SheetLayouts, SheetResult } from '../worker/read-sheet.ts';

export type { SheetLayouts, SheetResult } from '../worker/read-sheet.ts';
export type { BoxReading, BoxState } from '../worker/read-ticks.ts';

const IDLE_MS = 60_000;

let worker: Worker | null = null;
let remote: Remote<ScanWorkerApi> | null = null;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function api(): Remote<ScanWorkerApi> {
  clearTimeout(idleTimer);
  if (!remote) {
    worker = new Worker(new URL('../../../workers/scan.worker.ts', import.meta.url), { type: 'module', name: 'scan' });
    remote = wrap<ScanWorkerApi>(worker);
  }
  return remote;
}

/** Stops the worker now (it restarts on the next call). */
export function stopScanWorker(): void {
  clearTimeout(idleTimer);
  worker?.terminate();
  worker = null;
  remote = null;
}

const idle = () => {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(stopScanWorker, IDLE_MS);
};

/** One file the teacher chose, read sheet by sheet: `onSheet` is called for each (a PDF has many). */
export async function readSheets(
  file: Blob,
  layouts: SheetLayouts,
  onSheet: (result: SheetResult, index: number, total: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const a = api();
  const jobId = crypto.randomUUID();
  const onAbort = () => void a.cancel(jobId);
  signal?.addEventListener('abort', onAbort);
  try {
    if (file.type === 'application/pdf') {
      const bytes = await file.arrayBuffer();
      const pages = await a.openPdf(transfer(bytes, [bytes])); // moved, not copied on the page's thread
      try {
        for (let n = 1; n <= pages; n++) {
          if (signal?.aborted) break;
          await onSheet(await a.readPdfPage(n, layouts, jobId), n, pages);
        }
      } finally {
        await a.closePdf();
      }
    } else {
      await onSheet(await a.readPhoto(file, layouts, jobId), 1, 1);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    idle();
  }
}
