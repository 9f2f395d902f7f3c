/**
 * The media area's real modules on a page, for real-Chromium tests and the bench (until the
 * student screens use them): the worker bridge, the recorder, the uploader on the real
 * IndexedDB, plus test-only helpers (an A4 page photo with EXIF orientation 6 and GPS).
 */
import { compressPhoto, stopMediaWorker } from '../../../src/media/page/media-bridge.ts';
import { AudioRecorder, supportedAudioMime } from '../../../src/media/page/audio-recorder.ts';
import { uploadPendingAttachments } from '../../../src/media/worker/attachment-uploader.ts';
import { prefetchLessonMedia, LESSON_MEDIA_CACHE } from '../../../src/media/prefetch-lesson-media.ts';
import { sha256Hex } from '../../../src/media/sha256.ts';
import { CartableDb } from '../../../src/db/schema.ts';
import { makePagePhoto, areaDownscale, decodeToImageData, exifScan, jpegStoredSize } from './page-photo.ts';
import { ssim } from 'ssim.js';
import imageCompression from 'browser-image-compression';
import * as bench from './bench-runner.ts';

const media = {
  compressPhoto, stopMediaWorker, AudioRecorder, supportedAudioMime, uploadPendingAttachments, prefetchLessonMedia, LESSON_MEDIA_CACHE, sha256Hex,
  CartableDb, makePagePhoto, areaDownscale, decodeToImageData, exifScan, jpegStoredSize, ssim, imageCompression, bench,
};

declare global {
  interface Window {
    media: typeof media;
  }
}

window.media = media;
document.body.dataset.ready = 'true';
