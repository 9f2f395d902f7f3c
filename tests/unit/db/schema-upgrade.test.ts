import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { CartableDb, outboxBytes } from '../../../src/db/schema.ts';
import { hasUnacknowledged, pendingOf } from '../../../src/db/outbox.ts';
import { waitingSummary } from '../../../src/db/sync-repository.ts';
import { saveAnswer } from '../../../src/db/work-repository.ts';

/** The v1 layout exactly as the first release shipped it (frozen history: never edit). */
const V1_STORES = {
  device: 'key',
  localSessions: 'studentId, classId',
  classes: 'id',
  groups: 'id, classId, *studentIds',
  students: 'id, classId',
  lessons: 'id, classId, groupId',
  assignments: 'id, classId, groupId',
  submissions: 'id, studentId, assignmentId, [studentId+assignmentId]',
  feedback: 'id, studentId, submissionId, assignmentId',
  work: 'id, studentId, assignmentId, state',
  attachments: 'id, studentId, assignmentId, upload',
  outbox: 'seq, &mutationId, studentId, state',
  syncState: 'studentId',
  uploadUrls: 'attachmentId, fingerprint',
};

/** The v2 changes exactly as shipped (frozen history: never edit). */
const V2_STORES = {
  attachments: 'id, studentId, assignmentId, upload, [studentId+upload]',
  outbox: 'seq, &mutationId, studentId, state, [studentId+state], [studentId+entityId]',
};

const T0 = '2026-09-14T07:55:00.000Z';
const T1 = '2026-09-14T08:10:00.000Z';
const PHOTO = Uint8Array.from({ length: 3000 }, (_, i) => (i * 37 + 11) % 256);
const payload = (text: string) => ({ assignmentId: 'a1', assignmentVersion: 2, answers: [{ questionId: 'q1', text }], clientAt: T1 });
const question = { id: 'q1', kind: 'text', prompt: 'Décris la photo.', points: 4 };
const revision = { id: 'r1', number: 1, kind: 'submit', answers: [{ questionId: 'q1', text: 'Un volcan' }], assignmentVersion: 2, deviceId: 'd1', createdAt: T0 };

