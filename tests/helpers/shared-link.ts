/**
 * ONE link shared by every connection through it, as a class hotspot is: one FIFO queue per
 * direction (a token bucket with no burst) drains at the link's rate for ALL connections
 * together, then each byte takes the one-way delay. Fifteen tablets uploading at once each
 * get a fifteenth of the 3 Mbit/s, not 3 Mbit/s each (fault-proxy.ts shapes per connection,
 * which cannot model a hotspot).
 *
 * Order is kept per destination socket (each has its own delivery queue and one timer), and
 * a source is paused while more than `bufferBytes` of it wait in the link (the hotspot's
 * buffer): a sender cannot push megabytes into the proxy faster than the link drains them, so
 * its progress is what the link really carried.
 */
import type net from 'node:net';

export interface LinkShape {
  /** Round trip (ms): half each way. */
  rttMs: number;
  downBitsPerSec: number;
  upBitsPerSec: number;
}

export type Direction = 'up' | 'down';

/** A piece of a stream waiting for its delivery time, or the marker that ends the connection. */
interface Piece {
  at: number;
  chunk: Buffer | null;
}

/** The delivery queue of one destination socket. */
export class Pipe {
  private readonly queue: Piece[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastAt = 0;
  queuedBytes = 0;

  constructor(
    private readonly link: SharedLink | null,
    private readonly direction: Direction,
    private readonly dst: net.Socket,
    private readonly src: net.Socket,
    private readonly onEnd: () => void,
  ) {}

  /** Queues `chunk` (split in 16 KB pieces so connections interleave finely on the link). */
  write(chunk: Buffer, extraDelayMs = 0) {
    for (let i = 0; i < chunk.length; i += 16_384) {
      const piece = chunk.subarray(i, i + 16_384);
      const at = Math.max(this.lastAt, (this.link?.transmit(this.direction, piece.length) ?? performance.now()) + extraDelayMs);
      this.lastAt = at;
      this.queuedBytes += piece.length;
      this.queue.push({ at, chunk: piece });
    }
    if (this.link && this.queuedBytes > this.link.bufferBytes && !this.src.isPaused()) this.src.pause();
    this.arm();
  }

  /** Ends the connection once what was queued before has been delivered (a cut after its bytes). */
  end() {
    this.queue.push({ at: Math.max(this.lastAt, performance.now()), chunk: null });
    this.arm();
  }

  private arm() {
    if (this.timer || !this.queue.length) return;
    const wait = this.queue[0]!.at - performance.now();
    this.timer = setTimeout(() => this.flush(), Math.max(0, wait));
  }

  private flush() {
    this.timer = null;
    const now = performance.now();
    while (this.queue.length && this.queue[0]!.at <= now + 0.5) {
      const p = this.queue.shift()!;
      if (p.chunk === null) {
        this.queue.length = 0;
        this.queuedBytes = 0;
        return this.onEnd();
      }
      this.queuedBytes -= p.chunk.length;
      if (!this.dst.destroyed) this.dst.write(p.chunk);
    }
    if (this.link && this.src.isPaused() && this.queuedBytes <= this.link.bufferBytes / 2 && !this.src.destroyed) this.src.resume();
    this.arm();
  }
}

/** The link: when the last byte queued in each direction leaves the line. */
export class SharedLink {
  private readonly freeAt = { up: 0, down: 0 };
  readonly bytes = { up: 0, down: 0 };

  constructor(
    readonly shape: LinkShape,
    /** The hotspot's buffer per connection and direction (bytes). */
    readonly bufferBytes = 128 * 1024,
  ) {}

  /** Puts `n` bytes on the line in `direction`; returns when they arrive at the other end. */
  transmit(direction: Direction, n: number): number {
    const now = performance.now();
    const bps = direction === 'up' ? this.shape.upBitsPerSec : this.shape.downBitsPerSec;
    const start = Math.max(now, this.freeAt[direction]);
    this.freeAt[direction] = start + (bps > 0 ? (n * 8 * 1000) / bps : 0);
    this.bytes[direction] += n;
    return this.freeAt[direction] + this.shape.rttMs / 2;
  }

  /** The physical limit of moving these bytes: one round trip + bytes ÷ bandwidth, each way. */
  limitMs(up: number, down: number, roundTrips = 1): number {
    return roundTrips * this.shape.rttMs + (up * 8 * 1000) / this.shape.upBitsPerSec + (down * 8 * 1000) / this.shape.downBitsPerSec;
  }
}
