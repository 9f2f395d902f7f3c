/**
 * The console's calls for the live class (docs/api.md « Live class »), beside console-api.ts
 * and with the same session and errors, and the room's event stream: Server-Sent Events read
 * with fetch() (the session token is a header, which EventSource cannot send). When the stream
 * drops, the screen reads the room every FALLBACK_POLL_MS and tries the stream again: the
 * console never depends on it.
 */
import type { LiveActivityRequest, LiveRoom, LiveSessionInfo } from '../../../protocol/live.ts';
import { readSse } from '../../../protocol/sse.ts';
import { errorFromAnswer } from '../../../sync/http-transport.ts';
import { loadSession } from '../console-api.ts';

export const FALLBACK_POLL_MS = 5_000;

async function call<T>(method: 'GET' | 'POST', path: string, json?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const token = loadSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  if (!res.ok) throw errorFromAnswer(res.status, await res.text().catch(() => ''));
  return (await res.json()) as T;
}

const e = encodeURIComponent;

export const liveApi = {
  running: (classId: string) => call<LiveSessionInfo[]>('GET', `/api/classes/${e(classId)}/live`),
  start: (classId: string, groupId: string | null) => call<LiveSessionInfo>('POST', '/api/live/sessions', { classId, groupId }),
  room: (id: string) => call<LiveRoom>('GET', `/api/live/sessions/${e(id)}/room`),
  push: (id: string, req: LiveActivityRequest) => call<LiveSessionInfo>('POST', `/api/live/sessions/${e(id)}/activity`, req),
  attention: (id: string, on: boolean) => call<LiveSessionInfo>('POST', `/api/live/sessions/${e(id)}/attention`, { on }),
  collect: (id: string) => call<LiveSessionInfo>('POST', `/api/live/sessions/${e(id)}/collect`, {}),
  end: (id: string) => call<LiveSessionInfo>('POST', `/api/live/sessions/${e(id)}/end`, {}),
};

/**
 * Calls `onChange` whenever the server says the room changed, and `onLink(true|false)` as the
 * stream comes and goes; retries with a growing delay. Returns the stop function.
 */
export function watchRoom(sessionId: string, onChange: () => void, onLink: (live: boolean) => void): () => void {
  let stopped = false;
  let ctrl: AbortController | null = null;
  let retry = 1000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const connect = async () => {
    ctrl = new AbortController();
    const token = loadSession()?.token;
    try {
      const res = await fetch(`/api/live/sessions/${e(sessionId)}/events`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: ctrl.signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      await readSse(res.body, ({ event }) => {
        if (event !== 'room' && event !== 'session') return;
        retry = 1000;
        onLink(true);
        onChange();
      });
    } catch {
      /* dropped: fall back below */
    }
    if (stopped) return;
    onLink(false);
    timer = setTimeout(() => void connect(), retry * (0.5 + Math.random()));
    retry = Math.min(30_000, retry * 2);
  };
  void connect();
  return () => {
    stopped = true;
    ctrl?.abort();
    if (timer) clearTimeout(timer);
  };
}
