/**
 * A @fastify/rate-limit store in PostgreSQL, so N server processes share one allowance per
 * address instead of granting N times it (the plugin's default store counts in each process's
 * memory). One row per (route, address): `rate_limits` (migration 004), counted by one
 * upsert statement — no read-then-write, so concurrent requests on any process each get
 * their own count. Time is the database's clock (`statement_timestamp()`), not each process's, so
 * processes whose clocks differ still agree on when a window ends. Windows that ended are
 * deleted by the leader (`purgeExpiredRateLimits`, hourly).
 *
 * The fixed window of the default store, without `continueExceeding` or `exponentialBackoff`
 * (our routes use neither).
 */
import type pg from 'pg';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

const NOW_MS = '(extract(epoch FROM statement_timestamp()) * 1000)::bigint';

const INCR = `
  INSERT INTO rate_limits AS r (key, hits, window_ends)
  VALUES ($1, 1, ${NOW_MS} + $2)
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.window_ends <= ${NOW_MS} THEN 1 ELSE r.hits + 1 END,
    window_ends = CASE WHEN r.window_ends <= ${NOW_MS} THEN ${NOW_MS} + $2 ELSE r.window_ends END
  RETURNING hits, GREATEST(r.window_ends - ${NOW_MS}, 0) AS ttl`;

const READ = `SELECT hits, GREATEST(window_ends - ${NOW_MS}, 0) AS ttl FROM rate_limits WHERE key = $1 AND window_ends > ${NOW_MS}`;

/** Longest key kept (an IPv6 address and a route fit well within it). */
const MAX_KEY = 512;

interface RouteInfo { routeInfo?: { method?: string | string[]; url?: string } }

/** The store class the plugin instantiates (`store:` option), over `pool`. */
export function pgRateLimitStore(pool: pg.Pool): FastifyRateLimitStoreCtor {
  class PgRateLimitStore implements FastifyRateLimitStore {
    constructor(_options: unknown, readonly prefix = 'global|') {}

    incr(key: string, cb: Callback, timeWindow: number, _max: number) {
      pool.query<{ hits: number; ttl: number }>(INCR, [(this.prefix + key).slice(0, MAX_KEY), Math.max(1, Math.trunc(timeWindow))]).then(
        (r) => cb(null, { current: Number(r.rows[0]!.hits), ttl: Number(r.rows[0]!.ttl) }),
        (err: Error) => cb(err),
      );
    }

    /** The count without counting (the plugin's `increment: false`). */
    read(key: string, cb: Callback) {
      pool.query<{ hits: number; ttl: number }>(READ, [(this.prefix + key).slice(0, MAX_KEY)]).then(
        (r) => cb(null, r.rows[0] ? { current: Number(r.rows[0].hits), ttl: Number(r.rows[0].ttl) } : { current: 0, ttl: 0 }),
        (err: Error) => cb(err),
      );
    }

    /** A route's own counters: the route in the key, as the plugin's Redis store does. */
    child(routeOptions: unknown): FastifyRateLimitStore {
      const info = (routeOptions as RouteInfo).routeInfo ?? {};
      const method = Array.isArray(info.method) ? info.method.join(',') : (info.method ?? '');
      return new PgRateLimitStore(undefined, `${method} ${info.url ?? ''}|`);
    }
  }
  return PgRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}

/** Deletes the rows of windows that ended (the leader runs it hourly); returns how many. */
export async function purgeExpiredRateLimits(pool: pg.Pool): Promise<number> {
  const r = await pool.query(`DELETE FROM rate_limits WHERE window_ends <= ${NOW_MS}`);
  return r.rowCount ?? 0;
}