/** One realistic row per table, as the v1 code wrote them (v1 work and outbox rows lack the later fields). */
function v1Rows(): Record<keyof typeof V1_STORES, Record<string, unknown>[]> {
  return {
    device: [{ key: 'device', deviceId: 'd1', deviceToken: 'dev-token', schoolId: 's1', classId: 'c1', name: 'Tablette 7', enrolledAt: T0, nextSeq: 9 }],
    localSessions: [
      { studentId: 'lea', classId: 'c1', firstName: 'Léa', lastName: 'Martin', token: 'tok-lea', expiresAt: '2026-09-21T07:55:00.000Z', verifier: { salt: 'c2FsdA', hash: 'aGFzaA', iterations: 100000 }, lastSignInAt: T0, failedAttempts: 0, lockedUntil: null },
      { studentId: 'tom', classId: 'c1', firstName: 'Tom', lastName: 'Petit', token: null, expiresAt: null, verifier: null, lastSignInAt: T0, failedAttempts: 2, lockedUntil: null },
    ],
    classes: [{ id: 'c1', name: '5e B', archived: false }],
    groups: [{ id: 'g1', classId: 'c1', name: 'Groupe A', studentIds: ['lea', 'tom'] }],
    students: [
      { id: 'lea', classId: 'c1', firstName: 'Léa', lastName: 'Martin', archived: false },
      { id: 'tom', classId: 'c1', firstName: 'Tom', lastName: 'Petit', archived: false },
    ],
    lessons: [{ id: 'l1', classId: 'c1', groupId: null, title: 'Les volcans', bodyMarkdown: '# Les volcans', media: [], version: 1, status: 'published', publishedAt: T0, updatedAt: T0, scope: 'class:c1' }],
    assignments: [{ id: 'a1', classId: 'c1', groupId: 'g1', title: 'Photo du cahier', instructionsMarkdown: 'Photographie ta page.', dueAt: null, questions: [question], version: 2, status: 'published', publishedAt: T0, updatedAt: T0, scope: 'group:g1' }],
    submissions: [{ id: 'sub1', assignmentId: 'a1', studentId: 'tom', state: 'submitted', latest: revision, submitted: revision, submittedAt: T0, late: false, resubmitted: false, complete: true, version: 3, updatedAt: T0 }],
    feedback: [{ id: 'f1', submissionId: 'sub1', assignmentId: 'a1', studentId: 'tom', perQuestion: [{ questionId: 'q1', comment: 'Bien vu', points: 3 }], comment: 'Bon travail', mark: 3, maxMark: 4, returnedAt: T1, version: 1, updatedAt: T1 }],
    work: [
      { id: 'lea:a1', studentId: 'lea', assignmentId: 'a1', answers: [{ questionId: 'q1', text: 'Un volcan', attachmentIds: ['att1'] }], assignmentVersion: 2, state: 'submitting', updatedAt: T1, submittedAt: T1, receivedAt: null, needsAttention: null },
      { id: 'tom:a1', studentId: 'tom', assignmentId: 'a1', answers: [{ questionId: 'q1', text: 'Un volcan' }], assignmentVersion: 2, state: 'received', updatedAt: T0, submittedAt: T0, receivedAt: T0, needsAttention: null },
    ],
    attachments: [
      { id: 'att1', studentId: 'lea', assignmentId: 'a1', questionId: 'q1', kind: 'photo', mime: 'image/jpeg', size: PHOTO.length, sha256: 'ab'.repeat(32), blob: new Blob([PHOTO], { type: 'image/jpeg' }), createdAt: T1, upload: 'uploading', uploadedBytes: 1000, error: null, deleted: false },
      { id: 'att2', studentId: 'tom', assignmentId: 'a1', questionId: 'q1', kind: 'photo', mime: 'image/jpeg', size: 500, sha256: 'cd'.repeat(32), blob: new Blob([PHOTO.slice(0, 500)], { type: 'image/jpeg' }), createdAt: T0, upload: 'pending', uploadedBytes: 0, error: null, deleted: false },
    ],
    outbox: [
      // Interleaved students and states, out of insertion order: the index must still give seq order.
      { seq: 8, mutationId: 'm8', studentId: 'lea', type: 'work.submit', entityId: 'lea:a1', baseVersion: null, payload: payload('Un volcan'), attachmentIds: ['att1'], createdAt: T1, state: 'pending', attempts: 0, lastError: null },
      { seq: 5, mutationId: 'm5', studentId: 'lea', type: 'work.save', entityId: 'lea:a1', baseVersion: null, payload: payload('Un volc'), attachmentIds: ['att1'], createdAt: T0, state: 'pending', attempts: 1, lastError: null },
      { seq: 6, mutationId: 'm6', studentId: 'tom', type: 'work.save', entityId: 'tom:a1', baseVersion: 3, payload: payload('Autre'), attachmentIds: [], createdAt: T0, state: 'pending', attempts: 0, lastError: null },
      { seq: 4, mutationId: 'm4', studentId: 'lea', type: 'work.save', entityId: 'lea:a0', baseVersion: 1, payload: payload('refusé'), attachmentIds: [], createdAt: T0, state: 'rejected', attempts: 1, lastError: 'Devoir retiré' },
      // Written by the sync code between its release and v2 (same v1 schema): keeps its own size.
      { seq: 7, mutationId: 'm7', studentId: 'lea', type: 'work.save', entityId: 'lea:a2', baseVersion: null, payload: payload('déjà mesuré'), attachmentIds: [], createdAt: T1, state: 'pending', attempts: 0, lastError: null, sending: false, bytes: 123 },
    ],
    syncState: [
      { studentId: 'lea', cursor: '42.k3', lastSyncAt: T0, lastError: null },
      { studentId: '*', cursor: null, lastSyncAt: T0, lastError: 'Le serveur de l’école ne répond pas.' },
    ],
    uploadUrls: [{ attachmentId: 'att1', fingerprint: 'cartable-att1', uploadUrl: 'https://ecole.example/api/uploads/u1', createdAt: T1 }],
  };
}

const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

async function writeV1(factory: IDBFactory, name: string) {
  const v1 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
  v1.version(1).stores(V1_STORES);
  const rows = v1Rows();
  await v1.transaction('rw', v1.tables, async () => {
    for (const [table, list] of Object.entries(rows)) await v1.table(table).bulkAdd(list);
  });
  expect(v1.verno).toBe(1);
  v1.close();
  return rows;
}

