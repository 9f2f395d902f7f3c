/**
 * The outbox: what the tablet still has to tell the server, in per-device seq order.
 * Call these only inside a repository's Dexie transaction that includes `device` and
 * `outbox`, so the record and its outbox entry commit together (or not at all).
 *
 * Coalescing: a 'work.save' carries the whole answer set, so a new save replaces every
 * still-unsent save of the same work (new seq, same transaction): the outbox does not grow
 * per keystroke. An entry on the wire (`sending`) is never replaced — its response may be
 * lost, and it is retried (with the same mutationId) until acknowledged.
 */
import { outboxBytes, type CartableDb, type MutationType, type OutboxRow } from './schema.ts';
import { LocalWriteError } from './local-write.ts';

/** Allocates the next per-device seq (inside the caller's transaction). */
export async function allocateSeq(db: CartableDb): Promise<number> {
  const device = await db.device.get('device');
  if (!device) throw new LocalWriteError('not_enrolled', 'not enrolled');
  await db.device.update('device', { nextSeq: device.nextSeq + 1 });
  return device.nextSeq;
}

export interface OutboxInput {
  studentId: string;
  type: MutationType;
  entityId: string;
  baseVersion: number | null;
  payload: unknown;
  attachmentIds: string[];
}

/** Adds an outbox entry, replacing unsent saves of the same work that it supersedes. */
export async function enqueue(db: CartableDb, input: OutboxInput, at: string): Promise<OutboxRow> {
  const superseded = await entriesOf(db, input.studentId, input.entityId)
    .filter((o) => o.type === 'work.save' && o.state === 'pending' && !o.sending)
    .primaryKeys();
  if (superseded.length) await db.outbox.bulkDelete(superseded);
  const row: OutboxRow = {
    ...input,
    seq: await allocateSeq(db),
    mutationId: crypto.randomUUID(),
    createdAt: at,
    state: 'pending',
    attempts: 0,
    lastError: null,
    sending: false,
    bytes: outboxBytes(input.payload),
  };
  await db.outbox.add(row);
  return row;
}

/** A student's entries about one record (v2 index), in seq order. */
export function entriesOf(db: CartableDb, studentId: string, entityId: string) {
  return db.outbox.where('[studentId+entityId]').equals([studentId, entityId]);
}

/** Entries of a student still to send, in seq order (v2 index; equal index keys come in primary-key order). */
export function pendingOf(db: CartableDb, studentId: string): Promise<OutboxRow[]> {
  return db.outbox.where('[studentId+state]').equals([studentId, 'pending']).toArray();
}

/** Whether a work still has local changes the server has not acknowledged (pending, on the wire or refused). */
export async function hasUnacknowledged(db: CartableDb, studentId: string, workId: string): Promise<boolean> {
  return (await entriesOf(db, studentId, workId).count()) > 0;
}
