/**
 * The live class's bus over PostgreSQL LISTEN/NOTIFY (server/live/live-bus.ts): with several
 * server processes, a tablet connected to one hears the commands a teacher sent through
 * another. One dedicated connection LISTENs (a pooled one would lose its LISTEN when handed
 * back); NOTIFY goes through the coordination pool. A payload is a small JSON object (ids,
 * a few numbers) far below PostgreSQL's 8000-byte limit. When the listening connection breaks
 * it is opened again after `retryMs`, and the hub re-sends every tablet its state (what was
 * announced meanwhile is in the rows; presence heals with the next heartbeat).
 */
import pg from 'pg';
import type { LiveBus, LiveEvent } from '../live/live-bus.ts';

export const LIVE_CHANNEL = 'cartable_live';

export class PgLiveBus implements LiveBus {
  readonly kind = 'postgres' as const;
  private client: pg.Client | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly resyncListeners = new Set<() => void>();

  private constructor(private readonly url: string, private readonly pool: pg.Pool, private readonly retryMs: number) {}

  /** Listens before it answers: an event published after this resolves is heard. */
  static async start(url: string, pool: pg.Pool, retryMs = 2000): Promise<PgLiveBus> {
    const bus = new PgLiveBus(url, pool, retryMs);
    await bus.listen();
    return bus;
  }

  async publish(event: LiveEvent) {
    await this.pool.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, JSON.stringify(event)]);
  }

  subscribe(listener: (event: LiveEvent) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  onResync(listener: () => void) {
    this.resyncListeners.add(listener);
    return () => void this.resyncListeners.delete(listener);
  }

  private async listen(): Promise<void> {
    const c = new pg.Client({ connectionString: this.url, application_name: 'cartable-live' });
    c.on('notification', (n) => {
      if (n.channel !== LIVE_CHANNEL || !n.payload) return;
      let event: LiveEvent;
      try {
        event = JSON.parse(n.payload) as LiveEvent;
      } catch {
        return;
      }
      for (const l of this.listeners) l(event);
    });
    const lost = () => {
      if (this.client !== c) return;
      this.client = null;
      c.end().catch(() => undefined);
      this.retry();
    };
    c.on('error', lost);
    c.on('end', lost);
    await c.connect();
    await c.query(`LISTEN ${LIVE_CHANNEL}`);
    this.client = c;
  }

  private retry() {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.listen().then(
        () => { for (const l of this.resyncListeners) l(); },
        () => this.retry(),
      );
    }, this.retryMs);
    this.timer.unref();
  }

  async close() {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
    this.listeners.clear();
  }
}
