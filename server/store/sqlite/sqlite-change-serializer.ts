/**
 * One change-log row → one wire change, serialized at the entity's latest state. Policy
 * (defensive, whatever wrote the log): a draft, deleted or re-targeted lesson/assignment, a
 * feedback not yet returned, or a missing row goes out as a tombstone, so students never
 * receive what is not published to them.
 */
import type { Db } from './database.ts';
import type { Change } from '../../../src/protocol/sync.ts';
import {
  assignmentFromRow, classFromRow, feedbackFromRow, groupFromRow, lessonFromRow, studentCardFromRow, submissionFromRow,
} from './serializers.ts';
import { contentScope, type ChangeEntity } from './change-log.ts';

type Row = Record<string, unknown>;

export interface ChangeRow {
  seq: number;
  scope: string;
  entity: ChangeEntity;
  entity_id: string;
  op: 'put' | 'delete';
}

const TABLE: Record<ChangeEntity, string> = {
  lesson: 'lessons', assignment: 'assignments', submission: 'submissions', feedback: 'feedback', student: 'students', group: 'groups', class: 'classes',
};

/** Published content visible in exactly this scope. */
const contentVisible = (r: Row, scope: string) =>
  r.status === 'published' && !r.deleted_at && contentScope(r.class_id as string, (r.group_id as string | null) ?? null) === scope;

const caches = new WeakMap<Db, Db>();

/**
 * The database with its prepared statements memoized: the serializers prepare a statement
 * per row, which costs more than running it on a page of a thousand changes.
 */
export function withStatementCache(db: Db): Db {
  let cached = caches.get(db);
  if (!cached) {
    const statements = new Map<string, ReturnType<Db['prepare']>>();
    const prepare = (sql: string) => {
      let st = statements.get(sql);
      if (!st) statements.set(sql, (st = db.prepare(sql)));
      return st;
    };
    cached = new Proxy(db, {
      get: (target, prop) => {
        if (prop === 'prepare') return prepare;
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    caches.set(db, cached);
  }
  return cached;
}

export function serializeChange(db: Db, c: ChangeRow): Change {
  const tomb: Change = { op: 'delete', entity: c.entity, id: c.entity_id, scope: c.scope };
  if (c.op === 'delete') return tomb;
  const r = db.prepare(`SELECT * FROM ${TABLE[c.entity]} WHERE id = ?`).get(c.entity_id) as Row | undefined;
  if (!r) return tomb;
  const base = { op: 'put' as const, id: c.entity_id, scope: c.scope };
  switch (c.entity) {
    case 'lesson':
      return contentVisible(r, c.scope) ? { ...base, entity: 'lesson', data: lessonFromRow(db, r) } : tomb;
    case 'assignment':
      return contentVisible(r, c.scope) ? { ...base, entity: 'assignment', data: assignmentFromRow(r) } : tomb;
    case 'submission':
      return c.scope === `student:${r.student_id as string}` ? { ...base, entity: 'submission', data: submissionFromRow(db, r) } : tomb;
    case 'feedback': {
      if (!r.returned_at) return tomb;
      const fb = feedbackFromRow(db, r);
      return c.scope === `student:${fb.studentId}` ? { ...base, entity: 'feedback', data: fb } : tomb;
    }
    case 'student':
      return { ...base, entity: 'student', data: studentCardFromRow(r) };
    case 'group':
      return { ...base, entity: 'group', data: groupFromRow(db, r) };
    case 'class':
      return { ...base, entity: 'class', data: classFromRow(r) };
  }
}
