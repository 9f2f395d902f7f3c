/** PostgreSQL: who was given an assignment's paper pack, when it went out and came back (issue 15). */
import type { PgSession } from './pg-session.ts';
import type { PaperPackRepository } from '../repositories.ts';
import { paperPackFromRow, RECORD_PRINTED_SQL, type PaperPackRow } from '../sqlite/paper-repositories.ts';

/** `?` placeholders → `$1…`. */
const numbered = (sql: string) => { let i = 0; return sql.replace(/\?/g, () => `$${++i}`); };

export class PgPaperPackRepository implements PaperPackRepository {
  constructor(private readonly db: PgSession) {}
  async recordPrinted(p: { assignmentId: string; studentId: string; code: string; layoutVersion: number; at: string; by: string }) {
    const row = await this.db.one<PaperPackRow>(numbered(RECORD_PRINTED_SQL), [p.assignmentId, p.studentId, p.code, p.layoutVersion, p.at, p.by]);
    return paperPackFromRow(row!);
  }
  async markSent(assignmentId: string, studentIds: string[], at: string) {
    if (!studentIds.length) return 0;
    return this.db.run('UPDATE paper_packs SET sent_at = $1 WHERE assignment_id = $2 AND student_id = ANY($3)', [at, assignmentId, studentIds]);
  }
  async markReceived(assignmentId: string, studentId: string, at: string) {
    return (await this.db.run('UPDATE paper_packs SET received_at = COALESCE(received_at, $1) WHERE assignment_id = $2 AND student_id = $3', [at, assignmentId, studentId])) > 0;
  }
  async byCode(code: string) {
    const r = await this.db.one<PaperPackRow>('SELECT * FROM paper_packs WHERE code = $1', [code]);
    return r ? paperPackFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return (await this.db.rows<PaperPackRow>('SELECT * FROM paper_packs WHERE assignment_id = $1', [assignmentId])).map(paperPackFromRow);
  }
}
