/**
 * The page's one door to the media worker. It owns the Worker: started on first use,
 * stopped after a minute idle (a 12 MP decode leaves tens of MB behind), one photo at a
 * time (queued), and cancellable (an AbortSignal stops the job at its next step). UI code
 * calls `compressPhoto` and never sees Comlink.
 */
import { wrap, type Remote } from 'comlink';
import type { MediaWorkerApi } from '../../../workers/media.worker.ts';
import type { CompressedImage, CompressOptions } from '../worker/compress-image.ts';

export type { CompressedImage, CompressOptions } from '../worker/compress-image.ts';

const IDLE_MS = 60_000;

let worker: Worker | null = null;
let remote: Remote<MediaWorkerApi> | null = null;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let busy = 0;
let queue: Promise<unknown> = Promise.resolve();

function api(): Remote<MediaWorkerApi> {
  clearTimeout(idleTimer);
  if (!remote) {
    worker = new Worker(new URL('../../../workers/media.worker.ts', import.meta.url), { type: 'module', name: 'media' });
    remote = wrap<MediaWorkerApi>(worker);
  }
  return remote;
}

function idle() {
  if (busy > 0) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(stopMediaWorker, IDLE_MS);
}

/** Stops the worker now (it restarts on the next call). */
export function stopMediaWorker(): void {
  clearTimeout(idleTimer);
  worker?.terminate();
  worker = null;
  remote = null;
}

const abortError = () => new DOMException('The photo compression was cancelled.', 'AbortError');

/**
 * Compresses a camera photo in the worker (upright, 1600 px long edge or 2048 px when
 * `dense`, WebP or JPEG, no metadata) and returns it with its SHA-256.
 * Rejects with an AbortError when `signal` aborts.
 */
export function compressPhoto(photo: Blob, options: CompressOptions & { signal?: AbortSignal } = {}): Promise<CompressedImage> {
  const { signal, ...opts } = options;
  const run = async (): Promise<CompressedImage> => {
    if (signal?.aborted) throw abortError();
    busy++;
    const jobId = crypto.randomUUID();
    const a = api();
    const onAbort = () => void a.cancelCompression(jobId);
    signal?.addEventListener('abort', onAbort);
    try {
      const job = a.compressImage(photo, opts, jobId);
      if (!signal) return await job;
      // Answer the page at once; the worker stops at its next step.
      return await Promise.race([job, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(abortError())))]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      busy--;
      idle();
    }
  };
  // One photo at a time: a second one waits for the first (memory stays bounded).
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

/** SHA-256 (hex) of a Blob, computed in the worker (a long recording never blocks the page). */
export async function sha256InWorker(blob: Blob): Promise<string> {
  busy++;
  try {
    return await api().sha256Hex(blob);
  } finally {
    busy--;
    idle();
  }
}
