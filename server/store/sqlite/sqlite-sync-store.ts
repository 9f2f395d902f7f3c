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
import { serializeChange, withStatementCache, type ChangeRow } from './sqlite-change-serializer.ts';

type Row = Record<string, unknown>;

/** Serialized class content kept in memory (a few MB: ~10 classes' lessons and assignments). */
const CONTENT_CACHE_ENTRIES = 5000;

/** sync_meta key: tombstones with a seq below this value were purged. */
export const PURGE_WATERMARK_KEY = 'tombstones_purged_below_seq';

/** A short tag of a scope set: a cursor is valid only under the scopes it was taken with. */
export const scopesTag = (scopes: string[]) => createHash('sha256').update([...scopes].sort().join('\n')).digest('base64url').slice(0, 8);

export class SqliteSyncStore implements SyncStore {
  constructor(private readonly db: Db) {}

  async push(actor: SyncActor, mutations: Mutation[], at: string): Promise<PushResult[]> {
    const ordered = [...mutations].sort((x, y) => x.seq - y.seq);
    const byId = new Map<string, PushResult>();
    let failure: unknown = null;
    // One commit (one disk sync) per push; each mutation in its own savepoint. If one fails
    // unexpectedly, it leaves no trace, the ones before it commit, and the error answers the
    // request: the tablet retries the batch and gets 'duplicate' for those.
    // IMMEDIATE: the write lock is taken before reading the log, so two copies of one request
    // racing on two connections cannot both apply it.
    this.db.transaction(() => {
      for (const m of ordered) {
        try {
          byId.set(m.mutationId, this.pushOne(actor, m, at));
        } catch (err) {
          failure = err;
          return;
        }
      }
    }).immediate();
    if (failure) throw failure;
    return mutations.map((m) => byId.get(m.mutationId)!);
  }

  private pushOne(actor: SyncActor, m: Mutation, at: string): PushResult {
    const db = this.db;
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
    return run();
  }

  async reportDevice(deviceId: string, appVersion: string, r: DeviceReport, at: string) {
    this.db
      .prepare(
        `UPDATE devices SET app_version = ?, pending_count = ?, pending_bytes = ?, storage_usage = ?, storage_quota = ?, last_sync_at = ? WHERE id = ?`,
      )
      .run(appVersion, r.pendingCount, r.pendingBytes, r.storageUsage, r.storageQuota, at, deviceId);
  }

  async markSynced(deviceId: string, at: string) {
    // To the half-minute: a tablet syncing every few seconds does not cost a disk write each time.
    const before = new Date(Date.parse(at) - 30_000).toISOString();
    this.db.prepare('UPDATE devices SET last_sync_at = ? WHERE id = ? AND (last_sync_at IS NULL OR last_sync_at < ?)').run(at, deviceId, before);
  }

  async pull(studentId: string, cursor: string, limit: number): Promise<PullResponse | 'expired'> {
    const json = await this.pullJson(studentId, cursor, limit);
    return json === 'expired' ? json : (JSON.parse(json) as PullResponse);
  }

  /** The same page as JSON text, assembled from cached per-change JSON (what the route sends). */
  async pullJson(studentId: string, cursor: string, limit: number): Promise<string | 'expired'> {
    const db = withStatementCache(this.db);
    // One read transaction: the page and its serialized entities are one consistent snapshot.
    return db.transaction((): string | 'expired' => {
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
      const tail = (last: number, hasMore: boolean) => `],"cursor":"${last}.${tag}","hasMore":${hasMore}${fromScratch ? `,"scopes":${JSON.stringify(scopes)}` : ''}}`;
      if (scopes.length === 0) return `{"changes":[${tail(after, false)}`;
      const marks = scopes.map(() => '?').join(',');
      // From scratch the tablet holds nothing: tombstones would be wasted bytes.
      const rows = db
        .prepare(
          `SELECT seq, scope, entity, entity_id, op FROM changes WHERE scope IN (${marks}) AND seq > ? ${fromScratch ? "AND op = 'put'" : ''} ORDER BY seq LIMIT ?`,
        )
        .all(...scopes, after, limit + 1) as ChangeRow[];
      const hasMore = rows.length > limit;
      const page = hasMore ? rows.slice(0, limit) : rows;
      const changes = page.map((r) => this.changeJson(db, r));
      // At the end of the log, jump to its head (same snapshot): the cursor then keeps up with
      // the purge watermark even for a student whose scopes are quiet.
      // (sqlite_sequence: the highest seq ever issued, even if that row was since purged.)
      const head = hasMore ? 0 : ((db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck().get() as number | undefined) ?? 0);
      const last = Math.max(page.length ? page[page.length - 1]!.seq : after, head);
      return `{"changes":[${changes.join(',')}${tail(last, hasMore)}`;
    })();
  }

  /**
   * Class content is the same for the whole class: the first tablet's pull serializes it, the
   * other fourteen get the cached text. The key includes the change seq, which every write
   * re-stamps (change-log.ts), so an edited lesson is never served stale.
   */
  private readonly contentCache = new Map<string, string>();

  /** Forgets the serialized content (benchmarks measure a cold server with it). */
  dropCaches() {
    this.contentCache.clear();
  }

  private changeJson(db: Db, r: ChangeRow): string {
    const shared = r.op === 'put' && r.entity !== 'submission' && r.entity !== 'feedback';
    if (!shared) return JSON.stringify(serializeChange(db, r));
    const key = `${r.seq}:${r.entity}:${r.entity_id}`;
    let json = this.contentCache.get(key);
    if (json === undefined) {
      json = JSON.stringify(serializeChange(db, r));
      this.contentCache.set(key, json);
      if (this.contentCache.size > CONTENT_CACHE_ENTRIES) this.contentCache.delete(this.contentCache.keys().next().value!);
    }
    return json;
  }

  async purgeTombstonesBefore(cutoff: string) {
    // seq and `at` grow together (a change is stamped with both when it is written).
    const last = this.db.prepare('SELECT MAX(seq) FROM changes WHERE at < ?').pluck().get(cutoff) as number | null;
    if (last === null) return { removed: 0, watermark: null };
    return { removed: await this.purgeTombstones(last + 1), watermark: last + 1 };
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
