/**
 * The tooling of test:faults and the benches does what they claim: ONE link shared by every
 * connection (two downloads at once cannot beat the link's bandwidth for both together, which
 * a per-connection shaper would let them), and cuts of a kept-alive connection in the middle of
 * its stream (after requests on it have already succeeded), counted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChaosProxy } from '../../helpers/chaos-proxy.ts';

const BODY = Buffer.alloc(300_000, 0x61);
let server: http.Server;
let target = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = req.url === '/big' ? BODY : Buffer.from('ok');
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const get = (url: string, agent?: http.Agent) => new Promise<{ status: number; bytes: number; socket: unknown }>((resolve, reject) => {
  const req = http.get(url, { agent }, (res) => {
    let bytes = 0;
    res.on('data', (c: Buffer) => (bytes += c.length));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, socket: req.socket }));
    res.on('error', reject);
  });
  req.on('error', reject);
});

describe('the chaos proxy', () => {
  it('shapes one link for all connections: two downloads at once take at least the time of both bytes on it', async () => {
    const shape = { rttMs: 20, downBitsPerSec: 8e6, upBitsPerSec: 8e6 };
    const proxy = await startChaosProxy(target, { shape });
    try {
      const t0 = performance.now();
      const both = await Promise.all([get(`${proxy.url}/big`), get(`${proxy.url}/big`)]);
      const ms = performance.now() - t0;
      expect(both.map((r) => r.bytes)).toEqual([BODY.length, BODY.length]);
      // A lower bound holds however loaded the machine is: 600 KB at 8 Mbit/s is 600 ms.
      const limit = proxy.link!.limitMs(0, 2 * BODY.length, 1);
      expect(ms).toBeGreaterThanOrEqual(limit * 0.95);
      expect(proxy.link!.bytes.down).toBeGreaterThanOrEqual(2 * BODY.length);
    } finally {
      await proxy.close();
    }
  });

  it('cuts kept-alive connections in the middle of their stream, after requests on them succeeded', async () => {
    // Each request is ~100 bytes up and ~40 down: a cut drawn in [0, 4,000) bytes lands around the 20th request.
    const proxy = await startChaosProxy(target, { faults: { streamCutMeanBytes: { up: 2_000, down: 1_000_000 } }, seed: 7 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      let ok = 0;
      let failed = 0;
      for (let i = 0; i < 200; i++) {
        try {
          await get(`${proxy.url}/small`, agent);
          ok++;
        } catch {
          failed++;
        }
      }
      expect(failed).toBeGreaterThan(0);
      expect(proxy.faults['stream-cut-up']).toBeGreaterThanOrEqual(failed);
      // Each cut ends a connection; the connections carried several good requests each before theirs.
      expect(proxy.stats.connections).toBeGreaterThan(1);
      expect(ok / proxy.stats.connections).toBeGreaterThan(2);
    } finally {
      agent.destroy();
      await proxy.close();
    }
  });
});
