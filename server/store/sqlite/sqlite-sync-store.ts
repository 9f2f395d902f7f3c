/**
 * Sync storage on SQLite: exactly-once push and cursor pull.
 *
 * Exactly once on SHARED tablets (an improvement on "seq <= lastSeq[device] → duplicate"):
 * a tablet pushes per student session, each with its own token, so the seqs of different
 * students on one device reach the server interleaved and out of order (Léa's seq 7 may be
 * pushed before Tom's seq 5, which was waiting for Tom to sign in again). A seq watermark
 * would then wrongly call Tom's unsent work a duplicate and drop it. So the deduplication key
 * is the random `mutationId` (unique index on device_mutations.mutation_id): the first result
 * is stored in the same transaction as the write and its change-log rows, and any retry, from
 * a lost response or a request sent twice at once, gets that first result back. The seq still
 * orders one device's mutations (a batch is applied in seq order) and is kept in the log.
 *
 * Pull: the cursor is `<seq>.<scopesTag>`; `changes` holds one row per (scope, entity), so a
 * page is `scope IN (student's scopes) AND seq > cursor ORDER BY seq` on the (scope, seq)
 * index: a no-change pull costs one index probe per scope, whatever the history size and the
 * other classes' traffic. A cursor older than the tombstone purge watermark, or taken under
 * another set of scopes (the student changed group), is expired (410): the tablet resyncs.
 */
import { createHash } from 'node:crypto';
import type { Db } from './database.ts';
import type { SyncActor, SyncStore } from '../sync-store.ts';
import type { DeviceReport, Mutation, MutationResult, PullResponse, PushResult } from '../../../src/protocol/sync.ts';
import { applyWorkMutation } from './sqlite-work-mutations.ts';
import { studentScopes } from './serializers.ts';
import { serializeChange, type ChangeRow } from './sqlite-change-serializer.ts';

type Row = Record<string, unknown>;

/** sync_meta key: tombstones with a seq below this value were purged. */
export const PURGE_WATERMARK_KEY = 'tombstones_purged_below_seq';

/** A short tag of a scope set: a cursor is valid only under the scopes it was taken with. */
export const scopesTag = (scopes: string[]) => createHash('sha256').update([...scopes].sort().join('\n')).digest('base64url').slice(0, 8);

export class SqliteSyncStore implements SyncStore {
  constructor(private readonly db: Db) {}

  async push(actor: SyncActor, mutations: Mutation[], at: string): Promise<PushResult[]> {
    const ordered = [...mutations].sort((x, y) => x.seq - y.seq);
    const byId = new Map<string, PushResult>();
    for (const m of ordered) byId.set(m.mutationId, this.pushOne(actor, m, at));
    return mutations.map((m) => byId.get(m.mutationId)!);
  }

  private pushOne(actor: SyncActor, m: Mutation, at: string): PushResult {
    const db = this.db;
    // IMMEDIATE: take the write lock before reading the log, so two copies of one request
    // racing on two connections cannot both apply it.
    const run = db.transaction((): PushResult => {
      const prev = db.prepare('SELECT device_id, result_json FROM device_mutations WHERE mutation_id = ?').get(m.mutationId) as Row | undefined;
      if (prev) {
        const stored = JSON.parse(prev.result_json as string) as { studentId: string; result: MutationResult };
        if (prev.device_id !== actor.deviceId || stored.studentId !== actor.studentId) {
          return { status: 'rejected', mutationId: m.mutationId, code: 'mutation_id_reused', message: 'Cet envoi porte un identifiant déjà utilisé par un autre appareil.' };
        }
        return { status: 'duplicate', mutationId: m.mutationId, first: stored.result };
      }
      const seqTaken = db.prepare('SELECT 1 FROM device_mutations WHERE device_id = ? AND seq = ?').get(actor.deviceId, m.seq);
      if (seqTaken) {
        return { status: 'rejected', mutationId: m.mutationId, code: 'seq_reused', message: 'Numéro d’envoi déjà utilisé sur cette tablette : demande de l’aide à l’enseignant.' };
      }
      const result = applyWorkMutation(db, actor, m, at);
      db.prepare('INSERT INTO device_mutations (device_id, seq, mutation_id, result_json, applied_at) VALUES (?, ?, ?, ?, ?)').run(
        actor.deviceId, m.seq, m.mutationId, JSON.stringify({ studentId: actor.studentId, result }), at,
      );
      return result;
    });
    return run.immediate();
  }

