/**
 * The tablet's end of the live class (issue 17): one Server-Sent Events stream to the school
 * server, read with fetch() so it carries the same credentials as the sync (the device token
 * and the signed-in pupil's session; EventSource cannot send headers).
 *
 * It lives on the page, not in the sync worker: everything it receives is for the screen
 * (open an activity, the attention overlay) and what it sends is where the pupil is on the
 * screen; « Tout récupérer » only asks the sync worker for a sync, through its bridge. It is
 * a lazy chunk loaded after the first screen, so it costs the first screen nothing.
 *
 * Nothing depends on it staying up. When the stream drops, fails or falls silent (no byte for
 * SILENCE_MS: a dead hotspot often never closes the socket), the same state is read with a
 * plain GET every POLL_MS while the stream is tried again with a growing, jittered delay
 * (15 tablets must not reconnect in lock-step); the pupil's work goes by the sync as always.
 * A tablet that knows it is offline (`navigator.onLine` false: the hotspot is gone, or it is
 * at home) asks nothing at all: it waits for the browser's `online` event, then reconnects.
 */
import type { LiveProgressRequest, TabletLiveSession, TabletLiveState } from '../protocol/live.ts';
import { DEVICE_HEADER } from '../protocol/wire.ts';
import { readSse, type SseMessage } from '../protocol/sse.ts';

/** The server says something (at least a keep-alive) every 20 s: silence past this is a dead channel. */
export const SILENCE_MS = 50_000;
/** While the stream is down, the state is read this often. */
export const POLL_MS = 10_000;
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export type LiveLink = 'connecting' | 'live' | 'fallback';

export interface LiveChannelOptions {
  baseUrl: string;
  deviceToken: string;
  studentToken: string;
  onState(sessions: TabletLiveSession[]): void;
  onLink?(link: LiveLink): void;
  fetchImpl?: typeof fetch;
  /** Whether the network is there at all (default: `navigator.onLine`). */
  isOnline?: () => boolean;
  /** Where the `online` event is heard (default: the window). */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

const browserOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

export class LiveChannel {
  private stopped = false;
  private ctrl: AbortController | null = null;
  private retryMs = RETRY_FIRST_MS;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private link: LiveLink = 'connecting';
  private readonly fetch: typeof fetch;
  private readonly online: () => boolean;
  private readonly events: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  private readonly onOnline = () => {
    if (this.stopped || this.ctrl) return; // a stream is open or being opened
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryMs = RETRY_FIRST_MS;
    void this.connect();
  };

  constructor(private readonly o: LiveChannelOptions) {
    this.fetch = o.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    this.online = o.isOnline ?? browserOnline;
    this.events = o.events ?? (typeof addEventListener === 'function' ? globalThis : null);
    this.events?.addEventListener('online', this.onOnline);
  }

  start(): this {
    void this.connect();
    return this;
  }

  stop() {
    this.stopped = true;
    this.ctrl?.abort();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.events?.removeEventListener('online', this.onOnline);
  }

  /** Tells the teacher's room where the pupil is (best effort: a lost report is replaced by the next). */
  async report(progress: LiveProgressRequest): Promise<void> {
    if (this.stopped || !this.online()) return;
    try {
      await this.fetch(`${this.o.baseUrl}/api/live/progress`, { method: 'POST', headers: { ...this.headers(), 'content-type': 'application/json' }, body: JSON.stringify(progress) });
    } catch {
      /* offline: the next report says it again */
    }
  }

  /** Reads the state once with a plain GET (the fallback, and a check after a reconnect). */
  async poll(): Promise<void> {
    if (!this.online()) return; // offline: nothing to ask; the `online` event reconnects
    try {
      const res = await this.fetch(`${this.o.baseUrl}/api/live/current`, { headers: this.headers() });
      if (res.ok && !this.stopped) this.o.onState(((await res.json()) as TabletLiveState).sessions);
    } catch {
      /* offline: the next poll */
    }
  }

  private headers() {
    return { [DEVICE_HEADER]: this.o.deviceToken, authorization: `Bearer ${this.o.studentToken}` };
  }

  private setLink(link: LiveLink) {
    if (this.link === link) return;
    this.link = link;
    this.o.onLink?.(link);
    if (link === 'fallback' && !this.pollTimer) {
      void this.poll();
      this.pollTimer = setInterval(() => void this.poll(), POLL_MS);
    }
    if (link === 'live' && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    if (!this.online()) {
      this.setLink('fallback'); // the `online` event (onOnline) tries again
      return;
    }
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    let silence: ReturnType<typeof setTimeout> | null = null;
    const heard = () => {
      if (silence) clearTimeout(silence);
      silence = setTimeout(() => ctrl.abort(), SILENCE_MS);
    };
    try {
      heard();
      const res = await this.fetch(`${this.o.baseUrl}/api/live/stream`, { headers: { ...this.headers(), accept: 'text/event-stream' }, signal: ctrl.signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      await readSse(res.body, (m) => this.onMessage(m), heard);
    } catch {
      /* dropped, refused or silent: fall back below */
    } finally {
      if (silence) clearTimeout(silence);
      this.ctrl = null; // no stream: stop() has nothing to abort, `online` may connect
    }
    if (this.stopped) return;
    this.setLink('fallback');
    const wait = this.retryMs * (0.5 + Math.random());
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    this.retryTimer = setTimeout(() => void this.connect(), wait);
  }

  private onMessage({ event, data }: SseMessage) {
    if (event !== 'state') return;
    try {
      const state = JSON.parse(data) as TabletLiveState;
      this.retryMs = RETRY_FIRST_MS;
      this.setLink('live');
      this.o.onState(state.sessions);
    } catch {
      /* not JSON: the next state is whole */
    }
  }
}
