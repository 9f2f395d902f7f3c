/**
 * The tablet's plain HTTP calls outside the sync protocol: enrolment, the sign-in roster
 * and the student sign-in. A network failure (no route, timeout, dead hotspot) is a
 * `NetworkError`, distinct from the server's refusal (`ApiError` with its status and
 * code), so sign-in can fall back to the offline verifier only when the server is away.
 */
import type { DEVICE_HEADER as DeviceHeader, StudentLoginRequest, StudentLoginResponse } from '../protocol/auth.ts';
import type { DeviceRoster, EnrolRequest, EnrolResponse } from '../protocol/console.ts';
import type { ErrorBody } from '../protocol/errors.ts';

/** The protocol's header name, typed against it (a value import would pull TypeBox into the shell bundle). */
const DEVICE_HEADER: typeof DeviceHeader = 'X-Cartable-Device';

/** The server answered with an error (`{error:{code,message,params}}`): the UI words `code` + `params`; `message` is English, for logs. */
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

/** The server could not be reached (offline, timeout, dead hotspot). */
export class NetworkError extends Error {
  constructor(message = 'network') {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface ApiClientOptions {
  /** '' = same origin (the school server serves the app). */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  /** A weak 4G hotspot shared by 15 tablets: be patient, but not forever. */
  timeoutMs?: number;
}

async function request<T>(path: string, init: RequestInit, opts: ApiClientOptions = {}): Promise<T> {
  const doFetch = opts.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await doFetch(`${opts.baseUrl ?? ''}${path}`, {
      ...init,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  } catch (err) {
    throw new NetworkError(err instanceof Error ? err.message : String(err));
  }
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const e = (body as ErrorBody | null)?.error;
    // A proxy or captive portal answering 502/503/504 means the school server is away.
    if (!e && res.status >= 502) throw new NetworkError(`HTTP ${res.status}`);
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `HTTP ${res.status}`, e?.params ?? null);
  }
  return body as T;
}

/** POST /api/devices/enrol: turns a one-time code into this tablet's device token. */
export function enrolDevice(req: EnrolRequest, opts?: ApiClientOptions): Promise<EnrolResponse> {
  return request<EnrolResponse>('/api/devices/enrol', { method: 'POST', body: JSON.stringify(req) }, opts);
}

/** GET /api/device/roster: the classes and students for the sign-in grid (no secrets). */
export function fetchRoster(deviceToken: string, opts?: ApiClientOptions): Promise<DeviceRoster> {
  return request<DeviceRoster>('/api/device/roster', { method: 'GET', headers: { [DEVICE_HEADER]: deviceToken } }, opts);
}

/** POST /api/auth/student: 401 wrong secret, 423 locked by the server. */
export function loginStudent(deviceToken: string, req: StudentLoginRequest, opts?: ApiClientOptions): Promise<StudentLoginResponse> {
  return request<StudentLoginResponse>(
    '/api/auth/student',
    { method: 'POST', body: JSON.stringify(req), headers: { [DEVICE_HEADER]: deviceToken } },
    opts,
  );
}
