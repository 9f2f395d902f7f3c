/**
 * A TCP proxy between tablets and the real server for `npm run test:faults` and the benches:
 * every connection goes through ONE shared link (shared-link.ts), and faults come from a
 * seeded PRNG so a failing run can be replayed:
 * - cuts at a random byte offset of a connection's WHOLE stream, in each direction: an offset
 *   is drawn when the connection opens and again after each cut point passes unused, so a
 *   kept-alive connection is cut in the middle of its 5th request or 3rd answer as well as
 *   in its first (fault-proxy.ts only cuts inside the request it is framing);
 * - cuts inside a given request or its answer (per request, as fault-proxy.ts does);
 * - idle cuts: a kept-alive connection closed while nothing flows (a hotspot's NAT forgetting it);
 * - duplicates: a whole request sent again on its own upstream connection, its answer thrown away;
 * - jitter: extra delay on a connection's bytes (order kept);
 * - with a link, a new connection's first bytes wait one round trip more: TCP's handshake,
 *   which the proxy's own accept does not make the client wait for;
 * - the server away (killed, restarting): the connection is refused, the client sees a reset.
 * HTTP/1.1 requests are framed by Content-Length (fetch, undici, tus-js-client and Chromium
 * send it for these bodies); a chunked request turns framing off for that connection.
 */
import net from 'node:net';
import { Pipe, SharedLink, type LinkShape } from './shared-link.ts';
import { seededRandom } from './fault-proxy.ts';

export interface ChaosFaults {
  /** Mean bytes between two stream cuts, per direction (0: none). Drawn uniformly in [0, 2×mean]. */
  streamCutMeanBytes?: { up: number; down: number };
  /** Probability that a request is cut inside itself or inside its answer. */
  requestCutProbability?: number;
  /** Probability per second that an open connection is cut (while idle or not). */
  idleCutPerSecond?: number;
  /** Probability that a request is also sent a second time. */
  duplicateProbability?: number;
  /** Random extra delay per chunk, up to this (ms). */
  maxJitterMs?: number;
}

export type FaultKind = 'stream-cut-up' | 'stream-cut-down' | 'request-cut-up' | 'request-cut-down' | 'idle-cut' | 'duplicate' | 'refused';

export interface ChaosProxy {
  url: string;
  link: SharedLink | null;
  /** Faults injected so far, by kind ('refused': connections that found the server down — a consequence, not counted in totalFaults). */
  faults: Record<FaultKind, number>;
  stats: { connections: number; requests: number; up: number; down: number };
  totalFaults(): number;
  setFaults(f: ChaosFaults | null): void;
  /** Closes every open connection now (a cold reconnection follows). */
  closeAll(): void;
  close(): Promise<void>;
}

/** Splits a byte stream into whole HTTP/1.1 requests; null when the stream cannot be framed. */
function requestFramer(onRequest: (bytes: Buffer) => void) {
  let buf = Buffer.alloc(0);
  let broken = false;
  return (chunk: Buffer) => {
    if (broken) return;
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      if (/\r\ntransfer-encoding:\s*chunked/i.test(head) || !/^[A-Z]+ \S+ HTTP\/1\.1/.test(head)) {
        broken = true;
        buf = Buffer.alloc(0);
        return;
      }
      const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const total = end + 4 + len;
      if (buf.length < total) return;
      onRequest(buf.subarray(0, total));
      buf = buf.subarray(total);
    }
  };
}

