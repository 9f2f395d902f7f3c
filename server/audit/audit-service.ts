/**
 * Reading the audit log (IT referent: their school's entries; SYSTEM: all) as a list or as a
 * CSV for a French spreadsheet (server/domain/csv.ts: `;`, UTF-8 with a BOM, CRLF, formulas
 * neutralised).
 */
import type { Database } from '../store/repositories.ts';
import type { Actor } from '../access/actor.ts';
import type { AuditEntry, AuditQuery } from '../../src/protocol/console.ts';
import type { AuditRecord } from '../store/records.ts';
import { requireUser } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { csvDocument } from '../domain/csv.ts';
import { isCalendarDay } from '../../src/protocol/calendar-day.ts';

const LIST_LIMIT = 500;
const CSV_LIMIT = 100_000;

const entry = (r: AuditRecord): AuditEntry => ({
  at: r.at, actorId: r.actorId, actorName: r.actorName, action: r.action, targetType: r.targetType, targetId: r.targetId, targetLabel: r.targetLabel, details: r.details,
});

/** `to` is a day included: entries before the next day's midnight (UTC). */
function period(q: AuditQuery): { from?: string; to?: string } {
  const day = (d: string) => {
    // 2026-02-30 would parse as 2 March: a day that does not exist is refused, not moved.
    if (!isCalendarDay(d)) throw fail('audit_filter_invalid');
    return Date.parse(`${d}T00:00:00.000Z`);
  };
  const from = q.from ? new Date(day(q.from)).toISOString() : undefined;
  const to = q.to ? new Date(day(q.to) + 24 * 3600_000).toISOString() : undefined;
  if (from && to && from >= to) throw fail('audit_filter_invalid');
  return { from, to };
}

export class AuditService {
  constructor(private readonly db: Database) {}

  /** Newest first, at most 500 (narrow with the filters). */
  async list(actor: Actor, q: AuditQuery = {}, limit = LIST_LIMIT): Promise<AuditEntry[]> {
    const it = requireUser(actor, 'it');
    const p = period(q);
    return await this.db.read(async (tx) => (await tx.audit.list(it?.schoolId ?? null, { action: q.action, actorId: q.actorId, ...p, limit })).map(entry));
  }

  /** The same entries as CSV; `label(action)` names an action in the reader's language, `commandLine` the admin CLI. */
  async csv(actor: Actor, q: AuditQuery, headers: string[], label: (action: string) => string, commandLine: string): Promise<string> {
    const rows = await this.list(actor, q, CSV_LIMIT);
    const lines: Array<Array<string | null>> = [headers];
    for (const r of rows) {
      const details = Object.entries(r.details).map(([k, v]) => `${k}=${v}`).join(', ');
      lines.push([r.at, r.actorName || commandLine, label(r.action), r.targetType, r.targetLabel ?? r.targetId, details]);
    }
    return csvDocument(lines);
  }
}
