import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
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
    if (!added.ok) throw new Error(added.code);
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
    expect(Object.keys(r)).toEqual(['ok', 'code']); // a code only: the screen words it
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
    await db.work.update(workId('lea', 'a1'), { needsAttentionCode: 'assignment_unavailable' });
    expect(await retryRejected(db, 'lea', 'a1')).toEqual({ ok: true, value: 1 });
    const [n] = await db.outbox.toArray();
    expect(n).toMatchObject({ state: 'pending' });
    expect(n!.mutationId).not.toBe(o!.mutationId);
    expect((await db.work.get(workId('lea', 'a1')))?.needsAttentionCode).toBeNull();
  });
});
