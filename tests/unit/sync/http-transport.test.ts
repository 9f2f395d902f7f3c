/**
 * One HTTP transport for the page, the sync worker and the console: one ApiError, one rule
 * for a proxy's 502 and for what is retried, the wire constants without TypeBox.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ApiError, NetworkError, errorFromAnswer, isRetryable } from '../../../src/sync/http-transport.ts';
import { fetchRoster } from '../../../src/sync/page/api-client.ts';
import { pullPage } from '../../../src/sync/worker/sync-http.ts';
import { ApiError as ConsoleApiError, createConsoleApi } from '../../../src/ui/console/console-api.ts';
import { DEVICE_HEADER } from '../../../src/protocol/wire.ts';
import { DEVICE_HEADER as SERVER_DEVICE_HEADER } from '../../../server/auth/auth-plugin.ts';

const answer = (status: number, body: string, type = 'text/html') => (async () => new Response(body, { status, headers: { 'content-type': type } })) as typeof fetch;
const jsonError = (status: number, code: string) => answer(status, JSON.stringify({ error: { code, message: 'English', params: { n: 1 } } }), 'application/json');

describe('one error model', () => {
  test('a proxy page with 502/503/504 is the network; the server’s own 5xx is an ApiError; both retried', () => {
    for (const s of [502, 503, 504]) expect(errorFromAnswer(s, '<html>Bad gateway</html>')).toBeInstanceOf(NetworkError);
    const own = errorFromAnswer(503, JSON.stringify({ error: { code: 'server_busy', message: 'busy' } }));
    expect(own).toBeInstanceOf(ApiError);
    expect((own as ApiError).code).toBe('server_busy');
    expect(isRetryable(own)).toBe(true);
    expect(isRetryable(new NetworkError())).toBe(true);
    expect(errorFromAnswer(500, '')).toMatchObject({ status: 500, code: 'http_500' });
  });

  test('refusals are final; timeouts and 408/429 are retried', () => {
    expect(isRetryable(new ApiError(400, 'invalid_body', 'x'))).toBe(false);
    expect(isRetryable(new ApiError(401, 'session_expired', 'x'))).toBe(false);
    expect(isRetryable(new ApiError(409, 'conflict', 'x'))).toBe(false);
    expect(isRetryable(new ApiError(408, 'http_408', 'x'))).toBe(true);
    expect(isRetryable(new ApiError(429, 'rate_limited', 'x'))).toBe(true);
    expect(isRetryable(new DOMException('t', 'TimeoutError'))).toBe(true);
    expect(isRetryable(new TypeError('bug'))).toBe(false);
  });

  test('the page client, the sync worker and the console read a 502 the same way', async () => {
    await expect(fetchRoster('dev', { fetchImpl: answer(502, '<html/>') })).rejects.toBeInstanceOf(NetworkError);
    await expect(pullPage({ baseUrl: '', deviceToken: 'dev', fetch: answer(502, '<html/>') }, 'tok', null)).rejects.toBeInstanceOf(NetworkError);
    const consoleApi = createConsoleApi({ fetchImpl: answer(502, '<html/>') });
    globalThis.sessionStorage ??= { getItem: () => null, setItem() {}, removeItem() {} } as unknown as Storage;
    await expect(consoleApi.school()).rejects.toBeInstanceOf(NetworkError);
    // and a code the same way, in one class
    expect(ConsoleApiError).toBe(ApiError);
    const refused = await pullPage({ baseUrl: '', deviceToken: 'dev', fetch: jsonError(410, 'cursor_expired') }, 'tok', 'c').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 410, code: 'cursor_expired', params: { n: 1 } });
    await expect(createConsoleApi({ fetchImpl: jsonError(404, 'not_found') }).school()).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  test('a 2xx that is not JSON (a captive portal, a cut answer) is the network, not data', async () => {
    await expect(pullPage({ baseUrl: '', deviceToken: 'dev', fetch: answer(200, '{"changes":[') }, 'tok', null)).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('wire constants', () => {
  test('the device header is named once (the server reads the same name, lower-cased as Node gives it)', () => {
    expect(SERVER_DEVICE_HEADER).toBe(DEVICE_HEADER.toLowerCase());
  });

  test('nothing the sync worker or the media worker loads imports TypeBox as a value', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const seen = new Set<string>();
    const offenders: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      // value imports and re-exports, static or dynamic (type-only ones are erased by the build)
      const specs = [
        ...src.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm),
        ...src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
      ].map((m) => m[1]!);
      for (const spec of specs) {
        if (spec === 'typebox' || spec.startsWith('typebox/') || spec.startsWith('@sinclair/typebox')) offenders.push(file.slice(root.length + 1));
        if (spec.startsWith('.')) walk(resolve(dirname(file), spec));
      }
    };
    walk(resolve(root, 'workers/sync.worker.ts'));
    walk(resolve(root, 'workers/media.worker.ts'));
    expect(seen.size).toBeGreaterThan(10); // the walk did follow the imports
    expect([...seen].some((f) => f.endsWith('src/sync/worker/sync-engine.ts'))).toBe(true);
    expect(offenders).toEqual([]);
  });
});
