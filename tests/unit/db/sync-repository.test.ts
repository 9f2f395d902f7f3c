import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { CartableDb } from '../../../src/db/schema.ts';
import { applyPullPage, applyPushResults, startResync, waitingSummary } from '../../../src/db/sync-repository.ts';
import { saveAnswer, submitWork, workId } from '../../../src/db/work-repository.ts';
import type { Lesson, Revision, Submission } from '../../../src/protocol/entities.ts';
import type { Change, PullResponse } from '../../../src/protocol/sync.ts';

const AT = '2026-03-01T08:00:00.000Z';

async function tablet() {
  const db = new CartableDb('t', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.device.put({ key: 'device', deviceId: 'd1', deviceToken: 't', schoolId: 's', classId: null, name: 'T', enrolledAt: AT, nextSeq: 1 });
  return db;
}
const lesson = (id: string, groupId: string | null = null): Lesson => ({
  id, classId: 'c1', groupId, title: id, bodyMarkdown: '#', media: [], version: 1, status: 'published', publishedAt: AT, updatedAt: AT,
});
const put = (l: Lesson, scope = 'class:c1'): Change => ({ op: 'put', entity: 'lesson', id: l.id, scope, data: l });
const page = (changes: Change[], cursor: string, extra: Partial<PullResponse> = {}): PullResponse => ({ changes, cursor, hasMore: false, ...extra });
const rev = (text: string, deviceId = 'd2'): Revision => ({ id: `r-${text}`, number: 1, kind: 'draft', answers: [{ questionId: 'q1', text }], assignmentVersion: 1, deviceId, createdAt: AT });
const submission = (text: string, version: number): Submission => ({
  id: 's1', assignmentId: 'a1', studentId: 'lea', state: 'draft', latest: rev(text), submitted: null, submittedAt: null, late: false, resubmitted: false,
  complete: true, version, updatedAt: AT,
});

describe('applying pulls', () => {
  it('never overwrites a work with unacknowledged local changes; adopts the server once they are acknowledged', async () => {
    const db = await tablet();
    await saveAnswer(db, 'lea', { id: 'a1', version: 1 }, { questionId: 'q1', text: 'local' });
    await applyPullPage(db, 'lea', page([{ op: 'put', entity: 'submission', id: 's1', scope: 'student:lea', data: submission('autre tablette', 3) }], '5.x'), AT);
    expect((await db.work.get(workId('lea', 'a1')))?.answers[0]?.text).toBe('local');
    expect((await db.submissions.get('s1'))?.version).toBe(3); // the server's view is kept beside it
    const [o] = await db.outbox.toArray();
    await applyPushResults(db, 'lea', [o!], [{ status: 'applied', mutationId: o!.mutationId, submission: { ...submission('local', 4), latest: rev('local', 'd1') } }]);
    await applyPullPage(db, 'lea', page([{ op: 'put', entity: 'submission', id: 's1', scope: 'student:lea', data: submission('plus tard', 5) }], '6.x'), AT);
    expect((await db.work.get(workId('lea', 'a1')))?.answers[0]?.text).toBe('plus tard');
  });

  it('ignores another student’s records and applies a tombstone only in the scope the record came from', async () => {
    const db = await tablet();
    await applyPullPage(db, 'lea', page([put(lesson('L1', 'g1'), 'group:g1'), { op: 'put', entity: 'submission', id: 'x', scope: 'student:tom', data: { ...submission('tom', 1), id: 'x', studentId: 'tom' } }], '3.x'), AT);
    expect(await db.submissions.count()).toBe(0);
    // The lesson moves from group g1 to the whole class: a put in class:c1, then the tombstone in group:g1.
    await applyPullPage(db, 'lea', page([put(lesson('L1'), 'class:c1'), { op: 'delete', entity: 'lesson', id: 'L1', scope: 'group:g1' }], '5.x'), AT);
    expect(await db.lessons.get('L1')).toMatchObject({ scope: 'class:c1', groupId: null });
    await applyPullPage(db, 'lea', page([{ op: 'delete', entity: 'lesson', id: 'L1', scope: 'class:c1' }], '6.x'), AT);
    expect(await db.lessons.get('L1')).toBeUndefined();
    expect((await db.syncState.get('lea'))?.cursor).toBe('6.x');
  });

  it('a resync removes what did not come back, but spares a scope another student of the tablet still sees', async () => {
    const db = await tablet();
    await applyPullPage(db, 'lea', page([put(lesson('A')), put(lesson('G', 'g1'), 'group:g1'), put(lesson('H', 'g2'), 'group:g2')], '9.x', { scopes: ['class:c1', 'group:g1', 'group:g2', 'student:lea'] }), AT);
    await applyPullPage(db, 'tom', page([put(lesson('A')), put(lesson('G', 'g1'), 'group:g1')], '9.y', { scopes: ['class:c1', 'group:g1', 'student:tom'] }), AT);
    await startResync(db, 'lea'); // Léa left both groups; lesson A was unpublished meanwhile
    await applyPullPage(db, 'lea', page([], '12.z', { scopes: ['class:c1', 'student:lea'], hasMore: true }), AT);
    expect(await db.lessons.count()).toBe(3); // nothing removed before the resync has finished
    await applyPullPage(db, 'lea', page([], '12.z'), AT);
    expect((await db.lessons.toArray()).map((l) => l.id).sort()).toEqual(['G']); // Tom's group g1 is spared
    expect((await db.syncState.get('lea'))?.resync).toBeNull();
  });
});

describe('push results', () => {
  it('rejected stays (needs attention); conflict sends the work back to draft; waiting counts only what is to send', async () => {
    const db = await tablet();
    await saveAnswer(db, 'lea', { id: 'a1', version: 1 }, { questionId: 'q1', text: 'x' });
    await submitWork(db, 'lea', 'a1');
    await saveAnswer(db, 'lea', { id: 'a2', version: 1 }, { questionId: 'q1', text: 'y' });
    expect(await waitingSummary(db, 'lea')).toMatchObject({ items: 2 });
    const [submit, save] = await db.outbox.orderBy('seq').toArray();
    await applyPushResults(db, 'lea', [submit!, save!], [
      { status: 'conflict', mutationId: submit!.mutationId, code: 'assignment_changed', message: 'vérifie', submission: submission('x', 2) },
      { status: 'duplicate', mutationId: save!.mutationId, first: { status: 'rejected', mutationId: save!.mutationId, code: 'assignment_unavailable', message: 'retiré' } },
    ]);
    expect(await db.work.get(workId('lea', 'a1'))).toMatchObject({ state: 'draft', needsAttentionCode: 'assignment_changed' });
    expect(await db.work.get(workId('lea', 'a2'))).toMatchObject({ needsAttentionCode: 'assignment_unavailable', answers: [{ text: 'y' }] });
    expect((await db.outbox.toArray()).map((o) => o.state)).toEqual(['rejected']);
    expect(await waitingSummary(db, 'lea')).toEqual({ items: 0, bytes: 0, works: 0 });
  });
});
