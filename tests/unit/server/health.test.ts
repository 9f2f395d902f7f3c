import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../../src/protocol/wire.ts';

describe('health and error shape', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  it('answers /api/health with status and version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', version: 'test', protocol: PROTOCOL_VERSION, oldestProtocol: OLDEST_PROTOCOL_VERSION });
    expect(res.headers['x-cartable-protocol']).toBe(`${PROTOCOL_VERSION};oldest=${OLDEST_PROTOCOL_VERSION}`); // every /api answer says it (issue 16)
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route_not_found');
  });

  it('answers malformed JSON with a 400 and no stack trace', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"login": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_json');
    expect(res.body).not.toMatch(/at .*\.ts/);
  });

  it('answers wrong types with a validation error', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 42, password: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation' });
    expect(res.json().error.params.field).toMatch(/login/); // which field, for developers (the words come from the code)
  });

  it('answers oversized bodies with a 413', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'a', password: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });
});
