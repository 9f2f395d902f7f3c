/**
 * Rollback safety (issue 16): the tablet database only ever adds versions, and a rollback to
 * a build with an OLDER schema still opens and uses a database a newer build upgraded.
 * IndexedDB refuses to open a lower version (VersionError); Dexie 4 answers that by opening the
 * database at its current version and reading its tables from it, which works because a newer
 * schema only ever adds tables and indexes (src/db/schema.ts, « Versions »). Pinned here on
 * fake-indexeddb; tests/e2e/pwa-rollout.test.ts does it in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { CartableDb } from '../../../src/db/schema.ts';
import { pendingOf } from '../../../src/db/outbox.ts';
import { saveAnswer } from '../../../src/db/work-repository.ts';

/** A newer build's schema: one more version that adds a table and an index (what versions may do). */
class NewerDb extends CartableDb {
  constructor(factory: IDBFactory) {
    super('cartable', { indexedDB: factory, IDBKeyRange });
    this.version(9).stores({ futureNotes: 'id, studentId', work: 'id, studentId, assignmentId, state, updatedAt' });
  }
}

const device = { key: 'device' as const, deviceId: 'd1', deviceToken: 't', schoolId: 's', classId: 'c', name: 'Tablette 3', enrolledAt: '2026-09-01T08:00:00.000Z', nextSeq: 1 };

/** The native IndexedDB version of the stored database. */
const nativeVersion = (factory: IDBFactory) => new Promise<number>((done, fail) => {
  const req = factory.open('cartable');
  req.onsuccess = () => { done(req.result.version); req.result.close(); };
  req.onerror = () => fail(req.error);
});

describe('a rollback build opens the database a newer build upgraded', () => {
  it('reads and writes what the newer build wrote, and the newer build finds everything again', async () => {
    const factory = new IDBFactory();
    const newer = new NewerDb(factory);
    await newer.device.put(device);
    expect((await saveAnswer(newer, 'lea', { id: 'a1', version: 1 }, { questionId: 'q1', text: 'Écrit sous la version 2' })).ok).toBe(true);
    await newer.table('futureNotes').put({ id: 'n1', studentId: 'lea' });
    newer.close();
    expect(await nativeVersion(factory)).toBe(90);

    // The older build (the app's current schema, version 4) opens version 9 without an error.
    const older = new CartableDb('cartable', { indexedDB: factory, IDBKeyRange });
    await older.open();
    expect((await older.work.get('lea:a1'))?.answers).toEqual([{ questionId: 'q1', text: 'Écrit sous la version 2' }]);
    expect((await pendingOf(older, 'lea')).map((o) => o.entityId)).toEqual(['lea:a1']);
    expect((await saveAnswer(older, 'lea', { id: 'a2', version: 1 }, { questionId: 'q1', text: 'Écrit après le retour' })).ok).toBe(true);
    older.close();
    expect(await nativeVersion(factory)).toBe(90); // never lowered

    // Forward again: no upgrade to run, every row (both builds') is there, the newer table too.
    const again = new NewerDb(factory);
    await again.open();
    expect((await again.work.toArray()).map((w) => w.id).sort()).toEqual(['lea:a1', 'lea:a2']);
    expect(await again.table('futureNotes').count()).toBe(1);
    expect(await again.work.where('updatedAt').above('').count()).toBe(2);
    again.close();
  });
});

describe('the tablet database only ever adds versions', () => {
  /** Each declared version's cumulative layout: table → its primary key and indexes, as Dexie holds them. */
  function layouts(db: CartableDb): Array<{ version: number; tables: Map<string, string[]> }> {
    const versions = (db as unknown as { _versions: Array<{ _cfg: { version: number; storesSource: Record<string, string | null> } }> })._versions;
    const tables = new Map<string, string[]>();
    return [...versions].sort((a, b) => a._cfg.version - b._cfg.version).map((v) => {
      for (const [name, spec] of Object.entries(v._cfg.storesSource)) {
        if (spec === null) tables.delete(name);
        else tables.set(name, spec.split(',').map((s) => s.trim()).filter(Boolean));
      }
      return { version: v._cfg.version, tables: new Map(tables) };
    });
  }

  it('no version drops or renames a table, changes a primary key or drops an index an older build reads', () => {
    const all = layouts(new CartableDb('cartable-layout', { indexedDB: new IDBFactory(), IDBKeyRange }));
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < all.length; i++) {
      const before = all[i - 1]!;
      const after = all[i]!;
      for (const [table, specs] of before.tables) {
        const now = after.tables.get(table);
        expect(now, `v${after.version} dropped table ${table}`).toBeDefined();
        expect(now![0], `v${after.version} changed ${table}'s primary key`).toBe(specs[0]);
        for (const index of specs.slice(1)) expect(now, `v${after.version} dropped index ${table}.${index}`).toContain(index);
      }
    }
  });

  it('the guard above sees a version that drops an index', () => {
    class Dropping extends CartableDb {
      constructor() {
        super('cartable-dropping', { indexedDB: new IDBFactory(), IDBKeyRange });
        this.version(50).stores({ work: 'id, studentId, assignmentId' }); // `state` dropped
      }
    }
    const all = layouts(new Dropping());
    expect(all.at(-2)!.tables.get('work')).toContain('state');
    expect(all.at(-1)!.tables.get('work')).not.toContain('state');
  });
});
