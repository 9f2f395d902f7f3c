/**
 * Per-address limits hold against forged headers (issue #11): X-Forwarded-For and
 * X-Forwarded-Proto are believed only from the proxies named in TRUST_PROXY (none by default).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../../../server/app.ts';
import { openTestStore } from '../../../helpers/test-store.ts';
import { configFromEnv } from '../../../../server/config.ts';
import { parseTrustProxy } from '../../../../server/http/trust-proxy.ts';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function app(trustProxy?: string[]): Promise<App> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cartable-proxy-'));
  const store = openTestStore(join(dataDir, 'cartable.sqlite'));
  const a = await buildApp({ services: store.services, config: { dataDir, staticDir: null, logRequests: false, appVersion: 'test', trustProxy } });
  close = async () => {
    await a.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return a;
}

/** 60 enrolment guesses from one peer, each claiming another client address. */
async function forgedEnrolments(a: App, peer: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 60; i++) {
    const res = await a.inject({
      method: 'POST', url: '/api/devices/enrol', remoteAddress: peer,
      headers: { 'x-forwarded-for': `10.66.${i >> 8}.${i & 255}` }, payload: { code: 'AAAA-BBBB', name: 'Tablette' },
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

describe('TRUST_PROXY', () => {
  it('by default ignores X-Forwarded-For: 60 forged addresses from one peer meet the per-address limit', async () => {
    const statuses = await forgedEnrolments(await app(), '192.168.1.50');
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('believes X-Forwarded-For only from a configured proxy', async () => {
    const a = await app(['127.0.0.1']);
    expect((await forgedEnrolments(a, '127.0.0.1')).filter((s) => s === 429)).toEqual([]);
    // Another peer's forged header is still ignored.
    expect((await forgedEnrolments(a, '192.168.1.51')).filter((s) => s === 429).length).toBe(40);
  });

  it('sends HSTS for X-Forwarded-Proto: https only when a trusted proxy says so', async () => {
    const a = await app(['10.0.0.0/8']);
    const hsts = async (peer: string) =>
      (await a.inject({ method: 'GET', url: '/api/health', remoteAddress: peer, headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security'];
    expect(await hsts('10.1.2.3')).toBe('max-age=31536000');
    expect(await hsts('192.168.1.52')).toBeUndefined();
  });

  it('parses addresses and CIDRs, and refuses anything else at start', () => {
    expect(parseTrustProxy(undefined)).toEqual([]);
    expect(parseTrustProxy(' 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'loopback', '1.2.3.4/8/2', '::1/129']) expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY/);
    expect(configFromEnv({}).trustProxy).toEqual([]);
    expect(() => configFromEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });
});
