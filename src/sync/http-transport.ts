/**
 * The tablet's one HTTP transport, used by the page (enrolment, roster, sign-in), the sync
 * worker (push, pull) and the console (its own session and bodies, same errors). One error
 * model and one rule for what is worth retrying:
 * - `NetworkError`: the school server was not reached — no route, timeout, a cut answer, or a
 *   proxy / captive portal answering 502/503/504 with a page that is not ours. Retryable.
 * - `ApiError`: the school server answered `{error:{code,message,params}}` (or a bare status).
 *   Retryable only for 408, 429 and 5xx; every other refusal is final until something changes.
 * No TypeBox and no DOM here: the sync worker bundles it.
 */
import type { ErrorBody } from '../protocol/errors.ts';

/** The server answered with an error: the UI words `code` + `params`; `message` is English, for logs. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly params: Record<string, string | number> | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server could not be reached, or its answer did not arrive whole. */
export class NetworkError extends Error {
  constructor(message = 'network') {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The one retry rule: the network, a timeout, a busy or failing server. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  if (err instanceof ApiError) return err.status === 408 || err.status === 429 || err.status >= 500;
  const name = (err as { name?: string } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * The error for a non-2xx answer whose body text is `text`. A body that is not ours with
 * 502/503/504 means the school server is away (a proxy or a captive portal answered).
 */
export function errorFromAnswer(status: number, text: string): ApiError | NetworkError {
  let e: Partial<ErrorBody['error']> | undefined;
  try {
    e = (JSON.parse(text) as Partial<ErrorBody> | null)?.error;
  } catch {
    e = undefined;
  }
  if (!e?.code && status >= 502 && status <= 504) return new NetworkError(`HTTP ${status}`);
  return new ApiError(status, e?.code ?? `http_${status}`, e?.message ?? `HTTP ${status}`, e?.params ?? null);
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** JSON body (serialised here). */
  body?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** A 2xx answer's JSON with its size as received (text length) and its time on the network. */
export interface Sized<T> {
  body: T;
  bytes: number;
  /** Request sent → answer fully received. */
  ms: number;
  /** The answer's headers (the sync reads the server's protocol from them: protocol/wire.ts). */
  headers: Headers;
}

const networkError = (err: unknown) => new NetworkError(err instanceof Error ? err.message : String(err));

/** Sends the request within its timeout (and the caller's signal); not reaching the server is a `NetworkError`. */
async function send(url: string, init: JsonRequest): Promise<{ res: Response; t0: number }> {
  const doFetch = init.fetch ?? fetch;
  const timeout = AbortSignal.timeout(init.timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const headers: Record<string, string> = { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers };
  const t0 = performance.now();
  try {
    return { res: await doFetch(url, { method: init.method, headers, body: init.body, signal }), t0 };
  } catch (err) {
    throw networkError(err);
  }
}

/** The answer's whole text; an answer cut while read is a `NetworkError`. */
async function readText(res: Response): Promise<string> {
  try {
    return await res.text();
  } catch (err) {
    throw networkError(err);
  }
}

/** A 2xx answer's JSON; text that is not JSON is a proxy page or a truncated answer, not the school server's. */
function parseAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new NetworkError('truncated answer');
  }
}

/** One JSON request; throws `NetworkError` or `ApiError` as above. */
export async function requestJson<T>(url: string, init: JsonRequest): Promise<Sized<T>> {
  const { res, t0 } = await send(url, init);
  const text = await readText(res);
  if (!res.ok) throw errorFromAnswer(res.status, text);
  const body = text ? parseAnswer(text) : null;
  return { body: body as T, bytes: text.length, ms: performance.now() - t0, headers: res.headers };
}

/** What `requestFrames` says once the answer is read whole. */
export interface FramesAnswer {
  /** Frames read (a plain JSON answer is one). */
  frames: number;
  /** Text length as received. */
  bytes: number;
  /** Request sent → last byte read. */
  ms: number;
  headers: Headers;
}

/**
 * One request whose answer may come as frames (`framesType`: JSON values one per line, e.g. the
 * sync's streamed pull) or as one JSON value: `onFrame` gets each value as soon as its line is
 * whole, in order, while the rest is still arriving. Errors as `requestJson`; an answer cut after
 * some frames throws `NetworkError` once those frames were handed over (they are whole: each
 * stands alone).
 */
export async function requestFrames<T>(url: string, init: JsonRequest & { framesType: string }, onFrame: (frame: T, headers: Headers) => void): Promise<FramesAnswer> {
  const { res, t0 } = await send(url, init);
  const parse = (text: string) => parseAnswer(text) as T;
  let bytes = 0, frames = 0;
  if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').startsWith(init.framesType)) {
    const text = await readText(res);
    if (!res.ok) throw errorFromAnswer(res.status, text);
    onFrame(parse(text), res.headers);
    return { frames: 1, bytes: text.length, ms: performance.now() - t0, headers: res.headers };
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let line: string[] = [];
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<string>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw networkError(err);
      }
      if (chunk.done) break;
      let text = chunk.value;
      bytes += text.length;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
        line.push(text.slice(0, nl));
        text = text.slice(nl + 1);
        const whole = line.join('');
        line = [];
        frames++;
        onFrame(parse(whole), res.headers);
      }
      if (text) line.push(text);
    }
  } catch (err) {
    void reader.cancel().catch(() => undefined);
    throw err;
  }
  const rest = line.join('');
  if (rest.trim() !== '' || frames === 0) throw new NetworkError('truncated answer');
  return { frames, bytes, ms: performance.now() - t0, headers: res.headers };
}

