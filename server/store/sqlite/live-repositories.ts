/** SQLite: live lesson sessions (issue 17) and when each tablet's last item arrived. */
import type { Db } from './database.ts';
import type { LiveSessionPatch, LiveSessionRepository } from '../repositories.ts';
import type { LiveSessionRecord } from '../records.ts';

export interface LiveSessionRow {
  id: string;
  school_id: string;
  class_id: string;
  group_id: string | null;
  teacher_id: string;
  started_at: string;
  ended_at: string | null;
  activity_kind: 'assignment' | 'lesson' | null;
  activity_id: string | null;
  activity_title: string | null;
  activity_at: string | null;
  attention_since: string | null;
  collect_at: string | null;
  version: number;
}

/** A row as the services read it (shared with PostgreSQL's, same columns). */
export const liveSessionFromRow = (r: LiveSessionRow): LiveSessionRecord => ({
  id: r.id, schoolId: r.school_id, classId: r.class_id, groupId: r.group_id, teacherId: r.teacher_id, startedAt: r.started_at, endedAt: r.ended_at,
  activityKind: r.activity_kind, activityId: r.activity_id, activityTitle: r.activity_title, activityAt: r.activity_at,
  attentionSince: r.attention_since, collectAt: r.collect_at, version: Number(r.version),
});

/** The patch's columns, in one fixed order (the SET clause of both dialects). */
export const LIVE_PATCH_COLUMNS: [keyof LiveSessionPatch, string][] = [
  ['endedAt', 'ended_at'], ['activityKind', 'activity_kind'], ['activityId', 'activity_id'], ['activityTitle', 'activity_title'],
  ['activityAt', 'activity_at'], ['attentionSince', 'attention_since'], ['collectAt', 'collect_at'],
];

export class SqliteLiveSessionRepository implements LiveSessionRepository {
  constructor(private readonly db: Db) {}

  async insert(s: Parameters<LiveSessionRepository['insert']>[0]) {
    this.db.prepare('INSERT INTO live_sessions (id, school_id, class_id, group_id, teacher_id, started_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.id, s.schoolId, s.classId, s.groupId, s.teacherId, s.startedAt);
  }

  async byId(id: string) {
    const r = this.db.prepare<[string], LiveSessionRow>('SELECT * FROM live_sessions WHERE id = ?').get(id);
    return r ? liveSessionFromRow(r) : null;
  }

  async openForClass(classId: string) {
    return this.db.prepare<[string], LiveSessionRow>('SELECT * FROM live_sessions WHERE class_id = ? AND ended_at IS NULL ORDER BY started_at, id').all(classId).map(liveSessionFromRow);
  }

  async update(id: string, patch: LiveSessionPatch) {
    const set = LIVE_PATCH_COLUMNS.filter(([k]) => k in patch);
    const values = set.map(([k]) => patch[k] ?? null);
    const sql = `UPDATE live_sessions SET ${[...set.map(([, c]) => `${c} = ?`), 'version = version + 1'].join(', ')} WHERE id = ? AND ended_at IS NULL`;
    return this.db.prepare(sql).run(...values, id).changes === 1;
  }

  async lastItemAt(deviceIds: string[]) {
    const out = new Map<string, string>();
    const stmt = this.db.prepare<[string], { at: string | null }>('SELECT MAX(applied_at) AS at FROM device_mutations WHERE device_id = ?');
    for (const id of deviceIds) {
      const at = stmt.get(id)?.at;
      if (at) out.set(id, at);
    }
    return out;
  }
}
