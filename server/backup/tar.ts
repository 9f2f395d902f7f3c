/**
 * A minimal POSIX ustar writer and reader, enough for the backup archive: regular files only,
 * names of at most 100 bytes (ours are `manifest.json`, `cartable.sqlite`, `blobs/<sha256>`).
 * Written by hand rather than pulling tar-stream in: about a hundred lines, no dependency, and
 * the reader refuses what we never write (links, long names, bad header checksums) instead of
 * extracting it. Any tar tool (`tar -tvf`) reads the archives.
 */
import type { Readable } from 'node:stream';

const BLOCK = 512;

/** Two empty blocks close an archive. */
export const TAR_END = Buffer.alloc(BLOCK * 2);

/** The padding after `size` bytes of content (to a 512-byte boundary). */
export const tarPadding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

const octal = (n: number, width: number) => `${n.toString(8).padStart(width - 1, '0')}\0`;

/** The 512-byte header of a regular file. */
export function tarHeader(name: string, size: number, mtimeMs: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100 || name.includes('..') || name.startsWith('/')) throw new Error(`tar: bad entry name ${name}`);
  const h = Buffer.alloc(BLOCK);
  nameBytes.copy(h, 0);
  h.write(octal(0o600, 8), 100, 'ascii'); // mode
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtimeMs / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum counted as spaces
  h.write('0', 156, 'ascii'); // regular file
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Why an archive could not be read: `truncated` (ended early) or `malformed` (not a tar we write). */
export class TarError extends Error {
  constructor(readonly reason: 'truncated' | 'malformed', message: string) {
    super(message);
  }
}

export interface TarEntry {
  name: string;
  size: number;
}

/** Buffers a byte stream and hands out exact-size slices. */
class ByteReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private readonly it: AsyncIterator<Buffer>;
  private done = false;
  constructor(stream: Readable) {
    this.it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }
  /** Up to `n` bytes (fewer only at the end of the stream). */
  async take(n: number): Promise<Buffer> {
    while (this.length < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else {
        this.chunks.push(r.value);
        this.length += r.value.length;
      }
    }
    const first = this.chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.length -= n;
      return out;
    }
    const all = Buffer.concat(this.chunks);
    const out = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(out.length);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return out;
  }
}

const parseOctal = (b: Buffer) => {
  const s = b.toString('ascii').replace(/\0.*$/s, '').trim();
  if (!/^[0-7]+$/.test(s)) return NaN;
  return parseInt(s, 8);
};

/**
 * Reads entries in order; `onEntry` receives each file's bytes as chunks (an async iterable
 * that must be consumed). Throws TarError on a truncated or malformed archive.
 */
export async function readTar(stream: Readable, onEntry: (entry: TarEntry, body: AsyncIterable<Buffer>) => Promise<void>): Promise<void> {
  const r = new ByteReader(stream);
  for (;;) {
    const h = await r.take(BLOCK);
    if (h.length === 0) throw new TarError('truncated', 'tar: the archive ends without its closing blocks');
    if (h.length < BLOCK) throw new TarError('truncated', 'tar: the archive ends inside a header');
    if (h.every((b) => b === 0)) return; // end of archive
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (parseOctal(h.subarray(148, 156)) !== sum) throw new TarError('malformed', 'tar: bad header checksum');
    const type = String.fromCharCode(h[156]!);
    if (type !== '0' && type !== '\0') throw new TarError('malformed', `tar: entry type ${type} is not a regular file`);
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseOctal(h.subarray(124, 136));
    if (!Number.isSafeInteger(size)) throw new TarError('malformed', 'tar: bad entry size');
    let left = size;
    let consumed = false;
    const body: AsyncIterable<Buffer> = {
      async *[Symbol.asyncIterator]() {
        consumed = true;
        while (left > 0) {
          const chunk = await r.take(Math.min(left, 1 << 20));
          if (chunk.length === 0) throw new TarError('truncated', `tar: ${name} is cut short`);
          left -= chunk.length;
          yield chunk;
        }
      },
    };
    await onEntry({ name, size }, body);
    if (!consumed || left > 0) for await (const chunk of body) void chunk; // skip what the caller did not read
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad && (await r.take(pad)).length < pad) throw new TarError('truncated', 'tar: the archive ends inside padding');
  }
}
