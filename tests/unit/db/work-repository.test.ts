import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { CartableDb } from '../../../src/db/schema.ts';
import { addAttachment, getOrCreateWork, removeAttachment, retryRejected, saveAnswer, submitWork, workId } from '../../../src/db/work-repository.ts';
import { markSending } from '../../../src/db/sync-repository.ts';
import type { Assignment } from '../../../src/protocol/entities.ts';

const assignment = { id: 'a1', version: 1 } as Pick<Assignment, 'id' | 'version'>;

async function tablet(factory = new IDBFactory(), name = 'tablet') {
  const db = new CartableDb(name, { indexedDB: factory, IDBKeyRange });
  await db.device.put({ key: 'device', deviceId: 'd1', deviceToken: 't', schoolId: 's', classId: null, name: 'T', enrolledAt: new Date().toISOString(), nextSeq: 1 });
  return { db, factory };
}

describe('work repository', () => {
  it('creates the work once and keeps per-student records apart', async () => {
    const { db } = await tablet();
    const w = await getOrCreateWork(db, 'lea', assignment);
    expect(w).toMatchObject({ id: workId('lea', 'a1'), state: 'draft', answers: [], assignmentVersion: 1 });
    expect(await getOrCreateWork(db, 'lea', assignment)).toEqual(w);
    await saveAnswer(db, 'tom', assignment, { questionId: 'q1', text: 'Tom' });
    expect((await db.work.where('studentId').equals('lea').toArray()).map((x) => x.answers)).toEqual([[]]);
    expect(await db.outbox.count()).toBe(1);
  });

  it('coalesces keystrokes into one pending save with a new seq, but never replaces one on the wire', async () => {
    const { db } = await tablet();
    await saveAnswer(db, 'lea', assignment, { questionId: 'q1', text: 'a' });
    await saveAnswer(db, 'lea', assignment, { questionId: 'q1', text: 'ab' });
    let box = await db.outbox.toArray();
    expect(box).toHaveLength(1);
    expect(box[0]).toMatchObject({ seq: 2, type: 'work.save', payload: { answers: [{ questionId: 'q1', text: 'ab' }] } });
    await markSending(db, [2], true);
    await saveAnswer(db, 'lea', assignment, { questionId: 'q2', choiceIds: ['c1'] });
    box = await db.outbox.orderBy('seq').toArray();
    expect(box.map((o) => o.seq)).toEqual([2, 3]);
    expect((await db.device.get('device'))?.nextSeq).toBe(4);
    expect(box[1]!.payload).toMatchObject({ answers: [{ questionId: 'q1', text: 'ab' }, { questionId: 'q2', choiceIds: ['c1'] }] });
  });

  it('hands in: state submitting and a work.submit entry carrying the answers', async () => {
    const { db } = await tablet();
    await saveAnswer(db, 'lea', assignment, { questionId: 'q1', text: 'fini' });
    const r = await submitWork(db, 'lea', 'a1');
    expect(r.ok && r.value.state).toBe('submitting');
    const [o] = await db.outbox.toArray();
    expect(o).toMatchObject({ type: 'work.submit', payload: { answers: [{ questionId: 'q1', text: 'fini' }] } });
    expect(await submitWork(db, 'lea', 'nope')).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('adds and removes an attachment with the answer and the outbox in one transaction', async () => {
    const { db } = await tablet();
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' });
    const added = await addAttachment(db, { studentId: 'lea', assignmentId: 'a1', questionId: 'q3', kind: 'photo', blob, mime: 'image/jpeg', sha256: 'a'.repeat(64) });
    if (!added.ok) throw new Error(added.message);
    const att = await db.attachments.get(added.value.attachmentId);
    expect(att).toMatchObject({ upload: 'pending', size: 3, deleted: false });
    expect(added.value.work.answers).toEqual([{ questionId: 'q3', attachmentIds: [added.value.attachmentId] }]);
    expect((await db.outbox.toArray())[0]!.attachmentIds).toEqual([added.value.attachmentId]);
    const removed = await removeAttachment(db, 'lea', added.value.attachmentId);
    expect(removed.ok && removed.value.answers).toEqual([{ questionId: 'q3', attachmentIds: [] }]);
    expect((await db.attachments.get(added.value.attachmentId))?.deleted).toBe(true);
    expect(await removeAttachment(db, 'tom', added.value.attachmentId)).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('a QuotaExceededError during a save is reported as state; the previous work and the outbox are intact', async () => {
    const { db, factory } = await tablet();
    await saveAnswer(db, 'lea', assignment, { questionId: 'q1', text: 'déjà là' });
    const before = { work: await db.work.toArray(), outbox: await db.outbox.toArray(), device: await db.device.get('device') };
    db.close();
    // The same database, through a connection whose writes to the outbox fail like a full disk.
    let full = true;
    const broken = new CartableDb('tablet', { indexedDB: factory, IDBKeyRange });
    broken.use({
      stack: 'dbcore', name: 'full-disk',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name);
          return { ...t, mutate: (req) => (full && name === 'outbox' ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : t.mutate(req)) };
        },
      }),
    });
    const r = await saveAnswer(broken, 'lea', assignment, { questionId: 'q1', text: 'perdu ?' });
    expect(r).toMatchObject({ ok: false, code: 'quota_exceeded' });
    if (!r.ok) expect(r.message).toMatch(/pleine/);
    expect(await broken.work.toArray()).toEqual(before.work);
    expect(await broken.outbox.toArray()).toEqual(before.outbox);
    expect(await broken.device.get('device')).toEqual(before.device);
    full = false;
    expect((await saveAnswer(broken, 'lea', assignment, { questionId: 'q1', text: 'enfin' })).ok).toBe(true);
    expect((await broken.outbox.toArray())[0]!.payload).toMatchObject({ answers: [{ text: 'enfin' }] });
  });

  it('a tablet that is not enrolled cannot queue work, and says so', async () => {
    const db = new CartableDb('bare', { indexedDB: new IDBFactory(), IDBKeyRange });
    expect(await saveAnswer(db, 'lea', assignment, { questionId: 'q1', text: 'x' })).toMatchObject({ ok: false, code: 'not_enrolled' });
    expect(await db.work.count()).toBe(0);
  });

  it('re-queues refused entries with fresh ids on retry', async () => {
    const { db } = await tablet();
    await saveAnswer(db, 'lea', assignment, { questionId: 'q1', text: 'x' });
    const [o] = await db.outbox.toArray();
    await db.outbox.update(o!.seq, { state: 'rejected' });
    await db.work.update(workId('lea', 'a1'), { needsAttention: 'refusé', needsAttentionCode: 'assignment_unavailable' });
    expect(await retryRejected(db, 'lea', 'a1')).toEqual({ ok: true, value: 1 });
    const [n] = await db.outbox.toArray();
    expect(n).toMatchObject({ state: 'pending' });
    expect(n!.mutationId).not.toBe(o!.mutationId);
    expect((await db.work.get(workId('lea', 'a1')))?.needsAttention).toBeNull();
  });
});

