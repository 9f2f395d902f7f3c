/**
 * The checks of `npm run test:faults`, on the server's own SQLite file and DATA_DIR (read
 * directly, not through the API under test) and the tablets' snapshots:
 * - acknowledged (any time, also right after a kill -9 and restart): every attachment a tablet
 *   marked 'uploaded' is complete on the server with its checksum and its blob byte-identical;
 *   every work a tablet marked 'received' is handed in on the server;
 * - at the end: every item in the ledger is on the server exactly once and on its tablet
 *   (lost), nothing is there twice (duplicates), and every tablet holds what the server holds
 *   for its pupils (converged).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { TabletSnapshot } from './tablet-core.ts';
import type { Ledger } from './ledger.ts';
import { photoBytes } from './tablet-core.ts';

type Db = Database.Database;

export const openServerDb = (dataDir: string): Db => new Database(join(dataDir, 'cartable.sqlite'), { readonly: true, fileMustExist: true });

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function blobProblem(dataDir: string, expected: string): string | null {
  const path = join(dataDir, 'blobs', expected.slice(0, 2), expected.slice(2));
  if (!existsSync(path)) return 'blob file missing';
  return sha(readFileSync(path)) === expected ? null : 'blob file differs';
}

interface AttachmentRow { id: string; student_id: string; sha256: string; complete: number; size: number }
interface SubmissionRow { id: string; student_id: string; assignment_id: string; state: string; version: number; submitted_revision_id: string | null; latest_revision_id: string | null }

/** Everything the tablets hold as acknowledged is on the server (problems, one line each). */
export function checkAcknowledged(db: Db, dataDir: string, snapshots: Map<string, TabletSnapshot>): string[] {
  const problems: string[] = [];
  const att = db.prepare<[string], AttachmentRow>('SELECT id, student_id, sha256, complete, size FROM attachments WHERE id = ?');
  const sub = db.prepare<[string, string], SubmissionRow>('SELECT * FROM submissions WHERE student_id = ? AND assignment_id = ?');
  for (const [tablet, s] of snapshots) {
    for (const a of s.attachments.filter((x) => x.upload === 'uploaded')) {
      const row = att.get(a.id);
      if (!row || !row.complete || row.sha256 !== a.sha256) problems.push(`${tablet}: attachment ${a.id} acknowledged but ${row ? 'incomplete or different' : 'absent'} on the server`);
      else {
        const p = blobProblem(dataDir, a.sha256);
        if (p) problems.push(`${tablet}: attachment ${a.id} acknowledged: ${p}`);
      }
    }
    for (const w of s.work.filter((x) => x.state === 'received')) {
      const row = sub.get(w.studentId, w.assignmentId);
      if (!row || !row.submitted_revision_id || row.state === 'draft') problems.push(`${tablet}: work ${w.studentId}:${w.assignmentId} acknowledged as handed in, not on the server`);
    }
  }
  return problems;
}

export interface FinalCheck {
  lost: number;
  duplicates: number;
  notConverged: number;
  problems: string[];
}

