/**
 * One leader among the server processes, for the jobs that must run once (the tombstone purge,
 * the sweep of expired uploads, the rate-limit table's clean-up, a nightly backup later).
 *
 * On SQLite there is one process: it is the leader (`soleLeadership`). On PostgreSQL each
 * process holds one dedicated connection (not a pooled one: the lock lives and dies with that
 * session) and tries `pg_try_advisory_lock(LEADER_KEY)` on it, again every `retryMs` while it
 * is not the leader. The leader pings its connection at the same pace: when it breaks (the
 * process died, the database restarted, an operator ran pg_terminate_backend) PostgreSQL has
 * already dropped the lock, and a follower takes it at its next try. Nobody is leader twice:
 * the lock is the database's, not the processes' opinion.
 */
import pg from 'pg';

/** Who leads, as seen from this process. */
export interface Leadership {
  isLeader(): boolean;
  /** Called with true when this process becomes the leader, false when it stops being one; returns an unsubscribe. */
  onChange(listener: (leader: boolean) => void): () => void;
  /** Steps down (the lock goes with the connection) and stops trying. */
  close(): Promise<void>;
}

/** The single process of an SQLite server: always the leader. */
export function soleLeadership(): Leadership {
  return { isLeader: () => true, onChange: (l) => (l(true), () => undefined), close: async () => undefined };
}

/** Session advisory lock key of the leader ("cartable:leader", hashed by PostgreSQL). */
export const LEADER_LOCK_SQL = "hashtextextended('cartable:leader', 0)";

export interface PgLeadershipOptions {
  /** How often a follower tries to take the lead, and the leader checks it still holds it (default 10 s). */
  retryMs?: number;
  /** Where a failed attempt is told (default: nowhere; the next try follows). */
  log?: (line: string) => void;
}

/** Leadership by a session-level advisory lock on a connection of its own. */
export class PgLeadership implements Leadership {
  private client: pg.Client | null = null;
  private leader = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(leader: boolean) => void>();
  private readonly retryMs: number;
  /** The running attempt (tests and close() wait for it). */
  private attempt: Promise<void> = Promise.resolve();

  constructor(private readonly url: string, private readonly options: PgLeadershipOptions = {}) {
    this.retryMs = options.retryMs ?? 10_000;
  }

  /** Starts trying; resolves after the first attempt (so a lone process is the leader when it answers). */
  static async start(url: string, options: PgLeadershipOptions = {}): Promise<PgLeadership> {
    const l = new PgLeadership(url, options);
    await l.tick();
    return l;
  }

  isLeader() {
    return this.leader;
  }

  onChange(listener: (leader: boolean) => void) {
    this.listeners.add(listener);
    if (this.leader) listener(true);
    return () => void this.listeners.delete(listener);
  }

  /** One attempt (follower) or check (leader), then the next one is scheduled. */
  tick(): Promise<void> {
    this.attempt = this.attempt.then(() => this.step()).finally(() => {
      if (!this.closed) {
        this.timer = setTimeout(() => void this.tick(), this.retryMs);
        this.timer.unref();
      }
    });
    return this.attempt;
  }

  private async step() {
    if (this.closed) return;
    try {
      if (!this.client) this.client = await this.connect();
      if (this.leader) await this.client.query('SELECT 1');
      else {
        const r = await this.client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LEADER_LOCK_SQL}) AS ok`);
        if (r.rows[0]?.ok && !this.closed) this.setLeader(true);
      }
    } catch (err) {
      this.options.log?.(`Leadership: the database connection failed (${String(err)}); trying again in ${this.retryMs} ms.`);
      this.lost();
    }
  }

  private async connect(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: this.url, application_name: 'cartable-leader' });
    // A broken connection takes the lock with it: step down at once rather than at the next check.
    c.on('error', () => this.lost(c));
    c.on('end', () => this.lost(c));
    await c.connect();
    return c;
  }

  private lost(which: pg.Client | null = this.client) {
    if (which !== this.client) return;
    const c = this.client;
    this.client = null;
    c?.end().catch(() => undefined);
    this.setLeader(false);
  }

  private setLeader(leader: boolean) {
    if (this.leader === leader) return;
    this.leader = leader;
    for (const l of this.listeners) l(leader);
  }

  async close() {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.attempt.catch(() => undefined);
    const c = this.client;
    this.client = null;
    this.setLeader(false);
    await c?.end().catch(() => undefined);
  }
}

export interface LeaderJob {
  /** For the log lines. */
  name: string;
  /** Runs when this process becomes the leader, then every `everyMs` while it stays so. */
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Runs `job` on the leader only: at once when this process takes the lead, then on its
 * interval; a process that loses the lead stops. Returns a stop function.
 * A failed run is logged and tried again at the next interval.
 */
export function runAsLeader(leadership: Leadership, job: LeaderJob, log: (line: string) => void = () => undefined): () => void {
  let timer: NodeJS.Timeout | null = null;
  const once = () => void job.run().catch((err: unknown) => log(`${job.name} failed (will retry): ${String(err)}`));
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const unsubscribe = leadership.onChange((leader) => {
    stopTimer();
    if (!leader) return;
    once();
    timer = setInterval(() => {
      if (leadership.isLeader()) once();
    }, job.everyMs);
    timer.unref();
  });
  return () => {
    unsubscribe();
    stopTimer();
  };
}
