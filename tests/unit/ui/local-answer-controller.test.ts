/**
 * The student's answer controller on fake-indexeddb: a retake whose compression fails keeps
 * the old photo (and its place in the answer and the outbox); a retake that works swaps the
 * photos in one step; every stored write wakes the sync worker, a failed one does not.
 */
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { CartableDb } from '../../../src/db/schema.ts';
import { localAnswerController } from '../../../src/ui/assignment/local-answer-controller.ts';
import type { PreparedAttachment } from '../../../src/ui/assignment/prepare-attachment.ts';
import { workId } from '../../../src/db/work-repository.ts';

const assignment = { id: 'a1', version: 1 };

async function tablet() {
  const db = new CartableDb('tablet', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.device.put({ key: 'device', deviceId: 'd1', deviceToken: 't', schoolId: 's', classId: null, name: 'T', enrolledAt: new Date().toISOString(), nextSeq: 1 });
  await db.assignments.put({ id: 'a1', version: 1 } as never);
  return db;
}

const ok = async (_kind: string, blob: Blob): Promise<PreparedAttachment> => ({ blob, mime: 'image/webp', sha256: 'a'.repeat(64) });
const failing = async (): Promise<PreparedAttachment> => {
  throw new DOMException('The source image cannot be decoded.', 'EncodingError');
};

function harness(db: CartableDb, prepare = ok) {
  const wakes: string[] = [];
  const controller = localAnswerController(db, 'lea', assignment, { prepare, wake: (w) => wakes.push(w) });
  return { controller, wakes };
}

const photoIds = async (db: CartableDb) => (await db.work.get(workId('lea', 'a1')))?.answers.find((a) => a.questionId === 'q-photo')?.attachmentIds ?? [];
const alive = async (db: CartableDb) => (await db.attachments.toArray()).filter((a) => !a.deleted).map((a) => a.id);

describe('student answer controller', () => {
  it('a retake whose compression fails keeps the old photo, its answer and its outbox entry', async () => {
    const db = await tablet();
    const { controller } = harness(db);
    expect(await controller.addAttachment('q-photo', 'photo', new Blob([new Uint8Array([1, 2, 3])]))).toEqual({ ok: true });
    const [first] = await photoIds(db);
    const outboxBefore = await db.outbox.toArray();

    const broken = harness(db, failing);
    const r = await broken.controller.replaceAttachment('q-photo', first!, 'photo', new Blob([new Uint8Array([9, 9])]));
    expect(r).toEqual({ ok: false, code: 'media_unreadable' });
    expect(broken.wakes).toEqual([]);
    expect(await photoIds(db)).toEqual([first]);
    expect(await alive(db)).toEqual([first]);
    expect(await db.outbox.toArray()).toEqual(outboxBefore);
    const kept = await db.attachments.get(first!);
    expect(new Uint8Array(await kept!.blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('a retake that works puts the new photo in the old one’s place, in one transaction', async () => {
    const db = await tablet();
    const { controller, wakes } = harness(db);
    await controller.addAttachment('q-photo', 'photo', new Blob([new Uint8Array([1])]));
    await controller.addAttachment('q-photo', 'photo', new Blob([new Uint8Array([2])]));
    const [first, second] = await photoIds(db);
    expect(await controller.replaceAttachment('q-photo', first!, 'photo', new Blob([new Uint8Array([3])]))).toEqual({ ok: true });
    const ids = await photoIds(db);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(second);
    expect(ids[0]).not.toBe(first);
    expect(new Set(await alive(db))).toEqual(new Set(ids));
    expect((await db.attachments.get(first!))?.deleted).toBe(true); // kept while the outbox may refer to it
    const [entry] = await db.outbox.toArray();
    expect(entry!.attachmentIds).toEqual(ids);
    expect(wakes).toEqual(['soon', 'soon', 'soon']);
  });

  it('replacing a photo that is not the student’s changes nothing', async () => {
    const db = await tablet();
    const { controller } = harness(db);
    await controller.addAttachment('q-photo', 'photo', new Blob([new Uint8Array([1])]));
    const [first] = await photoIds(db);
    const tom = localAnswerController(db, 'tom', assignment, { prepare: ok, wake: () => undefined });
    expect(await tom.replaceAttachment('q-photo', first!, 'photo', new Blob([new Uint8Array([2])]))).toEqual({ ok: false, code: 'not_found' });
    expect(await alive(db)).toEqual([first]);
  });

  it('handing in and sending refused work again ask for a sync now; "J’ai compris" and saves let it come soon', async () => {
    const db = await tablet();
    const { controller, wakes } = harness(db);
    await controller.saveAnswer({ questionId: 'q1', text: 'fini' });
    await db.assignments.put({ id: 'a1', version: 2 } as never);
    expect(await controller.acknowledgeChange()).toEqual({ ok: true });
    expect((await db.work.get(workId('lea', 'a1')))?.assignmentVersion).toBe(2);
    expect(await controller.submit()).toEqual({ ok: true });
    expect(await controller.retryRejected()).toEqual({ ok: true });
    expect(wakes).toEqual(['soon', 'soon', 'now', 'now']);
  });

  it('a write that cannot happen comes back as a code, and wakes nothing', async () => {
    const db = await tablet();
    const { controller, wakes } = harness(db);
    expect(await controller.submit()).toEqual({ ok: false, code: 'not_found' });
    expect(wakes).toEqual([]);
  });
});
