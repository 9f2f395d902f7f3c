/**
 * The school server's protocol as it last said it on an answer (issue 16, protocol/wire.ts),
 * kept in the device's sync state: the sync asks /api/health only while none is known. The
 * enrolment's answer says it too, so a fresh tablet's first sync goes straight to its pull.
 * Apart from sync-repository.ts: the enrolment screen (first screen) imports it.
 */
import type { CartableDb } from './schema.ts';

/** Remembers `protocol` (one small write, only when it changed). */
export async function rememberServerProtocol(db: CartableDb, protocol: number): Promise<void> {
  await db.transaction('rw', db.syncState, async () => {
    const state = await db.syncState.get('*');
    if (state?.serverProtocol !== protocol) await db.syncState.put({ ...(state ?? { studentId: '*', cursor: null, lastSyncAt: null, lastError: null }), serverProtocol: protocol });
  });
}
