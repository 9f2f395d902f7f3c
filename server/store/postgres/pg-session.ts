/**
 * One transaction's connection, as the PostgreSQL repositories see it: typed statements and
 * the transaction-scoped locks that keep read-then-write rules correct with several writers.
 */
import type { PoolClient, QueryResultRow } from 'pg';

/** A statement parameter (pg sends arrays as PostgreSQL arrays). */
export type Param = string | number | boolean | null | string[];

export class PgSession {
  /** `writing`: a write transaction (READ COMMITTED: each statement sees what others committed). */
  constructor(private readonly client: PoolClient, readonly writing: boolean) {}

  async rows<R extends QueryResultRow>(sql: string, params: Param[] = []): Promise<R[]> {
    return (await this.client.query<R>(sql, params)).rows;
  }

  async one<R extends QueryResultRow>(sql: string, params: Param[] = []): Promise<R | null> {
    return (await this.client.query<R>(sql, params)).rows[0] ?? null;
  }

  /** Runs a write; returns how many rows it touched. */
  async run(sql: string, params: Param[] = []): Promise<number> {
    return (await this.client.query(sql, params)).rowCount ?? 0;
  }

  /**
   * In a write transaction, waits until no other transaction holds `key`, then holds it until
   * commit or rollback. A read-then-write rule (has this mutation id been applied? the next
   * revision number, the failure count) takes it before its read: under READ COMMITTED the
   * read then sees whatever the previous holder committed. A no-op in a read.
   */
  async lock(key: string): Promise<void> {
    if (this.writing) await this.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
}
