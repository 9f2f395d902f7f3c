/** HTTPS: given TLS_CERT / TLS_KEY, the real server speaks TLS (a self-signed certificate made with openssl here), and every answer carries HSTS. */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'cartable-tls-'));
let server: ServerProcess | null = null;
afterAll(() => {
  server?.proc.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function get(url: string, ca: Buffer, method = 'GET'): Promise<{ status: number; body: string; protocol: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, method }, (res) => {
      let body = '';
      const protocol = (res.socket as TLSSocket).getProtocol() ?? '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, protocol, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS with TLS_CERT and TLS_KEY', () => {
  it('serves the API over TLS with the given certificate, and refuses plain HTTP on that port', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    server = await startServerProcess({ DATA_DIR: dir, DEMO: '0', TLS_CERT: cert, TLS_KEY: key });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // Verified against the certificate itself (no rejectUnauthorized: false).
    const res = await get(`${server.url}/api/health`, readFileSync(cert));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
    expect(res.protocol).toMatch(/^TLSv1\.[23]$/);
    // Every answer over TLS pins HTTPS: the API, an error, the PWA fallback, and tus (whose answers bypass Fastify's hooks).
    for (const [method, path] of [['GET', '/api/health'], ['GET', '/api/nope'], ['POST', '/api/auth/logout'], ['OPTIONS', '/files/uploads/'], ['POST', '/files/uploads/']]) {
      const r = await get(`${server.url}${path}`, readFileSync(cert), method);
      expect(r.headers['strict-transport-security'], `${method} ${path} ${r.status}`).toBe('max-age=31536000');
    }
    // The certificate of another server is not trusted: the connection is refused.
    await expect(get(`${server.url}/api/health`, Buffer.from(''))).rejects.toThrow();
    const plain = await new Promise<string>((resolve) => {
      const r = httpRequest(server!.url.replace('https:', 'http:') + '/api/health', (resp) => resolve(`status ${resp.statusCode}`));
      r.on('error', (e) => resolve(`error ${e.message}`));
      r.setTimeout(3000, () => {
        r.destroy();
        resolve('timeout');
      });
      r.end();
    });
    expect(plain).not.toBe('status 200');
  });
});