describe('schema upgrade v1 → current', () => {
  it('keeps every row of a v1 tablet intact, backfills what v1 rows lack, and the new indexes answer', async () => {
    const factory = new IDBFactory();
    const before = await writeV1(factory, 'cartable');

    const db = new CartableDb('cartable', { indexedDB: factory, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(5);

    // Every table except those the upgrade rewrites: exactly the v1 rows (Blobs compared by bytes below).
    for (const table of ['device', 'localSessions', 'classes', 'groups', 'students', 'lessons', 'assignments', 'submissions', 'feedback', 'syncState', 'uploadUrls'] as const) {
      const key = db.table(table).schema.primKey.keyPath as string;
      const sorted = (list: Record<string, unknown>[]) => [...list].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
      expect(sorted(await db.table(table).toArray()), table).toEqual(sorted(before[table]));
    }
    const atts = await db.attachments.orderBy('id').toArray();
    expect(atts.map(({ blob: _b, ...rest }) => rest)).toEqual(before.attachments.map(({ blob: _b, ...rest }) => rest));
    for (const [i, a] of atts.entries()) {
      expect(a.blob).toBeInstanceOf(Blob);
      expect(a.blob.type).toBe('image/jpeg');
      expect(await bytesOf(a.blob)).toEqual(await bytesOf(before.attachments[i]!.blob as Blob));
    }

    // The backfill: v1 work rows get null codes/params/versions (and lose the sentence field), v1 outbox rows their size and
    // sending=false (a size already there stays), a refused entry's sentence becomes the generic code.
    expect(await db.work.orderBy('id').toArray()).toEqual(
      before.work.map(({ needsAttention: _n, ...w }) => ({ ...w, needsAttentionCode: null, needsAttentionParams: null, serverVersion: null })),
    );
    const outbox = await db.outbox.toArray();
    expect(outbox.map((o) => o.seq)).toEqual([4, 5, 6, 7, 8]);
    for (const o of outbox) {
      const old = before.outbox.find((x) => x.seq === o.seq)!;
      expect(o).toEqual({
        ...old, sending: false, bytes: (old.bytes as number | undefined) ?? outboxBytes(old.payload),
        lastError: old.state === 'rejected' ? 'unknown' : null, lastErrorParams: null,
      });
    }
    expect(outbox.find((o) => o.seq === 7)!.bytes).toBe(123);
    expect(outbox.find((o) => o.seq === 5)!.bytes).toBe(JSON.stringify(payload('Un volc')).length);

    // The v2 indexes answer on upgraded rows.
    expect((await pendingOf(db, 'lea')).map((o) => o.seq)).toEqual([5, 7, 8]);
    expect((await pendingOf(db, 'tom')).map((o) => o.seq)).toEqual([6]);
    expect(await db.outbox.where('[studentId+entityId]').equals(['lea', 'lea:a1']).primaryKeys()).toEqual([5, 8]);
    expect(await hasUnacknowledged(db, 'lea', 'lea:a0')).toBe(true);
    expect(await hasUnacknowledged(db, 'tom', 'lea:a1')).toBe(false);
    expect(await db.attachments.where('[studentId+upload]').equals(['lea', 'uploading']).primaryKeys()).toEqual(['att1']);
    // "Waiting" counts the v1 entries' backfilled sizes (it read 0 bytes for them before v2).
    const leaBytes = outboxBytes(payload('Un volc')) + 123 + outboxBytes(payload('Un volcan'));
    expect(await waitingSummary(db, 'lea')).toEqual({ items: 4, bytes: leaBytes + PHOTO.length - 1000, works: 2 });
    expect(await waitingSummary(db, 'tom')).toEqual({ items: 2, bytes: outboxBytes(payload('Autre')) + 500, works: 1 });

    // The app carries on: a new save coalesces the v1 pending save of the same work (found through the new index).
    const saved = await saveAnswer(db, 'lea', { id: 'a2', version: 2 }, { questionId: 'q1', text: 'nouveau' });
    expect(saved.ok).toBe(true);
    expect((await pendingOf(db, 'lea')).map((o) => [o.seq, o.entityId])).toEqual([[5, 'lea:a1'], [8, 'lea:a1'], [9, 'lea:a2']]);
    db.close();

    // Opening again (already current) runs no upgrade and changes nothing.
    const again = new CartableDb('cartable', { indexedDB: factory, IDBKeyRange });
    expect((await again.outbox.get(9))?.payload).toMatchObject({ answers: [{ questionId: 'q1', text: 'nouveau' }] });
    expect(await bytesOf((await again.attachments.get('att1'))!.blob)).toEqual(PHOTO);
    again.close();
  });

  it('upgrades an empty v1 database (a tablet enrolled but never used)', async () => {
    const factory = new IDBFactory();
    const v1 = new Dexie('empty', { indexedDB: factory, IDBKeyRange });
    v1.version(1).stores(V1_STORES);
    await v1.open();
    v1.close();
    const db = new CartableDb('empty', { indexedDB: factory, IDBKeyRange });
    expect(await db.outbox.count()).toBe(0);
    expect(db.verno).toBe(5);
    expect(await pendingOf(db, 'lea')).toEqual([]);
    db.close();
  });

  it('v2 → v3: a work that needs attention keeps the server’s code (the sentence goes), a sentence without a code reads as the calm generic one', async () => {
    const factory = new IDBFactory();
    const v2 = new Dexie('v2', { indexedDB: factory, IDBKeyRange });
    v2.version(1).stores(V1_STORES);
    v2.version(2).stores(V2_STORES);
    const base = { answers: [{ questionId: 'q1', text: 'Gardé' }], assignmentVersion: 1, state: 'draft', updatedAt: T0, submittedAt: null, receivedAt: null, serverVersion: 2 };
    await v2.table('work').bulkAdd([
      { ...base, id: 'lea:a1', studentId: 'lea', assignmentId: 'a1', needsAttention: 'Ce devoir n’est plus disponible.', needsAttentionCode: 'assignment_unavailable' },
      { ...base, id: 'lea:a2', studentId: 'lea', assignmentId: 'a2', needsAttention: 'Refusé pour une raison ancienne.', needsAttentionCode: null },
      { ...base, id: 'lea:a3', studentId: 'lea', assignmentId: 'a3', needsAttention: null, needsAttentionCode: null },
    ]);
    await v2.table('outbox').bulkAdd([
      { seq: 1, mutationId: 'm1', studentId: 'lea', type: 'work.submit', entityId: 'lea:a1', baseVersion: 2, payload: payload('Gardé'), attachmentIds: [], createdAt: T0, state: 'rejected', attempts: 1, lastError: 'Ce devoir n’est plus disponible.', sending: false, bytes: 10 },
      { seq: 2, mutationId: 'm2', studentId: 'lea', type: 'work.save', entityId: 'lea:a3', baseVersion: 2, payload: payload('Gardé'), attachmentIds: [], createdAt: T0, state: 'pending', attempts: 0, lastError: null, sending: false, bytes: 10 },
    ]);
    v2.close();

    const db = new CartableDb('v2', { indexedDB: factory, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(5);
    const work = await db.work.orderBy('id').toArray();
    expect(work.map((w) => [w.id, w.needsAttentionCode, w.needsAttentionParams])).toEqual([
      ['lea:a1', 'assignment_unavailable', null],
      ['lea:a2', 'unknown', null],
      ['lea:a3', null, null],
    ]);
    for (const w of work) {
      expect(w).not.toHaveProperty('needsAttention');
      expect(w.answers).toEqual([{ questionId: 'q1', text: 'Gardé' }]);
    }
    expect((await db.outbox.orderBy('seq').toArray()).map((o) => [o.seq, o.state, o.lastError, o.lastErrorParams])).toEqual([
      [1, 'rejected', 'unknown', null],
      [2, 'pending', null, null],
    ]);
    db.close();
  });

  it('v3 → v4: adds the diary visits (empty) and leaves every v3 row as it was', async () => {
    const factory = new IDBFactory();
    // A v3 tablet: the layout as shipped up to v3 (no diaryVisits table).
    const old = new Dexie('v3-old', { indexedDB: factory, IDBKeyRange });
    old.version(1).stores(V1_STORES);
    old.version(2).stores(V2_STORES);
    old.version(3).stores({});
    const rows = v1Rows();
    await old.transaction('rw', old.tables, async () => {
      for (const table of ['classes', 'assignments', 'localSessions'] as const) await old.table(table).bulkAdd(rows[table]);
    });
    expect(old.verno).toBe(3);
    old.close();

    const db = new CartableDb('v3-old', { indexedDB: factory, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.diaryVisits.count()).toBe(0);
    expect(await db.classes.toArray()).toEqual(rows.classes);
    expect(await db.assignments.toArray()).toEqual(rows.assignments);
    expect(await db.localSessions.count()).toBe(2);
    await db.diaryVisits.put({ studentId: 'lea', visitedAt: T1, seenAssignments: ['a1'], seenCorrections: [] });
    expect((await db.diaryVisits.get('lea'))?.seenAssignments).toEqual(['a1']);
    db.close();
  });
});
