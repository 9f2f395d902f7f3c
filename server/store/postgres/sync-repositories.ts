/**
 * PostgreSQL: the change log the tablets pull and the log of applied mutations (exactly once).
 *
 * Gap-free cursors (SYNC.md invariant 7). A PostgreSQL sequence is taken at insert, not at
 * commit: T1 takes seq 1, T2 takes seq 2 and commits, a pull serves 2 and its cursor passes 1
 * for good. So a seq is not taken when a service writes a change: `put`/`remove` only note it
 * in the transaction, and `flush` (called by PostgresDatabase just before COMMIT) stamps them
 * all in one statement that first increments the one-row `change_log_head`. That row stays
 * locked until COMMIT, so the next change-log writer takes its seqs only once this one is
 * visible: commits happen in seq order, and any snapshot that sees seq n sees every committed
 * seq below it. The lock is held for the flush and the COMMIT only (never while a service
 * works), and it is always the last lock a transaction takes, so it cannot deadlock.
 */
import type { PgSession } from './pg-session.ts';
import type { ChangeLogRepository, MutationLogRepository } from '../repositories.ts';
import type { AppliedMutationRecord, ChangeEntity, ChangeRecord, Scope } from '../records.ts';

/** sync_meta key: tombstones with a seq below this value were purged. */
export const PURGE_WATERMARK_KEY = 'tombstones_purged_below_seq';

interface ChangeRow {
  seq: number;
  scope: string;
  entity: ChangeEntity;
  entity_id: string;
  op: 'put' | 'delete';
}

interface PendingChange {
  scope: Scope;
  entity: ChangeEntity;
  entityId: string;
  op: 'put' | 'delete';
  at: string;
}

export class PgChangeLogRepository implements ChangeLogRepository {
  /** This transaction's changes, in the order they were written, stamped at commit. */
  private pending: PendingChange[] = [];
  constructor(private readonly db: PgSession) {}

  async put(scope: Scope, entity: ChangeEntity, entityId: string, at: string) {
    this.pending.push({ scope, entity, entityId, op: 'put', at });
  }
  async remove(scope: Scope, entity: ChangeEntity, entityId: string, at: string) {
    this.pending.push({ scope, entity, entityId, op: 'delete', at });
  }

  /** Where a savepoint starts; `rewind` to it forgets what was written after. */
  mark(): number {
    return this.pending.length;
  }
  rewind(mark: number) {
    this.pending.length = mark;
  }

  /**
   * Stamps the noted changes with fresh seqs, in the order they were written (a row written
   * twice keeps its last state and place). Runs last in the transaction, just before COMMIT.
   */
  async flush(): Promise<void> {
    const last = new Map<string, PendingChange>();
    for (const c of this.pending) {
      const key = `${c.scope}\n${c.entity}\n${c.entityId}`;
      last.delete(key);
      last.set(key, c);
    }
    this.pending = [];
    if (last.size === 0) return;
    const rows = [...last.values()];
    await this.db.run(
      `WITH head AS (UPDATE change_log_head SET seq = seq + $1::integer WHERE id = 1 RETURNING seq - $1::integer AS base)
       INSERT INTO changes (seq, scope, entity, entity_id, op, at)
       SELECT head.base + c.n, c.scope, c.entity, c.entity_id, c.op, c.at
         FROM head, unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS c(scope, entity, entity_id, op, at, n)
       ON CONFLICT (scope, entity, entity_id) DO UPDATE SET seq = excluded.seq, op = excluded.op, at = excluded.at`,
      [rows.length, rows.map((c) => c.scope), rows.map((c) => c.entity), rows.map((c) => c.entityId), rows.map((c) => c.op), rows.map((c) => c.at)],
    );
  }

  async page(scopes: string[], afterSeq: number, limit: number, putsOnly: boolean): Promise<ChangeRecord[]> {
    if (scopes.length === 0) return [];
    const rows = await this.db.rows<ChangeRow>(
      `SELECT seq, scope, entity, entity_id, op FROM changes WHERE scope = ANY($1::text[]) AND seq > $2 ${putsOnly ? "AND op = 'put'" : ''} ORDER BY seq LIMIT $3`,
      [scopes, afterSeq, limit],
    );
    return rows.map((r) => ({ seq: r.seq, scope: r.scope, entity: r.entity, entityId: r.entity_id, op: r.op }));
  }

  async head() {
    // The highest seq ever committed (even if that row was since purged), in this snapshot.
    return (await this.db.one<{ seq: number }>('SELECT seq FROM change_log_head WHERE id = 1'))?.seq ?? 0;
  }
  async lastSeqBefore(at: string) {
    return (await this.db.one<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM changes WHERE at < $1', [at]))?.seq ?? null;
  }
  async purgeTombstonesBelow(seq: number) {
    // Under the head's lock too, so that a purge and a flush never wait for each other's rows.
    await this.db.run('SELECT 1 FROM change_log_head WHERE id = 1 FOR UPDATE');
    return this.db.run("DELETE FROM changes WHERE op = 'delete' AND seq < $1", [seq]);
  }
  async purgeWatermark() {
    return Number((await this.db.one<{ value: string }>('SELECT value FROM sync_meta WHERE key = $1', [PURGE_WATERMARK_KEY]))?.value ?? 0);
  }
  async setPurgeWatermark(seq: number) {
    await this.db.run('INSERT INTO sync_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [PURGE_WATERMARK_KEY, String(seq)]);
  }
}

export class PgMutationLogRepository implements MutationLogRepository {
  constructor(private readonly db: PgSession) {}
  async byMutationId(mutationId: string): Promise<AppliedMutationRecord | null> {
    // Exactly once with several writers: a second push of this id waits here until the first
    // commits, then reads its result (READ COMMITTED) and answers 'duplicate'.
    await this.db.lock(`mutation:${mutationId}`);
    const r = await this.db.one<{ device_id: string; seq: number; mutation_id: string; result_json: string }>(
      'SELECT device_id, seq, mutation_id, result_json FROM device_mutations WHERE mutation_id = $1', [mutationId],
    );
    return r ? { deviceId: r.device_id, seq: r.seq, mutationId: r.mutation_id, resultJson: r.result_json } : null;
  }
  async seqTaken(deviceId: string, seq: number) {
    await this.db.lock(`device-seq:${deviceId}:${seq}`);
    return (await this.db.one('SELECT 1 AS one FROM device_mutations WHERE device_id = $1 AND seq = $2', [deviceId, seq])) !== null;
  }
  async insert(m: AppliedMutationRecord & { at: string }) {
    await this.db.run(
      'INSERT INTO device_mutations (device_id, seq, mutation_id, result_json, applied_at) VALUES ($1, $2, $3, $4, $5)',
      [m.deviceId, m.seq, m.mutationId, m.resultJson, m.at],
    );
  }
}
