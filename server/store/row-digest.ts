/**
 * A SHA-256 over the content of a table, whatever order its rows come in, for
 * `migrate-to-postgres` to check that PostgreSQL holds the same rows as SQLite (not only as
 * many). Each side gives its rows in a canonical form — every value as text, booleans as SQLite
 * writes them ('1'/'0'), JSON as its stored text — and the per-row hashes are added modulo 2^256,
 * so the two sides need not agree on an order (PostgreSQL sorts text by its collation, SQLite by
 * bytes).
 */
import { createHash } from 'node:crypto';

/** One value in the canonical form both dialects can give. */
export type CanonicalValue = string | null;

const MOD = 1n << 256n;

/** The table's digest, one row at a time. */
export class RowDigest {
  private sum = 0n;
  rows = 0;

  /** Adds one row (column name → canonical value); the column order does not matter. */
  add(row: Record<string, CanonicalValue>): void {
    const cells = Object.keys(row).sort().map((k) => [k, row[k] ?? null]);
    const h = createHash('sha256').update(JSON.stringify(cells)).digest('hex');
    this.sum = (this.sum + BigInt(`0x${h}`)) % MOD;
    this.rows++;
  }

  /** The digest so far: 64 hex digits. */
  hex(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}

/** A value as SQLite or pg gives it, in the canonical form (booleans as 1/0, numbers and big integers as decimal text). */
export function canonical(v: unknown): CanonicalValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  return JSON.stringify(v);
}
