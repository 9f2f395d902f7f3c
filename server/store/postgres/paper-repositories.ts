/** PostgreSQL: who was given an assignment's paper pack, when it went out and came back, and the pages returned (issue 15). */
import type { PgSession } from './pg-session.ts';
import type { PaperPackRepository, PaperPageRepository } from '../repositories.ts';
import type { PaperPageRecord } from '../records.ts';
import type { PackLayout, PaperBox } from '../../../src/protocol/paper-returns.ts';
import { PAPER_PAGE_SQL, paperPackFromRow, paperPageFromRow, paperPageParams, RECORD_PRINTED_SQL, type PaperPackRow, type PaperPageRow } from '../sqlite/paper-repositories.ts';

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
  async setLayout(assignmentId: string, studentId: string, layoutVersion: number, layout: PackLayout) {
    await this.db.run(numbered(PAPER_PAGE_SQL.setLayout), [JSON.stringify(layout), assignmentId, studentId, layoutVersion]);
  }
}

export class PgPaperPageRepository implements PaperPageRepository {
  constructor(private readonly db: PgSession) {}
  async insert(p: PaperPageRecord) {
    return (await this.db.run(numbered(PAPER_PAGE_SQL.insert), [...paperPageParams(p)])) > 0;
  }
  async byId(id: string) {
    const r = await this.db.one<PaperPageRow>(numbered(PAPER_PAGE_SQL.byId), [id]);
    return r ? paperPageFromRow(r) : null;
  }
  async existing(assignmentId: string, sha256: string, studentId: string | null, page: number | null) {
    const r = await this.db.one<PaperPageRow>(numbered(PAPER_PAGE_SQL.existing), [assignmentId, sha256, studentId, page]);
    return r ? paperPageFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return (await this.db.rows<PaperPageRow>(numbered(PAPER_PAGE_SQL.listByAssignment), [assignmentId])).map(paperPageFromRow);
  }
  async listByStudent(assignmentId: string, studentId: string) {
    return (await this.db.rows<PaperPageRow>(numbered(PAPER_PAGE_SQL.listByStudent), [assignmentId, studentId])).map(paperPageFromRow);
  }
  async assign(id: string, studentId: string, page: number, attachmentId: string, boxes: PaperBox[] | null) {
    await this.db.run(numbered(PAPER_PAGE_SQL.assign), [studentId, page, attachmentId, boxes ? JSON.stringify(boxes) : null, id]);
  }
  async setBoxes(id: string, boxes: PaperBox[]) {
    await this.db.run(numbered(PAPER_PAGE_SQL.setBoxes), [JSON.stringify(boxes), id]);
  }
  async delete(id: string) {
    await this.db.run(numbered(PAPER_PAGE_SQL.delete), [id]);
  }
}
