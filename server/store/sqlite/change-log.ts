/**
 * The change log the sync reads (table `changes`). Policy:
 * - one row per (scope, entity, id): a change re-stamps the row with a new, higher seq,
 *   so a pull returns each changed entity once, at its latest state;
 * - when an entity leaves a scope (unpublished, deleted, moved to another group) the row
 *   becomes a tombstone (op 'delete') in that scope;
 * - scopes: `class:<id>` (class-wide content and roster), `group:<id>` (content for one
 *   group), `student:<id>` (that student's submissions and feedback).
 * Call these only inside the transaction that writes the entity itself.
 */
import type { Db } from './database.ts';

export type Scope = `class:${string}` | `group:${string}` | `student:${string}`;
export type ChangeEntity = 'lesson' | 'assignment' | 'submission' | 'feedback' | 'student' | 'group' | 'class';

/** Records that `entity` now has new content in `scope` (insert or re-stamp). */
export function recordPut(db: Db, scope: Scope, entity: ChangeEntity, entityId: string, at: string): void {
  upsert(db, scope, entity, entityId, 'put', at);
}

/** Records that `entity` is gone from `scope` (a tombstone the devices will apply). */
export function recordDelete(db: Db, scope: Scope, entity: ChangeEntity, entityId: string, at: string): void {
  upsert(db, scope, entity, entityId, 'delete', at);
}

function upsert(db: Db, scope: Scope, entity: ChangeEntity, entityId: string, op: 'put' | 'delete', at: string) {
  // Delete + insert gives the row a fresh AUTOINCREMENT seq (never reused, always higher).
  db.prepare('DELETE FROM changes WHERE scope = ? AND entity = ? AND entity_id = ?').run(scope, entity, entityId);
  db.prepare('INSERT INTO changes (scope, entity, entity_id, op, at) VALUES (?, ?, ?, ?, ?)').run(scope, entity, entityId, op, at);
}

/** The scope a piece of class content is published to. */
export const contentScope = (classId: string, groupId: string | null): Scope => (groupId ? `group:${groupId}` : `class:${classId}`);
