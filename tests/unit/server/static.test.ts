/** Serving the built PWA: cache headers per kind of file, SPA fallback, traversal refused, ETag revalidation. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';

let dist: string;
let t: TestApp;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'cartable-dist-'));
  mkdirSync(join(dist, 'assets'));
  mkdirSync(join(dist, 'icons'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dist, 'manifest.webmanifest'), '{"name":"Cartable"}');
  writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log(1);'.repeat(200));
  writeFileSync(join(dist, 'icons', 'icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(dist, '.env'), 'SECRET=1');
  t = await startTestApp({ staticDir: dist });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('static serving of dist/', () => {
  test('hashed assets are immutable for a year; shell files are revalidated', async () => {
    const asset = await get('/assets/index-AbC123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const [url, type] of [
      ['/', 'text/html; charset=utf-8'],
      ['/index.html', 'text/html; charset=utf-8'],
      ['/sw.js', 'text/javascript; charset=utf-8'],
      ['/manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
      ['/icons/icon-192.png', 'image/png'],
    ]) {
      const res = await get(url!);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-type'], url).toBe(type);
    }
  });

  test('compression applies (global): a large asset is gzipped on request', async () => {
    const res = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  test('a new service worker of the same size and the same mtime is a new ETag (the update is seen, not a 304)', async () => {
    // Two builds written in the same millisecond with the same size (v1 / v2 of the e2e set-up):
    // the old size-and-mtime tag answered 304 and the tablet never saw the update.
    const file = join(dist, 'sw.js');
    const at = new Date('2026-12-07T10:00:00Z');
    utimesSync(file, at, at);
    const before = statSync(file);
    const first = await get('/sw.js');
    writeFileSync(file, String(first.body).replace('fetch', 'FETCH'));
    utimesSync(file, at, at);
    expect(statSync(file).size).toBe(before.size);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    const next = await get('/sw.js', { 'if-none-match': String(first.headers.etag) });
    expect(next.statusCode).toBe(200);
    expect(next.body).toContain('FETCH');
    expect(next.headers.etag).not.toBe(first.headers.etag);
    expect((await get('/sw.js', { 'if-none-match': String(next.headers.etag) })).statusCode).toBe(304);
  });

  test('ETag revalidation answers 304', async () => {
    const first = await get('/index.html');
    const again = await get('/index.html', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  test('navigations to app paths get index.html; server paths, missing assets and non-navigations never get the shell', async () => {
    const deep = await get('/assignments/123', { accept: 'text/html' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="app">');
    expect(deep.headers['cache-control']).toBe('no-cache');
    for (const url of ['/api/nothing-here', '/media/nope', '/files/nope', '/assets/missing-123.js']) {
      // Their own routes answer (401 for /media without a session, say), or the JSON 404.
      const res = await get(url, { accept: 'text/html' });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.json(), url).toHaveProperty('error.code');
    }
    expect((await get('/some/data.json', { accept: 'application/json' })).statusCode).toBe(404);
  });

  test('no escape from dist/ and no dotfiles', async () => {
    for (const url of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/.env', '/assets/%00x.js', '/%E0%A4%A']) {
      const res = await get(url);
      expect([400, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toContain('SECRET');
      expect(res.body, url).not.toContain('"name": "cartable"');
    }
  });

  test('HEAD answers headers only', async () => {
    const res = await t.app.inject({ method: 'HEAD', url: '/manifest.webmanifest' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });
});
