/** SQLite: the audit log of adults' actions (append-only). */
import type { Db } from './database.ts';
import type { AuditFilter, AuditRepository } from '../repositories.ts';
import type { AuditRecord } from '../records.ts';

interface AuditRow {
  id: number;
  school_id: string | null;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  details_json: string;
}

/** A row as the services read it (shared with PostgreSQL's, same columns). */
export const auditFromRow = (r: AuditRow): AuditRecord => ({
  id: Number(r.id), schoolId: r.school_id, at: r.at, actorId: r.actor_id, actorName: r.actor_name, action: r.action,
  targetType: r.target_type, targetId: r.target_id, targetLabel: r.target_label, details: JSON.parse(r.details_json) as AuditRecord['details'],
});
export type { AuditRow };

export class SqliteAuditRepository implements AuditRepository {
  private readonly insertStmt;
  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<[string | null, string, string | null, string, string, string | null, string | null, string | null, string]>(
      'INSERT INTO audit_log (school_id, at, actor_id, actor_name, action, target_type, target_id, target_label, details_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }
  async insert(e: Omit<AuditRecord, 'id'>) {
    this.insertStmt.run(e.schoolId, e.at, e.actorId, e.actorName, e.action, e.targetType, e.targetId, e.targetLabel, JSON.stringify(e.details));
  }
  async list(schoolId: string | null, f: AuditFilter) {
    const where = ['(school_id = ? OR ? IS NULL)'];
    const params: (string | number | null)[] = [schoolId, schoolId];
    if (f.action) { where.push('action = ?'); params.push(f.action); }
    if (f.actorId) { where.push('actor_id = ?'); params.push(f.actorId); }
    if (f.from) { where.push('at >= ?'); params.push(f.from); }
    if (f.to) { where.push('at < ?'); params.push(f.to); }
    params.push(f.limit);
    return this.db.prepare<typeof params, AuditRow>(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ?`).all(...params).map(auditFromRow);
  }
}
