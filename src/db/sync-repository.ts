/**
 * How the sync engine writes to the tablet's database. Policy:
 * - A pull page and its cursor commit in ONE transaction: an app killed between pages
 *   resumes from the last committed page, never skipping or half-applying one.
 * - A pulled submission never overwrites a work that still has unacknowledged local
 *   changes (pending, on the wire or refused); the server's view is stored beside it.
 * - Tombstones of class content remove a record only if it is still stored under that scope
 *   (a lesson moved from a group to the whole class is not lost to the order of changes).
 * - A resync (after a 410) re-pulls the student from scratch and then removes the content
 *   of their old scopes that did not come back, sparing scopes another student on this
 *   tablet still sees.
 * - Push results: applied → the entry leaves the outbox; conflict → the work goes back to
 *   draft with the reason; rejected → the entry stays (state 'rejected') and the work
 *   needs attention. Nothing the student made is ever deleted here.
 */
import type { Assignment, ClassInfo, Group, Lesson, StudentCard, Submission } from '../protocol/entities.ts';
import type { Change, MutationResult, PullResponse, PushResult } from '../protocol/sync.ts';
import type { CartableDb, ContentRow, OutboxRow, SyncStateRow, WorkRow } from './schema.ts';
import { workId } from './work-repository.ts';
import { hasUnacknowledged } from './outbox.ts';

const syncTables = (db: CartableDb) => [db.lessons, db.assignments, db.submissions, db.feedback, db.students, db.groups, db.classes, db.work, db.outbox, db.syncState];

async function getState(db: CartableDb, studentId: string): Promise<SyncStateRow> {
  return (await db.syncState.get(studentId)) ?? { studentId, cursor: null, lastSyncAt: null, lastError: null };
}

/** Marks the entries about to be pushed as on the wire (coalescing leaves them alone). */
export async function markSending(db: CartableDb, seqs: number[], sending: boolean): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    for (const seq of seqs) await db.outbox.update(seq, sending ? { sending: true } : { sending: false });
  });
}

/** After an app kill nothing is on the wire any more: every entry can be sent (or coalesced) again. */
export async function clearSendingFlags(db: CartableDb): Promise<void> {
  await db.outbox.toCollection().modify((o) => { o.sending = false; });
}

async function storeSubmission(db: CartableDb, s: Submission): Promise<void> {
  const local = await db.submissions.get(s.id);
  if (!local || local.version <= s.version) await db.submissions.put(s);
}

/** Adopts the server's view of a work that has no unacknowledged local change. */
async function adoptSubmission(db: CartableDb, studentId: string, s: Submission): Promise<void> {
  const id = workId(studentId, s.assignmentId);
  if (await hasUnacknowledged(db, studentId, id)) return;
  const local = await db.work.get(id);
  if (local && (local.serverVersion ?? -1) >= s.version) return;
  const latest = s.latest;
  // A copy the teacher sent back « À refaire » is a draft again, its latest answers the pupil's draft.
  const handedIn = s.state !== 'draft' && !!s.submitted && latest?.id === s.submitted.id;
  const w: WorkRow = {
    id, studentId, assignmentId: s.assignmentId,
    answers: latest?.answers ?? local?.answers ?? [],
    assignmentVersion: latest?.assignmentVersion ?? local?.assignmentVersion ?? 1,
    state: handedIn ? 'received' : 'draft',
    updatedAt: latest?.createdAt ?? s.updatedAt,
    submittedAt: s.submittedAt, receivedAt: handedIn ? s.submittedAt : null,
    needsAttentionCode: null, needsAttentionParams: null, serverVersion: s.version,
  };
  await db.work.put(w);
}

const resultOf = (r: PushResult): MutationResult => (r.status === 'duplicate' ? r.first : r);