  async reportDevice(deviceId: string, appVersion: string, r: DeviceReport, at: string) {
    this.db
      .prepare(
        `UPDATE devices SET app_version = ?, pending_count = ?, pending_bytes = ?, storage_usage = ?, storage_quota = ?, last_sync_at = ? WHERE id = ?`,
      )
      .run(appVersion, r.pendingCount, r.pendingBytes, r.storageUsage, r.storageQuota, at, deviceId);
  }

  async markSynced(deviceId: string, at: string) {
    this.db.prepare('UPDATE devices SET last_sync_at = ? WHERE id = ?').run(at, deviceId);
  }

  async pull(studentId: string, cursor: string, limit: number): Promise<PullResponse | 'expired'> {
    const db = this.db;
    // One read transaction: the page and its serialized entities are one consistent snapshot.
    return db.transaction((): PullResponse | 'expired' => {
      const scopes = studentScopes(db, studentId);
      const tag = scopesTag(scopes);
      const fromScratch = cursor === '';
      let after = 0;
      if (!fromScratch) {
        const [seqText, cursorTag] = cursor.split('.');
        after = Number(seqText);
        if (!Number.isSafeInteger(after) || cursorTag !== tag) return 'expired';
        const watermark = Number((db.prepare('SELECT value FROM sync_meta WHERE key = ?').pluck().get(PURGE_WATERMARK_KEY) as string | undefined) ?? 0);
        if (after + 1 < watermark) return 'expired';
      }
      if (scopes.length === 0) return { changes: [], cursor: `${after}.${tag}`, hasMore: false, ...(fromScratch ? { scopes } : {}) };
      const marks = scopes.map(() => '?').join(',');
      // From scratch the tablet holds nothing: tombstones would be wasted bytes.
      const rows = db
        .prepare(
          `SELECT seq, scope, entity, entity_id, op FROM changes WHERE scope IN (${marks}) AND seq > ? ${fromScratch ? "AND op = 'put'" : ''} ORDER BY seq LIMIT ?`,
        )
        .all(...scopes, after, limit + 1) as ChangeRow[];
      const hasMore = rows.length > limit;
      const page = hasMore ? rows.slice(0, limit) : rows;
      const changes = page.map((r) => serializeChange(db, r));
      // At the end of the log, jump to its head (same snapshot): the cursor then keeps up with
      // the purge watermark even for a student whose scopes are quiet.
      // (sqlite_sequence: the highest seq ever issued, even if that row was since purged.)
      const head = hasMore ? 0 : ((db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck().get() as number | undefined) ?? 0);
      const last = Math.max(page.length ? page[page.length - 1]!.seq : after, head);
      return { changes, cursor: `${last}.${tag}`, hasMore, ...(fromScratch ? { scopes } : {}) };
    })();
  }

  async purgeTombstones(belowSeq: number) {
    const db = this.db;
    return db.transaction(() => {
      const n = db.prepare("DELETE FROM changes WHERE op = 'delete' AND seq < ?").run(belowSeq).changes;
      const prev = Number((db.prepare('SELECT value FROM sync_meta WHERE key = ?').pluck().get(PURGE_WATERMARK_KEY) as string | undefined) ?? 0);
      db.prepare('INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
        PURGE_WATERMARK_KEY, String(Math.max(prev, belowSeq)),
      );
      return n;
    })();
  }
}
