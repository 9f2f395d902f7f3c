/** PostgreSQL: the audit log of adults' actions (append-only). */
import type { PgSession } from './pg-session.ts';
import type { AuditFilter, AuditRepository } from '../repositories.ts';
import type { AuditRecord } from '../records.ts';
import { auditFromRow, type AuditRow } from '../sqlite/audit-repositories.ts';

export class PgAuditRepository implements AuditRepository {
  constructor(private readonly db: PgSession) {}
  async insert(e: Omit<AuditRecord, 'id'>) {
    await this.db.run(
      'INSERT INTO audit_log (school_id, at, actor_id, actor_name, action, target_type, target_id, target_label, details_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [e.schoolId, e.at, e.actorId, e.actorName, e.action, e.targetType, e.targetId, e.targetLabel, JSON.stringify(e.details)],
    );
  }
  async list(schoolId: string | null, f: AuditFilter) {
    const params: (string | number | null)[] = [schoolId];
    const where = ['(school_id = $1 OR $1::text IS NULL)'];
    const add = (sql: string, v: string) => { params.push(v); where.push(sql.replace('?', `$${params.length}`)); };
    if (f.action) add('action = ?', f.action);
    if (f.actorId) add('actor_id = ?', f.actorId);
    if (f.from) add('at >= ?', f.from);
    if (f.to) add('at < ?', f.to);
    params.push(f.limit);
    const rows = await this.db.rows<AuditRow & { id: string }>(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT $${params.length}`, params);
    return rows.map((r) => auditFromRow({ ...r, id: Number(r.id) }));
  }
}
