/**
 * The tablet's plain HTTP calls outside the sync protocol: enrolment, the sign-in roster
 * and the student sign-in, over the one transport (../http-transport.ts). A network failure
 * (no route, timeout, dead hotspot, a proxy's 502) is a `NetworkError`, distinct from the
 * server's refusal (`ApiError` with its status and code), so sign-in can fall back to the
 * offline verifier only when the server is away.
 */
import type { StudentLoginRequest, StudentLoginResponse } from '../../protocol/auth.ts';
import type { DeviceRoster, EnrolRequest, EnrolResponse } from '../../protocol/console.ts';
import { ENROL_PATH, ROSTER_PATH, STUDENT_LOGIN_PATH, DEVICE_HEADER, PROTOCOL_HEADER, parseProtocol } from '../../protocol/wire.ts';
import { requestJson, type JsonRequest } from '../http-transport.ts';

export { ApiError, NetworkError } from '../http-transport.ts';

export interface ApiClientOptions {
  /** '' = same origin (the school server serves the app). */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  /** A weak 4G hotspot shared by 15 tablets: be patient, but not forever. */
  timeoutMs?: number;
}

async function request<T>(path: string, init: Pick<JsonRequest, 'method' | 'body' | 'headers'>, opts: ApiClientOptions = {}): Promise<T> {
  const r = await requestJson<T>(`${opts.baseUrl ?? ''}${path}`, {
    ...init,
    headers: { accept: 'application/json', ...init.headers },
    timeoutMs: opts.timeoutMs ?? 15_000,
    fetch: opts.fetchImpl,
  });
  return r.body;
}

/** The enrolment, and the protocol the server said with it (null: unreadable). */
export type EnrolAnswer = EnrolResponse & { serverProtocol: number | null };

/**
 * POST /api/devices/enrol: turns a one-time code into this tablet's device token. The server's
 * protocol comes with it (every /api answer says it), so the first sync need not ask /api/health.
 */
export async function enrolDevice(req: EnrolRequest, opts: ApiClientOptions = {}): Promise<EnrolAnswer> {
  const r = await requestJson<EnrolResponse>(`${opts.baseUrl ?? ''}${ENROL_PATH}`, {
    method: 'POST', body: JSON.stringify(req), headers: { accept: 'application/json' }, timeoutMs: opts.timeoutMs ?? 15_000, fetch: opts.fetchImpl,
  });
  return { ...r.body, serverProtocol: parseProtocol(r.headers.get(PROTOCOL_HEADER))?.version ?? null };
}

/** GET /api/device/roster: the classes and students for the sign-in grid (no secrets). */
export function fetchRoster(deviceToken: string, opts?: ApiClientOptions): Promise<DeviceRoster> {
  return request<DeviceRoster>(ROSTER_PATH, { method: 'GET', headers: { [DEVICE_HEADER]: deviceToken } }, opts);
}

/** POST /api/auth/student: 401 wrong secret, 423 locked by the server. */
export function loginStudent(deviceToken: string, req: StudentLoginRequest, opts?: ApiClientOptions): Promise<StudentLoginResponse> {
  return request<StudentLoginResponse>(STUDENT_LOGIN_PATH, { method: 'POST', body: JSON.stringify(req), headers: { [DEVICE_HEADER]: deviceToken } }, opts);
}
