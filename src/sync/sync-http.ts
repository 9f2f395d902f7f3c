/**
 * The sync's HTTP calls (push, pull, health) with the failures told apart: the network is
 * away (offline, timeout, cut mid-answer) vs the server answered an error. Requests carry as
 * few headers as possible: a no-change sync must stay under 1 KB on the wire.
 */
import { REPORT_HEADER, type PullResponse, type PushRequest, type PushResponse } from '../protocol/sync.ts';
import { DEVICE_HEADER } from '../protocol/auth.ts';

/** The server could not be reached, or the answer did not arrive whole. */
export class SyncNetworkError extends Error {
  override name = 'SyncNetworkError';
}

/** The server answered with an error status (`{error:{code,message}}`). */
export class SyncHttpError extends Error {
  override name = 'SyncHttpError';
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface SyncHttpOptions {
  baseUrl: string;
  deviceToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Bytes of an answer as received (text length: an upper bound of its compressed size). */
export interface Sized<T> {
  body: T;
  bytes: number;
  /** Time on the network: request sent → answer fully received. */
  ms: number;
}

async function call<T>(o: SyncHttpOptions, path: string, init: { method: string; token: string; body?: string; headers?: Record<string, string> }): Promise<Sized<T>> {
  const doFetch = o.fetch ?? fetch;
  const headers: Record<string, string> = { authorization: `Bearer ${init.token}`, [DEVICE_HEADER]: o.deviceToken, ...init.headers };
  if (init.body) headers['content-type'] = 'application/json';
  const timeout = AbortSignal.timeout(o.timeoutMs ?? 30_000);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  const t0 = performance.now();
  try {
    res = await doFetch(`${o.baseUrl}${path}`, { method: init.method, headers, body: init.body, signal });
    text = await res.text();
  } catch (err) {
    throw new SyncNetworkError(err instanceof Error ? err.message : String(err));
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // A proxy page or a truncated body: not the school server's answer.
    throw res.ok ? new SyncNetworkError('truncated answer') : new SyncHttpError(res.status, 'bad_gateway', `HTTP ${res.status}`);
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new SyncHttpError(res.status, e?.code ?? 'http_error', e?.message ?? `HTTP ${res.status}`);
  }
  return { body: json as T, bytes: text.length, ms: performance.now() - t0 };
}

export function pushMutations(o: SyncHttpOptions, token: string, req: PushRequest): Promise<Sized<PushResponse>> {
  return call<PushResponse>(o, '/api/sync/push', { method: 'POST', token, body: JSON.stringify(req) });
}

export function pullPage(o: SyncHttpOptions, token: string, cursor: string | null, limit?: number, report?: string): Promise<Sized<PullResponse>> {
  const q = new URLSearchParams();
  if (cursor) q.set('cursor', cursor);
  if (limit) q.set('limit', String(limit));
  const qs = q.toString();
  return call<PullResponse>(o, `/api/sync/pull${qs ? `?${qs}` : ''}`, { method: 'GET', token, headers: report ? { [REPORT_HEADER]: report } : undefined });
}