/** The end of the run: the ledger against the server and the tablets. */
export function checkFinal(db: Db, dataDir: string, ledger: Ledger, snapshots: Map<string, TabletSnapshot>, pupilsOf: Map<string, string[]>): FinalCheck {
  const out: FinalCheck = { lost: 0, duplicates: 0, notConverged: 0, problems: [] };
  const lost = (why: string) => { out.lost++; out.problems.push(`LOST ${why}`); };
  const dup = (why: string, n = 1) => { out.duplicates += n; out.problems.push(`DUPLICATE ${why}`); };
  const subOf = db.prepare<[string, string], SubmissionRow>('SELECT * FROM submissions WHERE student_id = ? AND assignment_id = ?');
  const revision = db.prepare<[string], { answers_json: string; kind: string }>('SELECT answers_json, kind FROM submission_revisions WHERE id = ?');
  const revisionsOf = db.prepare<[string], { kind: string; n: number }>('SELECT kind, COUNT(*) AS n FROM submission_revisions WHERE submission_id = ? GROUP BY kind');
  const att = db.prepare<[string], AttachmentRow>('SELECT id, student_id, sha256, complete, size FROM attachments WHERE id = ?');
  const answersText = (json: string) => (JSON.parse(json) as { questionId: string; text?: string; attachmentIds?: string[] }[]);

  for (const w of ledger.works.values()) {
    const where = `${w.tablet} ${w.studentId.slice(0, 8)}:${w.assignmentId.slice(0, 8)}`;
    const snap = snapshots.get(w.tablet)!;
    // The server: the work, its final answers, the hand-in, each photo byte for byte.
    const s = subOf.get(w.studentId, w.assignmentId);
    if (!s) {
      lost(`${where}: no submission on the server (${w.texts} texts, ${w.photos.length} photos)`);
      continue;
    }
    const latest = s.latest_revision_id ? answersText(revision.get(s.latest_revision_id)!.answers_json) : [];
    if (w.lastText !== null && latest.find((a) => a.questionId === 'q1')?.text !== w.lastText) lost(`${where}: the last text saved is not the server's latest answer`);
    const serverPhotos = new Set(latest.find((a) => a.questionId === 'q2')?.attachmentIds ?? []);
    for (const p of w.photos) {
      if (!serverPhotos.has(p.id)) lost(`${where}: photo ${p.id} not in the server's answer`);
      const row = att.get(p.id);
      if (!row || !row.complete) { lost(`${where}: photo ${p.id} ${row ? 'incomplete' : 'absent'} on the server`); continue; }
      if (row.sha256 !== p.sha256 || row.student_id !== w.studentId) lost(`${where}: photo ${p.id} differs on the server`);
      const bp = blobProblem(dataDir, p.sha256);
      if (bp) lost(`${where}: photo ${p.id}: ${bp}`);
    }
    const kinds: Record<string, number> = Object.fromEntries(revisionsOf.all(s.id).map((r) => [r.kind, r.n]));
    if (w.handedIn) {
      if (!s.submitted_revision_id || s.state === 'draft') lost(`${where}: handed in on the tablet, not on the server`);
      else if (w.lastText !== null && answersText(revision.get(s.submitted_revision_id)!.answers_json).find((a) => a.questionId === 'q1')?.text !== w.lastText) lost(`${where}: the handed-in text is not the last one saved`);
      const submits = kinds.submit ?? 0;
      if (submits > 1) dup(`${where}: handed in once, ${submits} hand-ins on the server`, submits - 1);
    } else if ((kinds.submit ?? 0) > 0) dup(`${where}: never handed in, ${kinds.submit} hand-in(s) on the server`, kinds.submit);
    // A revision per mutation the tablet sent at most (saves coalesce): more means one was applied twice.
    const made = w.texts + w.photos.length + (w.handedIn ? 1 : 0);
    const revisions = (kinds.submit ?? 0) + (kinds.draft ?? 0);
    if (revisions > made) dup(`${where}: ${revisions} revisions for ${made} changes made`, revisions - made);

    // The tablet: the work, its answers and photos are still there, the photos' Blobs intact.
    const local = snap.work.find((x) => x.studentId === w.studentId && x.assignmentId === w.assignmentId);
    if (!local) { lost(`${where}: the work is gone from the tablet`); continue; }
    if (w.lastText !== null && local.answers.find((a) => a.questionId === 'q1')?.text !== w.lastText) lost(`${where}: the tablet's text is not the last one saved`);
    if (w.handedIn && local.state !== 'received') { out.notConverged++; out.problems.push(`NOT CONVERGED ${where}: handed in, tablet says ${local.state}`); }
    for (const p of w.photos) {
      const a = snap.attachments.find((x) => x.id === p.id);
      if (!a || a.blobSha256 !== p.sha256) lost(`${where}: photo ${p.id} ${a ? 'differs' : 'gone'} on the tablet`);
      else if (a.upload !== 'uploaded') { out.notConverged++; out.problems.push(`NOT CONVERGED ${where}: photo ${p.id} is '${a.upload}'${a.error ? ` (${a.error})` : ''} on the tablet`); }
      if (sha(photoBytes(p.seed, p.size)) !== p.sha256) out.problems.push(`(test) photo ${p.id}: the ledger's bytes do not hash to its checksum`);
    }
  }

  // Nothing twice on the server: one attachment row per photo content and pupil.
  for (const r of db.prepare<[], { student_id: string; sha256: string; n: number }>('SELECT student_id, sha256, COUNT(*) AS n FROM attachments GROUP BY student_id, sha256 HAVING n > 1').all()) {
    dup(`pupil ${r.student_id.slice(0, 8)}: ${r.n} attachment rows for one photo`, r.n - 1);
  }

  // Converged: each tablet holds, for its pupils, the server's submissions (same version) and returned feedback.
  const subsOf = db.prepare<[string], SubmissionRow>('SELECT * FROM submissions WHERE student_id = ?');
  const feedbackOf = db.prepare<[string], { id: string; submission_id: string }>('SELECT f.id, f.submission_id FROM feedback f JOIN submissions s ON s.id = f.submission_id WHERE s.student_id = ? AND f.returned_at IS NOT NULL');
  for (const [tablet, snap] of snapshots) {
    if (snap.outbox.pending > 0) { out.notConverged++; out.problems.push(`NOT CONVERGED ${tablet}: ${snap.outbox.pending} outbox entries still pending`); }
    for (const r of snap.outbox.rejected) out.problems.push(`REFUSED ${tablet}: an outbox entry (${r.type}) was refused: ${r.code}`);
    const seen = new Set<string>();
    for (const s of snap.submissions) {
      const k = `${s.studentId}:${s.assignmentId}`;
      if (seen.has(k)) dup(`${tablet}: two submissions for ${k} on the tablet`);
      seen.add(k);
    }
    for (const studentId of pupilsOf.get(tablet) ?? []) {
      for (const s of subsOf.all(studentId)) {
        const l = snap.submissions.find((x) => x.id === s.id);
        if (!l || l.version !== s.version || l.state !== s.state) {
          out.notConverged++;
          out.problems.push(`NOT CONVERGED ${tablet}: submission ${s.id.slice(0, 8)} server v${s.version} ${s.state}, tablet ${l ? `v${l.version} ${l.state}` : 'absent'}`);
        }
      }
      for (const f of feedbackOf.all(studentId)) {
        if (!snap.feedback.some((x) => x.id === f.id)) { out.notConverged++; out.problems.push(`NOT CONVERGED ${tablet}: returned feedback ${f.id.slice(0, 8)} absent from the tablet`); }
      }
    }
  }
  return out;
}
