/**
 * A tus-js-client file reader for Blobs that works in browsers, workers and Node alike: each
 * chunk is read into a Uint8Array (both the XHR and the Node HTTP stacks send those), so
 * only one chunk is in memory at a time.
 */
import type { FileReader, FileSource } from 'tus-js-client';

export const blobFileReader: FileReader = {
  async openFile(input: unknown): Promise<FileSource> {
    if (!(input instanceof Blob)) throw new Error('Only Blobs are uploaded from the tablet.');
    return {
      size: input.size,
      async slice(start: number, end: number) {
        const bytes = new Uint8Array(await input.slice(start, end).arrayBuffer());
        // tus-js-client measures a chunk by `.size` (Blob-like); the HTTP stacks send the bytes.
        const value = Object.assign(bytes, { size: bytes.length });
        return { value, done: end >= input.size };
      },
      close() {},
    };
  },
};
