/**
 * A Server-Sent Events reader over fetch() (what the tablet does: EventSource cannot send the
 * device and session headers), for the live channel's tests and bench.
 */
import { readSse } from '../../src/protocol/sse.ts';

export interface SseEvent {
  event: string;
  data: unknown;
  /** performance.now() when it was read. */
  at: number;
}

export interface SseStream {
  events: SseEvent[];
  status: number;
  /** Resolves with the first event (after `from`) that `match` accepts. */
  next(match: (e: SseEvent) => boolean, timeoutMs?: number, from?: number): Promise<SseEvent>;
  closed: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let closedResolve!: () => void;
  const closed = new Promise<void>((r) => (closedResolve = r));
  if (res.ok && res.body) {
    void (async () => {
      try {
        await readSse(res.body!, ({ event, data }) => {
          events.push({ event, data: JSON.parse(data), at: performance.now() });
          for (const w of [...waiters]) w();
        });
      } catch {
        /* aborted */
      } finally {
        closedResolve();
        for (const w of [...waiters]) w();
      }
    })();
  } else closedResolve();
  let ended = false;
  void closed.then(() => (ended = true));
  return {
    events,
    status: res.status,
    closed,
    close: () => ctrl.abort(),
    next(match, timeoutMs = 5000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (ended) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error('stream closed'));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event in ${timeoutMs} ms (got ${events.map((e) => e.event).join(', ')})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
