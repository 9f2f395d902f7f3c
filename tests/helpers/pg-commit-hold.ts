/**
 * Makes a PostgreSQL race certain rather than likely: a deferred constraint trigger (created by
 * the test) holds a chosen transaction INSIDE its COMMIT — after everything it wrote — until the
 * test releases it; meanwhile the other writers run. Used by the concurrent-writers and the
 * build-registration tests.
 */
import type pg from 'pg';

export interface CommitHold {
  /** Until `release()`, a transaction that wrote a row of `table` whose `column` is `value` waits inside its COMMIT. */
  hold(table: string, column: string, value: string, events?: string): Promise<{ release(): Promise<void> }>;
  /** Resolves once `n` transactions of the database wait for a lock, or `p` settles (whichever first); fails after 10 s. */
  untilWaiting(n: number, p?: Promise<unknown>): Promise<void>;
  /** Transactions of this database now waiting for a lock. */
  waiting(): Promise<number>;
}

/** Creates the trigger function on `admin`'s database; `key` is the advisory lock the held transactions wait for. */
export async function commitHold(admin: pg.Client, key: number): Promise<CommitHold> {
  await admin.query(`CREATE FUNCTION test_hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF to_jsonb(NEW) ->> TG_ARGV[0] = TG_ARGV[1] THEN PERFORM pg_advisory_xact_lock_shared(${key}); END IF;
      RETURN NULL;
    END $$`);
  const waiting = async () => {
    const r = await admin.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    return r.rows[0]?.n ?? 0;
  };
  return {
    waiting,
    async hold(table, column, value, events = 'INSERT OR UPDATE') {
      await admin.query('SELECT pg_advisory_lock($1)', [key]);
      await admin.query(`CREATE CONSTRAINT TRIGGER test_hold AFTER ${events} ON ${table} DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION test_hold_commit('${column}', '${value}')`);
      return {
        async release() {
          await admin.query('SELECT pg_advisory_unlock($1)', [key]);
          await admin.query(`DROP TRIGGER test_hold ON ${table}`);
        },
      };
    },
    async untilWaiting(n, p) {
      let settled = false;
      void p?.then(() => { settled = true; }, () => { settled = true; });
      const deadline = Date.now() + 10_000;
      while (!settled && (await waiting()) < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} transactions waiting for a lock`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
