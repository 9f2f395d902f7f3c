/** The media worker: photo compression and checksums, off the main thread (logic in src/media). */
import { expose } from 'comlink';
import { cancelCompression, compressImage } from '../src/media/worker/compress-image.ts';
import { sha256Hex } from '../src/media/sha256.ts';

const api = { compressImage, cancelCompression, sha256Hex };

expose(api);

export type MediaWorkerApi = typeof api;