/** Applies the answers of one push (one transaction). */
export async function applyPushResults(db: CartableDb, studentId: string, sent: OutboxRow[], results: PushResult[]): Promise<void> {
  const byId = new Map(results.map((r) => [r.mutationId, resultOf(r)]));
  await db.transaction('rw', [db.outbox, db.work, db.submissions], async () => {
    for (const o of sent) {
      const r = byId.get(o.mutationId);
      if (!r) {
        await db.outbox.update(o.seq, { sending: false });
        continue;
      }
      const w = await db.work.get(o.entityId);
      if (r.status === 'rejected') {
        // The code and params only: the screen words them in the pupil's language (the server's message is for logs).
        await db.outbox.update(o.seq, { state: 'rejected', sending: false, lastError: r.code, lastErrorParams: r.params ?? null, attempts: o.attempts + 1 });
        if (w) await db.work.update(w.id, { needsAttentionCode: r.code, needsAttentionParams: r.params ?? null });
        continue;
      }
      await db.outbox.delete(o.seq);
      await storeSubmission(db, r.submission);
      if (!w) continue;
      const stillQueued = await hasUnacknowledged(db, studentId, o.entityId);
      const patch: Partial<WorkRow> = { serverVersion: Math.max(w.serverVersion ?? 0, r.submission.version) };
      if (r.status === 'conflict') Object.assign(patch, { state: 'draft', needsAttentionCode: r.code, needsAttentionParams: r.params ?? null });
      else if (o.type === 'work.submit' && !stillQueued && w.state === 'submitting') Object.assign(patch, { state: 'received', receivedAt: r.submission.submittedAt });
      await db.work.update(w.id, patch);
    }
  });
}

/** Applies changes in order; runs of plain content puts go in one bulkPut per table (a first pull is mostly that). */
async function applyChanges(db: CartableDb, studentId: string, changes: Change[]): Promise<void> {
  type Run = { lesson: ContentRow<Lesson>[]; assignment: ContentRow<Assignment>[]; student: StudentCard[]; group: Group[]; class: ClassInfo[] };
  let run: Run | null = null;
  const flush = async () => {
    const r = run as Run | null;
    if (!r) return;
    run = null;
    const puts: Promise<unknown>[] = [];
    if (r.lesson.length) puts.push(db.lessons.bulkPut(r.lesson));
    if (r.assignment.length) puts.push(db.assignments.bulkPut(r.assignment));
    if (r.student.length) puts.push(db.students.bulkPut(r.student));
    if (r.group.length) puts.push(db.groups.bulkPut(r.group));
    if (r.class.length) puts.push(db.classes.bulkPut(r.class));
    await Promise.all(puts);
  };
  for (const c of changes) {
    if (c.op === 'put' && c.entity !== 'submission' && c.entity !== 'feedback') {
      const r: Run = (run ??= { lesson: [], assignment: [], student: [], group: [], class: [] });
      // Later puts of the same id win, as they would one by one (bulkPut keeps the last).
      if (c.entity === 'lesson') r.lesson.push({ ...c.data, scope: c.scope });
      else if (c.entity === 'assignment') r.assignment.push({ ...c.data, scope: c.scope });
      else if (c.entity === 'student') r.student.push(c.data);
      else if (c.entity === 'group') r.group.push(c.data);
      else r.class.push(c.data);
      continue;
    }
    await flush();
    await applyChange(db, studentId, c);
  }
  await flush();
}

