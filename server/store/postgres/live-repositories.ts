/** PostgreSQL: live lesson sessions (issue 17), as SQLite's (same columns). */
import type { PgSession } from './pg-session.ts';
import type { LiveSessionPatch, LiveSessionRepository } from '../repositories.ts';
import { LIVE_PATCH_COLUMNS, liveSessionFromRow, type LiveSessionRow } from '../sqlite/live-repositories.ts';

export class PgLiveSessionRepository implements LiveSessionRepository {
  constructor(private readonly db: PgSession) {}

  async insert(s: Parameters<LiveSessionRepository['insert']>[0]) {
    await this.db.run('INSERT INTO live_sessions (id, school_id, class_id, group_id, teacher_id, started_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [s.id, s.schoolId, s.classId, s.groupId, s.teacherId, s.startedAt]);
  }

  async byId(id: string) {
    const r = await this.db.one<LiveSessionRow>('SELECT * FROM live_sessions WHERE id = $1', [id]);
    return r ? liveSessionFromRow(r) : null;
  }

  async openForClass(classId: string) {
    const rows = await this.db.rows<LiveSessionRow>('SELECT * FROM live_sessions WHERE class_id = $1 AND ended_at IS NULL ORDER BY started_at, id', [classId]);
    return rows.map(liveSessionFromRow);
  }

  async update(id: string, patch: LiveSessionPatch) {
    const set = LIVE_PATCH_COLUMNS.filter(([k]) => k in patch);
    const values = set.map(([k]) => patch[k] ?? null);
    const assignments = [...set.map(([, c], i) => `${c} = $${i + 1}`), 'version = version + 1'];
    return (await this.db.run(`UPDATE live_sessions SET ${assignments.join(', ')} WHERE id = $${set.length + 1} AND ended_at IS NULL`, [...values, id])) === 1;
  }

  async lastItemAt(deviceIds: string[]) {
    const out = new Map<string, string>();
    if (!deviceIds.length) return out;
    const rows = await this.db.rows<{ device_id: string; at: string }>(
      'SELECT device_id, MAX(applied_at COLLATE "C") AS at FROM device_mutations WHERE device_id = ANY($1::text[]) GROUP BY device_id', [deviceIds]);
    for (const r of rows) out.set(r.device_id, r.at);
    return out;
  }
}
