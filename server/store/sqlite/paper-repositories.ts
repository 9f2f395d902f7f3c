/** SQLite: who was given an assignment's paper pack, when it went out and came back, and the pages returned (issue 15). */
import type { Db } from './database.ts';
import type { PaperPackRepository, PaperPageRepository } from '../repositories.ts';
import type { PaperPackRecord, PaperPageRecord } from '../records.ts';
import type { PackLayout, PaperBox } from '../../../src/protocol/paper-returns.ts';
import { fromJson } from '../json-column.ts';

export interface PaperPackRow {
  assignment_id: string;
  student_id: string;
  code: string;
  layout_version: number;
  printed_at: string;
  printed_by: string;
  sent_at: string | null;
  received_at: string | null;
  layout_json: string | null;
}

/** A row as the services read it (shared with PostgreSQL's, same columns). */
export const paperPackFromRow = (r: PaperPackRow): PaperPackRecord => ({
  assignmentId: r.assignment_id, studentId: r.student_id, code: r.code, layoutVersion: Number(r.layout_version),
  printedAt: r.printed_at, printedBy: r.printed_by, sentAt: r.sent_at, receivedAt: r.received_at,
  layout: r.layout_json === null ? null : fromJson<PackLayout>(r.layout_json),
});

export interface PaperPageRow {
  id: string;
  assignment_id: string;
  student_id: string | null;
  page: number | null;
  sha256: string;
  mime: string;
  size: number;
  attachment_id: string | null;
  boxes_json: string | null;
  received_at: string;
  received_by: string;
}

/** A returned page as the services read it (shared with PostgreSQL's). */
export const paperPageFromRow = (r: PaperPageRow): PaperPageRecord => ({
  id: r.id, assignmentId: r.assignment_id, studentId: r.student_id, page: r.page === null ? null : Number(r.page), sha256: r.sha256, mime: r.mime,
  size: Number(r.size), attachmentId: r.attachment_id, boxes: r.boxes_json === null ? null : fromJson<PaperBox[]>(r.boxes_json), receivedAt: r.received_at, receivedBy: r.received_by,
});

/** The statements both dialects speak (`?` placeholders; PostgreSQL numbers them). */
export const PAPER_PAGE_SQL = {
  insert: `INSERT INTO paper_pages (id, assignment_id, student_id, page, sha256, mime, size, attachment_id, boxes_json, received_at, received_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  existing: `SELECT * FROM paper_pages WHERE assignment_id = ? AND (sha256 = ? OR (student_id = ? AND page = ?)) ORDER BY received_at LIMIT 1`,
  byId: 'SELECT * FROM paper_pages WHERE id = ?',
  listByAssignment: 'SELECT * FROM paper_pages WHERE assignment_id = ? ORDER BY received_at, id',
  listByStudent: 'SELECT * FROM paper_pages WHERE assignment_id = ? AND student_id = ? ORDER BY page',
  assign: 'UPDATE paper_pages SET student_id = ?, page = ?, attachment_id = ?, boxes_json = ? WHERE id = ?',
  setBoxes: 'UPDATE paper_pages SET boxes_json = ? WHERE id = ?',
  delete: 'DELETE FROM paper_pages WHERE id = ?',
  setLayout: 'UPDATE paper_packs SET layout_json = ? WHERE assignment_id = ? AND student_id = ? AND layout_version = ?',
} as const;

/** The row's parameters, in the insert's order. */
export const paperPageParams = (p: PaperPageRecord) => [
  p.id, p.assignmentId, p.studentId, p.page, p.sha256, p.mime, p.size, p.attachmentId, p.boxes ? JSON.stringify(p.boxes) : null, p.receivedAt, p.receivedBy,
] as const;

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
  async setLayout(assignmentId: string, studentId: string, layoutVersion: number, layout: PackLayout) {
    this.db.prepare<[string, string, string, number]>(PAPER_PAGE_SQL.setLayout).run(JSON.stringify(layout), assignmentId, studentId, layoutVersion);
  }
}

export class SqlitePaperPageRepository implements PaperPageRepository {
  constructor(private readonly db: Db) {}
  async insert(p: PaperPageRecord) {
    return this.db.prepare(PAPER_PAGE_SQL.insert).run(...paperPageParams(p)).changes > 0;
  }
  async byId(id: string) {
    const r = this.db.prepare<[string], PaperPageRow>(PAPER_PAGE_SQL.byId).get(id);
    return r ? paperPageFromRow(r) : null;
  }
  async existing(assignmentId: string, sha256: string, studentId: string | null, page: number | null) {
    const r = this.db.prepare<[string, string, string | null, number | null], PaperPageRow>(PAPER_PAGE_SQL.existing).get(assignmentId, sha256, studentId, page);
    return r ? paperPageFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return this.db.prepare<[string], PaperPageRow>(PAPER_PAGE_SQL.listByAssignment).all(assignmentId).map(paperPageFromRow);
  }
  async listByStudent(assignmentId: string, studentId: string) {
    return this.db.prepare<[string, string], PaperPageRow>(PAPER_PAGE_SQL.listByStudent).all(assignmentId, studentId).map(paperPageFromRow);
  }
  async assign(id: string, studentId: string, page: number, attachmentId: string, boxes: PaperBox[] | null) {
    this.db.prepare<[string, number, string, string | null, string]>(PAPER_PAGE_SQL.assign).run(studentId, page, attachmentId, boxes ? JSON.stringify(boxes) : null, id);
  }
  async setBoxes(id: string, boxes: PaperBox[]) {
    this.db.prepare<[string, string]>(PAPER_PAGE_SQL.setBoxes).run(JSON.stringify(boxes), id);
  }
  async delete(id: string) {
    this.db.prepare<[string]>(PAPER_PAGE_SQL.delete).run(id);
  }
}
