/**
 * A plain TCP proxy in front of the test server that counts the bytes the client sends,
 * can slow them down (`throttle`: a weak hotspot) and can "pull the plug": once `cutAfter`
 * request bytes went through, every connection is destroyed mid-request and new ones are
 * refused until `restore()` — a hotspot dying at a byte offset.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface CuttingProxy {
  url: string;
  /** Request bytes (headers + bodies) forwarded so far. */
  readonly sent: number;
  /** HTTP request heads seen going through (method, path, Upload-Offset header). */
  readonly requests: { method: string; path: string; uploadOffset: number | null }[];
  /** Cut the network once this many more request bytes have gone through. */
  cutAfter(bytes: number): void;
  /** Cut the network now. */
  cutNow(): void;
  /** Network back (and full speed). */
  restore(): void;
  /** Client → server bytes per second from now on (null: full speed). */
  throttle(bytesPerSecond: number | null): void;
  readonly cut: boolean;
  close(): Promise<void>;
}

export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const t = new URL(target);
  const sockets = new Set<Socket>();
  let sent = 0;
  let limit = Infinity;
  let cut = false;
  let rate: number | null = null;
  const requests: CuttingProxy['requests'] = [];
  const sniff = (chunk: Buffer) => {
    const text = chunk.subarray(0, 4096).toString('latin1');
    const head = /^(GET|POST|PATCH|HEAD|DELETE|OPTIONS|PUT) (\S+) HTTP\/1\.1\r\n/.exec(text);
    if (!head) return;
    const offset = /\r\nupload-offset:\s*(\d+)/i.exec(text);
    requests.push({ method: head[1]!, path: head[2]!, uploadOffset: offset ? Number(offset[1]) : null });
  };
  // One pending cut at a time; restore() cancels it (a late timer must not kill the next connection).
  let pullTimer: ReturnType<typeof setTimeout> | undefined;
  const pull = () => {
    clearTimeout(pullTimer);
    pullTimer = undefined;
    cut = true;
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const server = createServer((client) => {
    if (cut) return client.destroy();
    const upstream = connect(Number(t.port), t.hostname);
    sockets.add(client).add(upstream);
    // Bytes wait here when throttled; a pump forwards `rate / 20` of them every 50 ms.
    const waiting: Buffer[] = [];
    let pump: ReturnType<typeof setInterval> | undefined;
    const forward = (chunk: Buffer) => {
      if (cut) return;
      const room = limit - sent;
      if (chunk.length >= room) {
        if (room > 0) upstream.write(chunk.subarray(0, room));
        sent += Math.max(0, room);
        // Let the partial bytes reach the server before the plug is pulled.
        pullTimer ??= setTimeout(pull, 30);
        return;
      }
      sent += chunk.length;
      upstream.write(chunk);
    };
    client.on('data', (chunk: Buffer) => {
      if (cut) return client.destroy();
      sniff(chunk);
      if (rate === null && waiting.length === 0) return forward(chunk);
      waiting.push(chunk);
      pump ??= setInterval(() => {
        let budget = Math.max(1, Math.round((rate ?? Infinity) / 20));
        while (budget > 0 && waiting.length > 0 && !cut) {
          const head = waiting[0]!;
          const piece = head.subarray(0, budget);
          if (piece.length === head.length) waiting.shift();
          else waiting[0] = head.subarray(budget);
          budget -= piece.length;
          forward(piece);
        }
        if (waiting.length === 0 || cut) {
          clearInterval(pump);
          pump = undefined;
        }
      }, 50);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      clearInterval(pump);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get sent() {
      return sent;
    },
    get cut() {
      return cut;
    },
    requests,
    cutAfter(bytes) {
      limit = sent + bytes;
    },
    cutNow: pull,
    restore() {
      clearTimeout(pullTimer);
      pullTimer = undefined;
      cut = false;
      limit = Infinity;
      rate = null;
    },
    throttle(bytesPerSecond) {
      rate = bytesPerSecond;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
