/**
 * The page's one door to the media worker. It owns the Worker: started on first use,
 * stopped after a minute idle (a 12 MP decode leaves tens of MB behind), one photo at a
 * time (queued), and cancellable (an AbortSignal stops the job at its next step). UI code
 * calls `compressPhoto` and never sees Comlink. A worker whose script did not load (a cut on
 * the hotspot) is replaced and the photo compressed in the new one (bridge/supervised-worker.ts):
 * before, it answered nothing and every later photo waited behind it until a reload.
 */
import type { Remote } from 'comlink';
import { SupervisedWorker } from '../../bridge/supervised-worker.ts';
import type { MediaWorkerApi } from '../../../workers/media.worker.ts';
import type { CompressedImage, CompressOptions } from '../worker/compress-image.ts';

export type { CompressedImage, CompressOptions } from '../worker/compress-image.ts';

const IDLE_MS = 60_000;

/** A worker whose script did not load is replaced after this long; the call waiting on it is made again. */
export const MEDIA_WORKER_RETRY_MS = 1_000;

const worker = new SupervisedWorker<MediaWorkerApi>(
  () => new Worker(new URL('../../../workers/media.worker.ts', import.meta.url), { type: 'module', name: 'media' }),
  { retryMs: MEDIA_WORKER_RETRY_MS },
);
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let busy = 0;
let queue: Promise<unknown> = Promise.resolve();

/** Runs `call` in the worker (started if needed; made again once in a new one if its script did not load). */
function inWorker<R>(call: (remote: Remote<MediaWorkerApi>) => Promise<R>): Promise<R> {
  clearTimeout(idleTimer);
  return worker.run(call);
}

function idle() {
  if (busy > 0) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(stopMediaWorker, IDLE_MS);
}

/** Stops the worker now (it restarts on the next call). */
export function stopMediaWorker(): void {
  clearTimeout(idleTimer);
  worker.stop();
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
    const onAbort = () => void worker.remote.cancelCompression(jobId);
    signal?.addEventListener('abort', onAbort);
    try {
      const job = inWorker((a) => a.compressImage(photo, opts, jobId));
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
    return await inWorker((a) => a.sha256Hex(blob));
  } finally {
    busy--;
    idle();
  }
}
