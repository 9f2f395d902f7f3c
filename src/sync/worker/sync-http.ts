/**
 * The sync's HTTP calls (push, pull) over the one transport (../http-transport.ts): a
 * `NetworkError` when the server is away (offline, timeout, cut mid-answer, a proxy's 502),
 * an `ApiError` when it answered a refusal. Requests carry as few headers as possible: a
 * no-change sync must stay under 1 KB on the wire.
 */
import type { PullResponse, PushRequest, PushResponse } from '../../protocol/sync.ts';
import { PUSH_PATH, PULL_PATH, PULL_FRAMES_TYPE, DEVICE_HEADER, HEALTH_PATH, PROTOCOL, PROTOCOL_HEADER, REPORT_HEADER, formatProtocol, type ProtocolRange } from '../../protocol/wire.ts';
import { requestFrames, requestJson, type FramesAnswer, type Sized } from '../http-transport.ts';

export type { FramesAnswer, Sized };

export interface SyncHttpOptions {
  baseUrl: string;
  deviceToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The protocols this tablet says it speaks (default: this build's; tests play other builds). */
  protocol?: ProtocolRange;
}

const headersFor = (o: SyncHttpOptions, token: string, more?: Record<string, string>) =>
  ({ authorization: `Bearer ${token}`, [DEVICE_HEADER]: o.deviceToken, [PROTOCOL_HEADER]: formatProtocol(o.protocol ?? PROTOCOL), ...more });

function call<T>(o: SyncHttpOptions, path: string, init: { method: 'GET' | 'POST'; token: string; body?: string; headers?: Record<string, string> }): Promise<Sized<T>> {
  return requestJson<T>(`${o.baseUrl}${path}`, {
    method: init.method,
    body: init.body,
    headers: headersFor(o, init.token, init.headers),
    timeoutMs: o.timeoutMs ?? 30_000,
    signal: o.signal,
    fetch: o.fetch,
  });
}

export function pushMutations(o: SyncHttpOptions, token: string, req: PushRequest): Promise<Sized<PushResponse>> {
  return call<PushResponse>(o, PUSH_PATH, { method: 'POST', token, body: JSON.stringify(req) });
}

/**
 * Pulls from `cursor`: `onPage` gets each page as soon as it has arrived whole, in order, while
 * the next ones are still on the way (the server sends pages as frames: `stream=1`); an older
 * server's one page arrives the same way. A cut answer throws `NetworkError` after the whole
 * pages before the cut were handed over.
 */
export function pullPage(o: SyncHttpOptions, token: string, cursor: string | null, limit?: number, report?: string, onPage: (page: PullResponse, headers: Headers) => void = () => undefined): Promise<FramesAnswer> {
  const q = new URLSearchParams();
  if (cursor) q.set('cursor', cursor);
  if (limit) q.set('limit', String(limit));
  q.set('stream', '1');
  return requestFrames<PullResponse>(`${o.baseUrl}${PULL_PATH}?${q.toString()}`, {
    method: 'GET',
    headers: headersFor(o, token, report ? { [REPORT_HEADER]: report } : undefined),
    timeoutMs: o.timeoutMs ?? 30_000,
    signal: o.signal,
    fetch: o.fetch,
    framesType: PULL_FRAMES_TYPE,
  }, onPage);
}

/** The server's protocol from /api/health (a server before `oldestProtocol` still says `protocol`; neither: 1). */
export async function probeProtocol(o: SyncHttpOptions): Promise<number> {
  const res = await requestJson<{ protocol?: unknown } | null>(`${o.baseUrl}${HEALTH_PATH}`, { method: 'GET', timeoutMs: o.timeoutMs ?? 30_000, signal: o.signal, fetch: o.fetch });
  const p = res.body?.protocol;
  return typeof p === 'number' && Number.isInteger(p) && p >= 1 ? p : 1;
}
