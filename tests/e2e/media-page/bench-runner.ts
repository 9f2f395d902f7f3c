/**
 * Page side of `npm run bench:media`: one generated 12 MP A4 photo (orientation 6 + GPS),
 * references at the output sizes made OUTSIDE the browser (ImageMagick, Lanczos: the bench
 * hands them over as PNG URLs), then one compression run at a time with its output bytes,
 * SSIM against the reference, time in the worker and on the page, and the main-thread long
 * tasks seen during the run. browser-image-compression gets an ABSOLUTE libURL, as its users
 * pass it: its worker is a blob: URL, where a relative one cannot load, and it then falls back
 * to the main thread without a word.
 */
import { compressPhoto } from '../../../src/media/page/media-bridge.ts';
import { AudioRecorder } from '../../../src/media/page/audio-recorder.ts';
import { decodeToImageData, makePagePhoto, type PagePhotoOptions } from './page-photo.ts';
import { ssim } from 'ssim.js';
import imageCompression from 'browser-image-compression';

export type BenchMethod = 'worker-webp' | 'worker-webp-full-decode' | 'control-webp-q0.1' | 'worker-webp-halving' | 'worker-jpeg' | 'worker-webp-dense' | 'bic-main' | 'bic-worker' | 'bic-main-webp' | 'bic-worker-webp';

export interface BenchRun {
  method: BenchMethod;
  bytes: number;
  mime: string;
  width: number;
  height: number;
  /** Wall time seen by the page, ms. */
  pageMs: number;
  /** Time inside our worker (null for browser-image-compression). */
  workerMs: number | null;
  /** Our worker's phases: decode, resize, encode (ms). */
  phases: { decode: number; resize: number; encode: number } | null;
  longTasks: number;
  longestTaskMs: number;
  ssim: number | null;
}

const longTasks: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

let photo: Blob | null = null;
const refs = new Map<string, ImageData>();

/** Generates the photo; returns it (base64) for the bench to make the references from. */
export async function prepare(options: PagePhotoOptions): Promise<{ bytes: number; base64: string }> {
  photo = null;
  refs.clear();
  photo = await makePagePhoto(options);
  const b = new Uint8Array(await photo.arrayBuffer());
  let bin = '';
  for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return { bytes: photo.size, base64: btoa(bin) };
}

/** The reference at one output size: a PNG made outside the browser, decoded to pixels. */
export async function setReference(width: number, height: number, url: string): Promise<void> {
  const png = await (await fetch(url)).blob();
  const ref = await decodeToImageData(png);
  if (ref.width !== width || ref.height !== height) throw new Error(`reference ${url} is ${ref.width}×${ref.height}, not ${width}×${height}`);
  refs.set(`${width}x${height}`, ref);
}

/** One compression of the photo with `method`; SSIM only when asked (it is slow). */
export async function runOnce(method: BenchMethod, withSsim: boolean): Promise<BenchRun> {
  if (!photo) throw new Error('prepare() first');
  const file = new File([photo], 'page.jpg', { type: 'image/jpeg' });
  const t0 = performance.now();
  let blob: Blob;
  let workerMs: number | null = null;
  let phases: BenchRun['phases'] = null;
  if (method.startsWith('worker') || method.startsWith('control')) {
    const r = await compressPhoto(photo, {
      dense: method === 'worker-webp-dense',
      resample: method === 'worker-webp-halving' ? 'halving' : 'draw',
      fullDecode: method === 'worker-webp-full-decode',
      // A control the quality gate must fail: far too low a quality.
      ...(method === 'control-webp-q0.1' ? { quality: 0.1 } : {}),
      ...(method === 'worker-jpeg' ? { type: 'image/jpeg' as const } : {}),
    });
    blob = r.blob;
    workerMs = r.ms;
    phases = r.phases;
  } else {
    blob = await imageCompression(file, {
      maxWidthOrHeight: 1600, initialQuality: 0.8, useWebWorker: method.startsWith('bic-worker'), libURL: new URL('/browser-image-compression.js', location.href).href, maxSizeMB: 10,
      // Same output format as ours, for a like-for-like comparison (its default keeps JPEG).
      ...(method.endsWith('-webp') ? { fileType: 'image/webp' } : {}),
    });
  }
  const t1 = performance.now();
  // Long tasks are reported a little after they end.
  await new Promise((r) => setTimeout(r, 60));
  const during = longTasks.filter((l) => l.start >= t0 - 1 && l.start <= t1);
  const bmp = await createImageBitmap(blob);
  const size = { width: bmp.width, height: bmp.height };
  bmp.close();
  let score: number | null = null;
  const ref = refs.get(`${size.width}x${size.height}`);
  // Full resolution: ssim.js's default first shrinks a 1200 px image ~5×, where any encoder scores .995.
  if (withSsim && ref) score = ssim(ref, await decodeToImageData(blob), { downsample: false }).mssim;
  return {
    method, bytes: blob.size, mime: blob.type, ...size, pageMs: t1 - t0, workerMs, phases,
    longTasks: during.filter((l) => l.duration > 50).length, longestTaskMs: Math.max(0, ...during.map((l) => l.duration)), ssim: score,
  };
}

/** Records `seconds` of the (fake) microphone with the app's recorder; returns the bytes. */
export async function recordAudio(seconds: number): Promise<{ bytes: number; durationMs: number; mime: string }> {
  const rec = new AudioRecorder({ maxDurationSec: seconds + 5 });
  await rec.start();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const res = await rec.stop();
  return { bytes: res.blob.size, durationMs: res.durationMs, mime: res.mime };
}
