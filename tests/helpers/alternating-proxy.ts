/**
 * A small HTTP load balancer for tests with several server processes: EVERY REQUEST goes to
 * the next backend in turn (round robin per request, not per TCP connection — a client's
 * kept-alive connection does not pin a backend: the proxy parses each request and opens its
 * own kept-alive connections to each backend). It counts the requests each backend answered,
 * logs them (method, path, tus Upload-Offset) and can cut the body of the next tus PATCH sent
 * to a chosen backend after N bytes, as a hotspot dropping mid-upload does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  backend: number;
  method: string;
  path: string;
  uploadOffset: number | null;
  status: number | null;
  /** The body was cut by `cutNextUpload`. */
  cut: boolean;
}

export interface AlternatingProxy {
  url: string;
  /** Requests answered per backend (index as given). */
  counts: number[];
  log: ProxiedRequest[];
  /** Cuts the next PATCH to /files/uploads/… that goes to `backend`, after `afterBytes` bytes of its body. */
  cutNextUpload(backend: number, afterBytes: number): void;
  close(): Promise<void>;
}

export async function startAlternatingProxy(backends: string[]): Promise<AlternatingProxy> {
  const targets = backends.map((b) => new URL(b));
  const agents = targets.map(() => new http.Agent({ keepAlive: true }));
  const counts = targets.map(() => 0);
  const log: ProxiedRequest[] = [];
  let next = 0;
  let cut: { backend: number; afterBytes: number } | null = null;

  const server = http.createServer((req, res) => {
    const backend = next;
    next = (next + 1) % targets.length;
    const target = targets[backend]!;
    const offset = req.headers['upload-offset'];
    const entry: ProxiedRequest = { backend, method: req.method ?? '', path: req.url ?? '', uploadOffset: offset === undefined ? null : Number(offset), status: null, cut: false };
    log.push(entry);
    const cutHere = cut && cut.backend === backend && req.method === 'PATCH' && entry.path.startsWith('/files/uploads/') ? cut : null;
    if (cutHere) cut = null;

    const headers = { ...req.headers, host: target.host };
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: agents[backend] }, (answer) => {
      entry.status = answer.statusCode ?? null;
      counts[backend]!++;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    res.on('close', () => { if (!res.writableFinished) up.destroy(); });

    if (!cutHere) {
      req.pipe(up);
      return;
    }
    // Forward the first bytes, then drop both sides: the backend sees its request end half-way.
    let sent = 0;
    req.on('data', (chunk: Buffer) => {
      if (entry.cut) return;
      const room = cutHere.afterBytes - sent;
      if (chunk.length < room) {
        sent += chunk.length;
        up.write(chunk);
        return;
      }
      entry.cut = true;
      up.write(chunk.subarray(0, room), () => setTimeout(() => {
        up.destroy();
        req.socket.destroy();
      }, 50));
    });
    req.on('end', () => { if (!entry.cut) up.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    log,
    cutNextUpload(backend, afterBytes) {
      cut = { backend, afterBytes };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const a of agents) a.destroy();
    },
  };
}
