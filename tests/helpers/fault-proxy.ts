/**
 * A TCP proxy between a client and the real server, for sync tests and the bench:
 * - faults: per request, cut the connection at a random byte offset inside the request or
 *   inside its answer (from a seeded PRNG), delay it, or send it twice (a second copy on its own upstream
 *   connection, its answer thrown away: what a retrying middlebox does);
 * - shaping: one-way latency and a bandwidth per direction (a class hotspot: 60 ms round
 *   trip, 12 Mbit/s down, 3 Mbit/s up), with byte counts both ways.
 * HTTP/1.1 requests are framed by Content-Length (what fetch sends for JSON bodies).
 */
import net from 'node:net';

export interface Faults {
  /** Probability that a connection is cut, at a random byte offset, in each direction. */
  cutProbability?: number;
  /** Upper bound of the random cut offset (bytes). */
  maxCutOffset?: number;
  /** Probability that a request is also sent a second time. */
  duplicateProbability?: number;
  /** Random extra delay per request, up to this (ms). */
  maxDelayMs?: number;
}

export interface Shape {
  rttMs: number;
  downBitsPerSec: number;
  upBitsPerSec: number;
}

export interface FaultProxy {
  url: string;
  /** Bytes seen on the wire so far: client → server (up) and back (down), and connections and requests. */
  stats: { up: number; down: number; connections: number; requests: number; cuts: number; duplicates: number };
  resetStats(): void;
  setFaults(f: Faults | null): void;
  /** Cut the connection of the next request whose first line matches, `offset` bytes into the request (up) or its answer (down). */
  cutNext(match: RegExp, direction: 'up' | 'down', offset: number): void;
  /** Cut every open connection now. */
  cutAll(): void;
  close(): Promise<void>;
}

/** A small seeded PRNG (mulberry32) so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits a byte stream into whole HTTP/1.1 requests (Content-Length framing). */
function requestFramer(onRequest: (bytes: Buffer) => void) {
  let buf = Buffer.alloc(0);
  return (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const total = end + 4 + len;
      if (buf.length < total) return;
      onRequest(buf.subarray(0, total));
      buf = buf.subarray(total);
    }
  };
}

/** A one-way pipe with latency and bandwidth: each chunk leaves after the previous one, plus transmission time, plus the delay. */
function shapedWriter(dst: net.Socket, oneWayMs: number, bitsPerSec: number) {
  let lineFreeAt = 0;
  return (chunk: Buffer) => {
    const now = performance.now();
    const start = Math.max(now, lineFreeAt);
    lineFreeAt = start + (bitsPerSec > 0 ? (chunk.length * 8 * 1000) / bitsPerSec : 0);
    const wait = lineFreeAt + oneWayMs - now;
    if (wait <= 0.5) dst.write(chunk);
    else setTimeout(() => { if (!dst.destroyed) dst.write(chunk); }, wait);
  };
}

export async function startFaultProxy(target: string, options: { faults?: Faults; shape?: Shape; seed?: number } = {}): Promise<FaultProxy> {
  const t = new URL(target);
  const port = Number(t.port);
  const host = t.hostname;
  const random = seededRandom(options.seed ?? 1);
  let faults: Faults | null = options.faults ?? null;
  let planned: { match: RegExp; direction: 'up' | 'down'; offset: number } | null = null;
  const stats = { up: 0, down: 0, connections: 0, requests: 0, cuts: 0, duplicates: 0 };
  const open = new Set<net.Socket>();

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(port, host);
    open.add(client); open.add(upstream);
    client.setNoDelay(true); upstream.setNoDelay(true);
    let upLeft = Infinity;
    let downLeft = Infinity;
    const kill = () => { stats.cuts++; client.destroy(); upstream.destroy(); };
    const sh = options.shape;
    const toServer = sh ? shapedWriter(upstream, sh.rttMs / 2, sh.upBitsPerSec) : (b: Buffer) => upstream.write(b);
    const toClient = sh ? shapedWriter(client, sh.rttMs / 2, sh.downBitsPerSec) : (b: Buffer) => client.write(b);

    const frame = requestFramer((req) => {
      stats.requests++;
      const f = faults;
      const firstLine = req.subarray(0, Math.max(0, req.indexOf('\r\n'))).toString('latin1');
      if (planned && planned.match.test(firstLine)) {
        if (planned.direction === 'up') upLeft = Math.min(planned.offset, req.length - 1);
        else downLeft = planned.offset;
        planned = null;
      }
      // Per request: maybe cut the connection inside this request, or inside its answer.
      if (f?.cutProbability && random() < f.cutProbability) {
        if (random() < 0.5) upLeft = Math.floor(random() * req.length);
        else if (downLeft === Infinity) downLeft = Math.floor(random() * (f.maxCutOffset ?? 4000));
      }
      const send = () => {
        if (upstream.destroyed) return;
        if (req.length > upLeft) { upstream.write(req.subarray(0, upLeft)); return kill(); }
        upLeft -= req.length;
        toServer(req);
        if (f?.duplicateProbability && random() < f.duplicateProbability) {
          stats.duplicates++;
          const copy = net.connect(port, host, () => copy.write(req));
          copy.on('data', () => undefined).on('error', () => undefined);
          setTimeout(() => copy.destroy(), 5_000).unref();
        }
      };
      const delay = f?.maxDelayMs ? random() * f.maxDelayMs : 0;
      if (delay > 1) setTimeout(send, delay); else send();
    });
    client.on('data', (chunk: Buffer) => { stats.up += chunk.length; frame(chunk); });
    upstream.on('data', (chunk: Buffer) => {
      if (chunk.length > downLeft) {
        client.write(chunk.subarray(0, downLeft));
        stats.down += downLeft;
        return kill();
      }
      downLeft -= chunk.length;
      stats.down += chunk.length;
      toClient(chunk);
    });
    const end = () => { open.delete(client); open.delete(upstream); client.destroy(); upstream.destroy(); };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    stats,
    resetStats() { Object.assign(stats, { up: 0, down: 0, connections: 0, requests: 0, cuts: 0, duplicates: 0 }); },
    setFaults(next) { faults = next; },
    cutNext(match, direction, offset) { planned = { match, direction, offset }; },
    cutAll() { for (const s of open) s.destroy(); },
    close: () => new Promise<void>((resolve) => { for (const s of open) s.destroy(); server.close(() => resolve()); }),
  };
}