async function applyChange(db: CartableDb, studentId: string, c: Change): Promise<void> {
  if (c.op === 'put') {
    switch (c.entity) {
      case 'lesson': return void (await db.lessons.put({ ...c.data, scope: c.scope }));
      case 'assignment': return void (await db.assignments.put({ ...c.data, scope: c.scope }));
      case 'student': return void (await db.students.put(c.data));
      case 'group': return void (await db.groups.put(c.data));
      case 'class': return void (await db.classes.put(c.data));
      case 'feedback': return void (c.data.studentId === studentId && (await db.feedback.put(c.data)));
      case 'submission':
        if (c.data.studentId !== studentId) return;
        await storeSubmission(db, c.data);
        return adoptSubmission(db, studentId, c.data);
    }
  }
  switch (c.entity) {
    case 'lesson':
    case 'assignment': {
      const table = c.entity === 'lesson' ? db.lessons : db.assignments;
      if ((await table.get(c.id))?.scope === c.scope) await table.delete(c.id);
      return;
    }
    case 'submission':
    case 'feedback': {
      const table = c.entity === 'submission' ? db.submissions : db.feedback;
      if ((await table.get(c.id))?.studentId === studentId) await table.delete(c.id);
      return;
    }
    case 'group': return void (await db.groups.delete(c.id));
    case 'student': return void (await db.students.delete(c.id));
    case 'class': return void (await db.classes.delete(c.id));
  }
}

/**
 * Applies one pull page and stores its cursor, in one transaction. `stampDevice`: the page that
 * ends the cycle's last pull also marks the device synced ('*'), in the same transaction.
 */
export async function applyPullPage(db: CartableDb, studentId: string, page: PullResponse, at: string, opts: { stampDevice?: boolean } = {}): Promise<void> {
  const stamp = async () => {
    if (page.hasMore || !opts.stampDevice) return;
    const device = await db.syncState.get('*');
    await db.syncState.put({ ...(device ?? { studentId: '*', cursor: null }), lastSyncAt: at, lastError: null });
  };
  // A page with no change (the common case) touches the sync state only — and lessons and
  // assignments, should it end a resync: a transaction over 3 stores, not 10.
  const empty = !page.changes.length && !page.scopes;
  await db.transaction('rw', empty ? [db.syncState, db.lessons, db.assignments] : syncTables(db), async () => {
    const st = await getState(db, studentId);
    if (empty && st.cursor === page.cursor && !st.resync) {
      // Nothing new: the time of this sync only.
      if (!page.hasMore) await db.syncState.put({ ...st, lastSyncAt: at, lastError: null });
      return stamp();
    }
    await applyChanges(db, studentId, page.changes);
    const next: SyncStateRow = { ...st, cursor: page.cursor };
    if (page.scopes) next.scopes = page.scopes;
    if (st.resync) {
      const seen = new Set(st.resync.seen);
      for (const c of page.changes) if (c.op === 'put' && (c.entity === 'lesson' || c.entity === 'assignment')) seen.add(`${c.entity}:${c.id}`);
      next.resync = { ...st.resync, seen: [...seen] };
      if (!page.hasMore) {
        await removeUnseenContent(db, studentId, next.resync.oldScopes, next.scopes ?? [], seen);
        next.resync = null;
      }
    }
    if (!page.hasMore) Object.assign(next, { lastSyncAt: at, lastError: null });
    await db.syncState.put(next);
    await stamp();
  });
}

async function removeUnseenContent(db: CartableDb, studentId: string, oldScopes: string[], newScopes: string[], seen: Set<string>) {
  const others = (await db.syncState.toArray()).filter((s) => s.studentId !== studentId && s.studentId !== '*').flatMap((s) => s.scopes ?? []);
  const spared = new Set(others.filter((s) => !newScopes.includes(s)));
  const mine = new Set([...oldScopes, ...newScopes].filter((s) => !spared.has(s)));
  for (const [entity, table] of [['lesson', db.lessons], ['assignment', db.assignments]] as const) {
    const gone = (await table.toArray()).filter((r) => r.scope && mine.has(r.scope) && !seen.has(`${entity}:${r.id}`)).map((r) => r.id);
    await table.bulkDelete(gone);
  }
}

/** After a 410: forget the student's cursor and pull from scratch (their work and outbox stay). */
export async function startResync(db: CartableDb, studentId: string): Promise<void> {
  await db.transaction('rw', db.syncState, async () => {
    const st = await getState(db, studentId);
    await db.syncState.put({ ...st, cursor: null, resync: { oldScopes: st.scopes ?? [], seen: [] } });
  });
}

export { waitingSummary } from './waiting-summary.ts';
