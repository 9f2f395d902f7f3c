/**
 * A Server-Sent Events reader over fetch() (what the tablet does: EventSource cannot send the
 * device and session headers), for the live channel's tests and bench.
 */
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
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const lines = block.split('\n');
            const ev = lines.find((l) => l.startsWith('event: '))?.slice(7);
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
            if (ev && data !== undefined) {
              events.push({ event: ev, data: JSON.parse(data), at: performance.now() });
              for (const w of [...waiters]) w();
            }
          }
        }
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