export async function startChaosProxy(target: string, options: { shape?: LinkShape; faults?: ChaosFaults; seed?: number; bufferBytes?: number } = {}): Promise<ChaosProxy> {
  const t = new URL(target);
  const port = Number(t.port || (t.protocol === 'https:' ? 443 : 80));
  const host = t.hostname;
  const random = seededRandom(options.seed ?? 1);
  const link = options.shape ? new SharedLink(options.shape, options.bufferBytes) : null;
  let faults: ChaosFaults | null = options.faults ?? null;
  const counts: Record<FaultKind, number> = { 'stream-cut-up': 0, 'stream-cut-down': 0, 'request-cut-up': 0, 'request-cut-down': 0, 'idle-cut': 0, duplicate: 0, refused: 0 };
  const stats = { connections: 0, requests: 0, up: 0, down: 0 };
  const open = new Set<() => void>();
  const drawCut = (dir: 'up' | 'down') => {
    const mean = faults?.streamCutMeanBytes?.[dir] ?? 0;
    return mean > 0 ? Math.floor(random() * 2 * mean) : Infinity;
  };

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(port, host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let connected = false;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      open.delete(abort);
      clearInterval(idleTimer);
      client.destroy();
      upstream.destroy();
    };
    const abort = () => close();
    open.add(abort);
    const toServer = new Pipe(link, 'up', upstream, client, close);
    const toClient = new Pipe(link, 'down', client, upstream, close);
    // Where this connection's streams get cut next (bytes from now), and a planned per-request cut.
    const left = { up: drawCut('up'), down: drawCut('down') };
    const planned = { up: Infinity, down: Infinity };
    let cutting = false;
    const cut = (kind: FaultKind, pipe: Pipe, bytes: Buffer, keep: number) => {
      counts[kind]++;
      cutting = true;
      if (keep > 0) pipe.write(bytes.subarray(0, keep));
      pipe.end();
    };
    const jitter = () => (faults?.maxJitterMs ? random() * faults.maxJitterMs : 0);

    const frame = requestFramer((req) => {
      stats.requests++;
      const f = faults;
      if (f?.requestCutProbability && random() < f.requestCutProbability) {
        if (random() < 0.5) planned.up = Math.floor(random() * req.length);
        else planned.down = Math.floor(random() * 4000);
      }
      if (f?.duplicateProbability && random() < f.duplicateProbability) {
        counts.duplicate++;
        const copy = net.connect(port, host, () => copy.write(req));
        copy.on('data', () => undefined).on('error', () => undefined);
        setTimeout(() => copy.destroy(), 10_000).unref();
      }
    });

    // TCP's own handshake happens on this machine at once: its round trip on the link is paid
    // by a new connection's first bytes instead.
    let handshake = link ? link.shape.rttMs : 0;
    client.on('data', (chunk: Buffer) => {
      if (cutting) return;
      stats.up += chunk.length;
      // Framing first: a request cut planned for this request applies to its own bytes.
      const before = planned.up;
      frame(chunk);
      if (planned.up !== before && planned.up !== Infinity) planned.up = Math.min(planned.up, chunk.length - 1);
      const streamAt = left.up;
      const requestAt = planned.up;
      if (chunk.length > Math.min(streamAt, requestAt)) {
        return cut(streamAt <= requestAt ? 'stream-cut-up' : 'request-cut-up', toServer, chunk, Math.min(streamAt, requestAt));
      }
      left.up -= chunk.length;
      toServer.write(chunk, jitter() + handshake);
      handshake = 0;
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cutting) return;
      stats.down += chunk.length;
      const at = Math.min(left.down, planned.down);
      if (chunk.length > at) return cut(left.down <= planned.down ? 'stream-cut-down' : 'request-cut-down', toClient, chunk, at);
      left.down -= chunk.length;
      if (planned.down !== Infinity) planned.down -= chunk.length;
      toClient.write(chunk, jitter());
    });
    upstream.on('connect', () => { connected = true; });
    const idleTimer = setInterval(() => {
      const p = faults?.idleCutPerSecond ?? 0;
      if (p > 0 && !cutting && random() < p) {
        counts['idle-cut']++;
        close();
      }
    }, 1000);
    idleTimer.unref();
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', () => {
      if (!connected) counts.refused++;
      close();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as net.AddressInfo;
  return {
    url: `${t.protocol}//${t.protocol === 'https:' ? 'localhost' : '127.0.0.1'}:${addr.port}`,
    link,
    faults: counts,
    stats,
    totalFaults: () => Object.entries(counts).reduce((a, [k, n]) => a + (k === 'refused' ? 0 : n), 0),
    setFaults(next) { faults = next; },
    closeAll() { for (const a of [...open]) a(); },
    close: () => new Promise<void>((resolve) => { for (const a of [...open]) a(); server.close(() => resolve()); }),
  };
}
