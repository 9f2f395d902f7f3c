/**
 * What the server processes must agree on beyond the database's rows: tus upload locks, rate
 * limits, and which process runs the scheduled jobs (the leader).
 *
 * - SQLite: one process, so everything stays in memory (tus's MemoryLocker, the rate-limit
 *   plugin's own store) and that process is the leader.
 * - PostgreSQL: several processes may share the database (and DATA_DIR / UPLOAD_DIR on a shared
 *   volume): upload locks are advisory locks, rate limits a table, the leader an advisory
 *   lock on its own connection, the live class's announcements LISTEN/NOTIFY. Its connections come from a small pool of their own, apart
 *   from the transactions' pool, so a slow PATCH holding a lock never starves a sync.
 */
import pg from 'pg';
import { MemoryLocker, type Locker } from '@tus/server';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { PgLeadership, soleLeadership, type Leadership, type PgLeadershipOptions } from './leadership.ts';
import { PgUploadLocker, type PgUploadLockerOptions } from './pg-upload-locker.ts';
import { pgRateLimitStore, purgeExpiredRateLimits } from './pg-rate-limit-store.ts';
import { inProcessLiveBus, type LiveBus } from '../live/live-bus.ts';
import { PgLiveBus } from './pg-live-bus.ts';

export interface Coordination {
  kind: 'single-process' | 'postgres';
  /** The tus Locker every upload request goes through. */
  uploadLocker: Locker;
  /** The rate-limit plugin's store; undefined: its in-memory default. */
  rateLimitStore: FastifyRateLimitStoreCtor | undefined;
  leadership: Leadership;
  /** The live class's announcements between processes (in process, or LISTEN/NOTIFY). */
  live: LiveBus;
  /** Housekeeping of the shared state, run by the leader (none on a single process). */
  housekeeping(): Promise<number>;
  /** Runs `fn` while no other process runs one under the same name (the first start's demo seed). */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One process (SQLite, or a test): the state in memory, and this process leads. */
export function singleProcessCoordination(): Coordination {
  return {
    kind: 'single-process',
    uploadLocker: new MemoryLocker(),
    rateLimitStore: undefined,
    leadership: soleLeadership(),
    live: inProcessLiveBus(),
    housekeeping: async () => 0,
    exclusive: (_name, fn) => fn(),
    close: async () => undefined,
  };
}

export interface PgCoordinationOptions {
  /** Connections for upload locks (each PATCH under way holds one) and rate-limit counts (default 20). */
  max?: number;
  locks?: PgUploadLockerOptions;
  leadership?: PgLeadershipOptions;
}

/** Several processes on one PostgreSQL (`url`, the same DATABASE_URL; its migration 004 applied). */
export async function postgresCoordination(url: string, options: PgCoordinationOptions = {}): Promise<Coordination> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 20, application_name: 'cartable-coordination' });
  pool.on('error', () => undefined); // an idle connection that dies is dropped, not a crash
  const uploadLocker = await new PgUploadLocker(pool, url, options.locks).start();
  const leadership = await PgLeadership.start(url, options.leadership);
  const live = await PgLiveBus.start(url, pool);
  return {
    kind: 'postgres',
    uploadLocker,
    rateLimitStore: pgRateLimitStore(pool),
    leadership,
    live,
    housekeeping: () => purgeExpiredRateLimits(pool),
    async exclusive(name, fn) {
      const client = await pool.connect();
      const key = "hashtextextended('cartable:exclusive:' || $1, 0)";
      try {
        await client.query(`SELECT pg_advisory_lock(${key})`, [name]);
        try {
          return await fn();
        } finally {
          await client.query(`SELECT pg_advisory_unlock(${key})`, [name]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await live.close();
      await leadership.close();
      await uploadLocker.close();
      await pool.end();
    },
  };
}
