/**
 * One transaction's connection, as the PostgreSQL repositories see it: typed statements and
 * the transaction-scoped locks that keep read-then-write rules correct with several writers.
 *
 * A write transaction sends its BEGIN with its first statement that is not a plain read — a
 * write, a row lock (FOR UPDATE/SHARE), an advisory lock, anything else — and not before. Until
 * then its plain SELECTs run on their own: under READ COMMITTED each statement takes its own
 * snapshot inside a transaction too, and a plain SELECT holds no lock, so they read exactly the
 * same; what they save is the BEGIN and COMMIT of a write transaction that turned out to write
 * nothing (a sign-in check whose last-contact stamp is fresh: two round trips of a pull's five).
 * A read transaction (REPEATABLE READ: one snapshot for all its statements) begins at once.
 */
import type { PoolClient, QueryResultRow } from 'pg';

/** A statement parameter (pg sends arrays as PostgreSQL arrays). */
export type Param = string | number | boolean | null | string[];

/** A SELECT that changes nothing and locks nothing (no row lock, no function with effects). */
const PLAIN_READ = /^\s*SELECT\b/i;
const NOT_PLAIN = /\bFOR\s+(NO\s+KEY\s+|KEY\s+)?(UPDATE|SHARE)\b|\bINTO\b|pg_advisory|nextval|setval|pg_notify|set_config|txid_current|pg_current_xact_id/i;

export class PgSession {
  private begun: boolean;
  /** BEGIN was sent and failed: the connection's state is unknown (it is closed, not reused). */
  broken = false;

  /**
   * `writing`: a write transaction (READ COMMITTED: each statement sees what others committed).
   * `begin`: its BEGIN statement, sent before the first statement that needs it; null when the
   * caller has begun the transaction already.
   */
  constructor(private readonly client: PoolClient, readonly writing: boolean, private readonly begin: string | null = null) {
    this.begun = begin === null;
  }

  /** Whether BEGIN was sent (so COMMIT or ROLLBACK must be). */
  get inTransaction(): boolean {
    return this.begun;
  }

  /** Sends BEGIN if it was not sent yet. */
  async ensureBegun(): Promise<void> {
    if (this.begun) return;
    try {
      await this.client.query(this.begin!);
    } catch (err) {
      this.broken = true;
      throw err;
    }
    this.begun = true;
  }

  private async before(sql: string): Promise<void> {
    if (!this.begun && !(PLAIN_READ.test(sql) && !NOT_PLAIN.test(sql))) await this.ensureBegun();
  }

  async rows<R extends QueryResultRow>(sql: string, params: Param[] = []): Promise<R[]> {
    await this.before(sql);
    return (await this.client.query<R>(sql, params)).rows;
  }

  async one<R extends QueryResultRow>(sql: string, params: Param[] = []): Promise<R | null> {
    await this.before(sql);
    return (await this.client.query<R>(sql, params)).rows[0] ?? null;
  }

  /** Runs a write; returns how many rows it touched. */
  async run(sql: string, params: Param[] = []): Promise<number> {
    await this.ensureBegun();
    return (await this.client.query(sql, params)).rowCount ?? 0;
  }

  /**
   * In a write transaction, waits until no other transaction holds `key`, then holds it until
   * commit or rollback. A read-then-write rule (has this mutation id been applied? the next
   * revision number, the failure count) takes it before its read: under READ COMMITTED the
   * read then sees whatever the previous holder committed. A no-op in a read.
   */
  async lock(key: string): Promise<void> {
    if (!this.writing) return;
    await this.ensureBegun();
    await this.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
}
