/**
 * tus upload locks shared by every server process, in PostgreSQL (@tus/server's `Locker`).
 *
 * A lock is a session advisory lock, `pg_try_advisory_lock(hashtextextended('tus:' || id, 0))`,
 * on a connection taken from a pool of its own and held for the lock's life (a PATCH can last
 * minutes on a hotspot; the transactions' pool must not run dry meanwhile). If the process or
 * its connection dies, PostgreSQL drops the lock with the session.
 *
 * `requestRelease`: tus asks the holder to let go when another request wants the upload (a
 * tablet whose PATCH hangs on a half-open connection resumes on another process). The waiter
 * says so with `NOTIFY cartable_tus_release, '<id>'`; every process LISTENs on one connection
 * and calls the local holder's `requestRelease`, which ends its PATCH after tus's drain delay
 * and unlocks. The waiter tries again every `pollMs`, until `acquireTimeoutMs` (then tus
 * answers its lock timeout) or until its own request is aborted.
 */
import pg from 'pg';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';

export const RELEASE_CHANNEL = 'cartable_tus_release';
const KEY_SQL = "hashtextextended('tus:' || $1, 0)";

export interface PgUploadLockerOptions {
  /** Give up waiting for a lock after this long (default 30 s, as tus's MemoryLocker). */
  acquireTimeoutMs?: number;
  /** Time between two tries while the lock is held elsewhere (default 100 ms). */
  pollMs?: number;
}

export class PgUploadLocker implements Locker {
  /** Locks held by this process: upload id → how to ask their request to let go. */
  readonly held = new Map<string, RequestRelease>();
  private listener: pg.Client | null = null;
  private closed = false;
  private reconnect: NodeJS.Timeout | null = null;
  readonly acquireTimeoutMs: number;
  readonly pollMs: number;

  constructor(readonly pool: pg.Pool, private readonly url: string, options: PgUploadLockerOptions = {}) {
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 30_000;
    this.pollMs = options.pollMs ?? 100;
  }

  /** Connects the LISTEN connection; resolves once release requests are heard. */
  async start(): Promise<this> {
    await this.listen();
    return this;
  }

  private async listen() {
    const c = new pg.Client({ connectionString: this.url, application_name: 'cartable-tus-listen' });
    const again = () => {
      if (this.listener !== c) return;
      this.listener = null;
      c.end().catch(() => undefined);
      if (!this.closed) {
        this.reconnect = setTimeout(() => void this.listen().catch(again), 1000);
        this.reconnect.unref();
      }
    };
    c.on('error', again);
    c.on('end', again);
    c.on('notification', (n) => {
      if (n.channel === RELEASE_CHANNEL && n.payload) void this.held.get(n.payload)?.();
    });
    this.listener = c;
    await c.connect();
    await c.query(`LISTEN ${RELEASE_CHANNEL}`);
  }

  newLock(id: string): Lock {
    return new PgUploadLock(this, id);
  }

  async close() {
    this.closed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const c = this.listener;
    this.listener = null;
    await c?.end().catch(() => undefined);
  }
}

class PgUploadLock implements Lock {
  private client: pg.PoolClient | null = null;
  /** The held connection broke (PostgreSQL dropped the lock with it): closed at unlock, not reused. */
  private broken = false;
  private readonly onError = () => { this.broken = true; };

  constructor(private readonly locker: PgUploadLocker, private readonly id: string) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const { locker, id } = this;
    const client = await locker.pool.connect();
    const deadline = Date.now() + locker.acquireTimeoutMs;
    try {
      for (;;) {
        const r = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${KEY_SQL}) AS ok`, [id]);
        if (r.rows[0]?.ok) break;
        // Held by another request, here or on another process: ask it to finish, then try again.
        await client.query('SELECT pg_notify($1, $2)', [RELEASE_CHANNEL, id]);
        if (signal.aborted || Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
        await new Promise((resolve) => setTimeout(resolve, locker.pollMs));
      }
    } catch (err) {
      client.release(err instanceof Error ? err : undefined);
      throw err;
    }
    // A checked-out connection that dies emits 'error'; unheard, it would crash the process.
    client.on('error', this.onError);
    this.client = client;
    locker.held.set(id, requestRelease);
  }

  async unlock(): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('Releasing an unlocked lock!');
    this.client = null;
    this.locker.held.delete(this.id);
    client.off('error', this.onError);
    if (this.broken) return client.release(true);
    try {
      await client.query(`SELECT pg_advisory_unlock(${KEY_SQL})`, [this.id]);
      client.release();
    } catch (err) {
      // A connection that cannot unlock is closed: its session's locks go with it.
      client.release(err instanceof Error ? err : true);
    }
  }
}
