/**
 * Photo compression and audio recording in real headless Chromium (fake camera and
 * microphone), through the media area's real modules (media test page: the worker bridge,
 * the recorder). The student screens will call the same functions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { buildMediaPage, launchMediaBrowser } from './media-page/build-media-page.ts';
import type { RecordingResult } from '../../src/media/page/audio-recorder.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ staticDir: await buildMediaPage() });
  const base = await t.listen();
  browser = await launchMediaBrowser();
  const context = await browser.newContext({ permissions: ['microphone', 'camera'] });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/index.html`);
  await page.waitForSelector('body[data-ready="true"]');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('photo compression in the media worker', () => {
  it('turns a 12 MP sideways photo (EXIF orientation 6 + GPS) into an upright 1200×1600 image without any metadata', async () => {
    const r = await page.evaluate(async () => {
      const m = window.media;
      const photo = await m.makePagePhoto();
      const input = await m.exifScan(photo);
      const storedSize = await m.jpegStoredSize(photo);
      const out = await m.compressPhoto(photo);
      const px = await m.decodeToImageData(out.blob);
      const at = (x: number, y: number) => Array.from(px.data.slice((y * px.width + x) * 4, (y * px.width + x) * 4 + 3));
      return {
        input, storedSize, inputBytes: photo.size,
        out: { mime: out.mime, type: out.blob.type, width: out.width, height: out.height, size: out.size, sha256: out.sha256, ms: out.ms },
        decoded: [px.width, px.height],
        topLeft: at(108, 120), bottomRight: at(1088, 1480), topRight: at(1088, 120), bottomLeft: at(108, 1480), middle: at(600, 30),
        scan: await m.exifScan(out.blob),
        sha256Check: (await m.sha256Hex(out.blob)) === out.sha256,
      };
    });
    // The input really is a sideways 12 MP photo carrying orientation 6 and a GPS block.
    expect(r.storedSize).toEqual([4000, 3000]);
    expect(r.input).toMatchObject({ exifHeader: true, gps: true, orientation: 6 });
    expect(r.inputBytes).toBeGreaterThan(1_000_000);
    // Upright: width and height swapped, the red mark top-left, the blue one bottom-right.
    expect([r.out.width, r.out.height]).toEqual([1200, 1600]);
    expect(r.decoded).toEqual([1200, 1600]);
    const isRed = ([rr, g, b]: number[]) => rr! > 170 && g! < 90 && b! < 90;
    const isBlue = ([rr, g, b]: number[]) => b! > 170 && rr! < 90 && g! < 110;
    expect(isRed(r.topLeft), `top-left ${r.topLeft}`).toBe(true);
    expect(isBlue(r.bottomRight), `bottom-right ${r.bottomRight}`).toBe(true);
    expect(isRed(r.topRight) || isBlue(r.topRight)).toBe(false);
    expect(isRed(r.bottomLeft) || isBlue(r.bottomLeft)).toBe(false);
    // Chromium encodes WebP, and says so.
    expect(r.out.mime).toBe('image/webp');
    expect(r.out.type).toBe('image/webp');
    expect(r.out.size).toBeLessThan(r.inputBytes / 5);
    expect(r.sha256Check).toBe(true);
    // No metadata of any kind leaves the tablet.
    expect(r.scan).toEqual({ exifHeader: false, gps: false, orientation: null, xmp: false, metadataSegments: 0 });
  });

  it('keeps 2048 px for a dense page, writes no metadata in JPEG either, and never enlarges a small photo', async () => {
    const r = await page.evaluate(async () => {
      const m = window.media;
      const photo = await m.makePagePhoto();
      const dense = await m.compressPhoto(photo, { dense: true });
      const jpeg = await m.compressPhoto(photo, { type: 'image/jpeg' });
      const small = await m.compressPhoto(await m.makePagePhoto({ width: 800, height: 600, orientation: 1, gps: true }));
      return {
        dense: [dense.width, dense.height], jpeg: { mime: jpeg.mime, scan: await m.exifScan(jpeg.blob) }, small: [small.width, small.height], smallScan: await m.exifScan(small.blob),
      };
    });
    expect(r.dense).toEqual([1536, 2048]);
    expect(r.jpeg.mime).toBe('image/jpeg');
    expect(r.jpeg.scan).toEqual({ exifHeader: false, gps: false, orientation: null, xmp: false, metadataSegments: 0 });
    expect(r.small).toEqual([800, 600]);
    expect(r.smallScan.gps).toBe(false);
  });

  it('cancels a compression, then compresses the next photo', async () => {
    const r = await page.evaluate(async () => {
      const m = window.media;
      const photo = await m.makePagePhoto();
      const ac = new AbortController();
      const first = m.compressPhoto(photo, { signal: ac.signal });
      ac.abort();
      const cancelled = await first.then(() => 'finished', (e: DOMException) => e.name);
      const already = await m.compressPhoto(photo, { signal: AbortSignal.abort() }).then(() => 'finished', (e: DOMException) => e.name);
      const next = await m.compressPhoto(photo);
      return { cancelled, already, next: [next.width, next.height] };
    });
    expect(r).toEqual({ cancelled: 'AbortError', already: 'AbortError', next: [1200, 1600] });
  });
});

describe('oral answers', () => {
  it('records Opus in WebM, mono, at about 24 kbps, with a level meter and a maximum length', async () => {
    const r = await page.evaluate(async () => {
      const m = window.media;
      const levels: number[] = [];
      let maxReached = false;
      const done = new Promise<RecordingResult>((resolve) => {
        const rec = new m.AudioRecorder({
          maxDurationSec: 4,
          onLevel: (l) => levels.push(l),
          onMaxReached: (res) => {
            maxReached = true;
            resolve(res);
          },
        });
        void rec.start();
      });
      const res = await done;
      const ctx = new AudioContext();
      const decoded = await ctx.decodeAudioData(await res.blob.arrayBuffer());
      const head = Array.from(new Uint8Array(await res.blob.slice(0, 4).arrayBuffer()));
      return {
        supported: m.supportedAudioMime(), mime: res.mime, type: res.blob.type, bytes: res.blob.size, durationMs: res.durationMs, reachedMax: res.reachedMax, maxReached,
        channels: decoded.numberOfChannels, decodedSec: decoded.duration, maxLevel: Math.max(...levels), levelCount: levels.length, head,
      };
    });
    expect(r.supported).toBe('audio/webm;codecs=opus');
    expect(r.mime).toMatch(/^audio\/webm;\s*codecs=opus$/);
    expect(r.head).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML: a WebM file
    expect(r.maxReached && r.reachedMax).toBe(true);
    expect(r.durationMs).toBeGreaterThanOrEqual(3900);
    expect(r.decodedSec).toBeGreaterThan(3.5);
    expect(r.channels).toBe(1);
    // The bitrate is set: the browser default (~128 kbps) would give ~64 KB for 4 s.
    const kbps = (r.bytes * 8) / (r.durationMs / 1000) / 1000;
    expect(kbps).toBeLessThan(40);
    expect(kbps).toBeGreaterThan(5);
    // The fake microphone plays a beep: the meter moves.
    expect(r.levelCount).toBeGreaterThan(20);
    expect(r.maxLevel).toBeGreaterThan(0.05);
    expect(errors).toEqual([]);
  });
});