describe('schema', () => {
  it('opens an existing v1 database with data in it, intact, under the current class', async () => {
    const factory = new IDBFactory();
    // The v1 layout exactly as the first release shipped it.
    const v1 = new Dexie('cartable', { indexedDB: factory, IDBKeyRange });
    v1.version(1).stores({
      device: 'key', localSessions: 'studentId, classId', classes: 'id', groups: 'id, classId, *studentIds', students: 'id, classId',
      lessons: 'id, classId, groupId', assignments: 'id, classId, groupId', submissions: 'id, studentId, assignmentId, [studentId+assignmentId]',
      feedback: 'id, studentId, submissionId, assignmentId', work: 'id, studentId, assignmentId, state', attachments: 'id, studentId, assignmentId, upload',
      outbox: 'seq, &mutationId, studentId, state', syncState: 'studentId', uploadUrls: 'attachmentId, fingerprint',
    });
    await v1.table('device').put({ key: 'device', deviceId: 'd1', deviceToken: 't', schoolId: 's', classId: null, name: 'T', enrolledAt: '2026-01-01T00:00:00.000Z', nextSeq: 7 });
    await v1.table('work').put({ id: 'lea:a1', studentId: 'lea', assignmentId: 'a1', answers: [{ questionId: 'q1', text: 'ancien' }], assignmentVersion: 1, state: 'draft', updatedAt: 'x', submittedAt: null, receivedAt: null, needsAttention: null });
    await v1.table('outbox').put({ seq: 6, mutationId: 'm6', studentId: 'lea', type: 'work.save', entityId: 'lea:a1', baseVersion: null, payload: { assignmentId: 'a1', assignmentVersion: 1, answers: [], clientAt: 'x' }, attachmentIds: [], createdAt: 'x', state: 'pending', attempts: 0, lastError: null });
    await v1.table('syncState').put({ studentId: 'lea', cursor: '12.abc', lastSyncAt: null, lastError: null });
    v1.close();

    const db = new CartableDb('cartable', { indexedDB: factory, IDBKeyRange });
    expect((await db.work.get('lea:a1'))?.answers).toEqual([{ questionId: 'q1', text: 'ancien' }]);
    expect((await db.syncState.get('lea'))?.cursor).toBe('12.abc');
    // Old rows lack the newer optional fields (sending, bytes): the repository copes.
    await saveAnswer(db, 'lea', { id: 'a1', version: 1 }, { questionId: 'q1', text: 'nouveau' });
    const box = await db.outbox.toArray();
    expect(box.map((o) => o.seq)).toEqual([7]);
    expect(db.verno).toBe(1);
  });
});
