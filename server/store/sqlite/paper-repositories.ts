/** SQLite: who was given an assignment's paper pack, when it went out and came back (issue 15). */
import type { Db } from './database.ts';
import type { PaperPackRepository } from '../repositories.ts';
import type { PaperPackRecord } from '../records.ts';

export interface PaperPackRow {
  assignment_id: string;
  student_id: string;
  code: string;
  layout_version: number;
  printed_at: string;
  printed_by: string;
  sent_at: string | null;
  received_at: string | null;
}

/** A row as the services read it (shared with PostgreSQL's, same columns). */
export const paperPackFromRow = (r: PaperPackRow): PaperPackRecord => ({
  assignmentId: r.assignment_id, studentId: r.student_id, code: r.code, layoutVersion: Number(r.layout_version),
  printedAt: r.printed_at, printedBy: r.printed_by, sentAt: r.sent_at, receivedAt: r.received_at,
});

/** Insert, or keep the code and take the new print (both dialects speak this upsert). */
export const RECORD_PRINTED_SQL = `INSERT INTO paper_packs (assignment_id, student_id, code, layout_version, printed_at, printed_by) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (assignment_id, student_id) DO UPDATE SET layout_version = excluded.layout_version, printed_at = excluded.printed_at, printed_by = excluded.printed_by
  RETURNING *`;

export class SqlitePaperPackRepository implements PaperPackRepository {
  constructor(private readonly db: Db) {}
  async recordPrinted(p: { assignmentId: string; studentId: string; code: string; layoutVersion: number; at: string; by: string }) {
    const row = this.db.prepare<[string, string, string, number, string, string], PaperPackRow>(RECORD_PRINTED_SQL).get(p.assignmentId, p.studentId, p.code, p.layoutVersion, p.at, p.by);
    return paperPackFromRow(row!);
  }
  async markSent(assignmentId: string, studentIds: string[], at: string) {
    if (!studentIds.length) return 0;
    const stmt = this.db.prepare<[string, string, string]>('UPDATE paper_packs SET sent_at = ? WHERE assignment_id = ? AND student_id = ?');
    return studentIds.reduce((n, id) => n + stmt.run(at, assignmentId, id).changes, 0);
  }
  async markReceived(assignmentId: string, studentId: string, at: string) {
    const r = this.db.prepare<[string, string, string]>('UPDATE paper_packs SET received_at = COALESCE(received_at, ?) WHERE assignment_id = ? AND student_id = ?').run(at, assignmentId, studentId);
    return r.changes > 0;
  }
  async byCode(code: string) {
    const r = this.db.prepare<[string], PaperPackRow>('SELECT * FROM paper_packs WHERE code = ?').get(code);
    return r ? paperPackFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return this.db.prepare<[string], PaperPackRow>('SELECT * FROM paper_packs WHERE assignment_id = ?').all(assignmentId).map(paperPackFromRow);
  }
}
