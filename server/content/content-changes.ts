/**
 * Publishing policy in the change log (SYNC.md): drafts never reach students; publishing,
 * editing published content, unpublishing, deleting and moving to another group record
 * their change — a put in the content's scope, or a tombstone in the scope it left — in the
 * same transaction as the write.
 */
import type { Tx } from '../store/repositories.ts';
import type { ContentRecord, Scope } from '../store/records.ts';

/** The scope a piece of class content is published to. */
export const contentScope = (classId: string, groupId: string | null): Scope => (groupId ? `group:${groupId}` : `class:${classId}`);

/** After the row changed from `before` to `after`: tell the tablets. */
export async function recordContentChange(
  tx: Tx, entity: 'lesson' | 'assignment', before: ContentRecord, after: { status: string; groupId: string | null }, at: string,
) {
  const oldScope = contentScope(before.classId, before.groupId);
  const newScope = contentScope(before.classId, after.groupId);
  if (before.status === 'published' && (after.status !== 'published' || oldScope !== newScope)) await tx.changes.remove(oldScope, entity, before.id, at);
  if (after.status === 'published') await tx.changes.put(newScope, entity, before.id, at);
}
