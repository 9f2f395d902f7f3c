/**
 * The audit log of adults' actions: one place that writes it, `recordAudit`, called by the
 * services inside the transaction of the action itself — the entry exists exactly when the
 * action committed. Who (the user's id and name at the time; the admin command line for
 * SYSTEM), what (an action from AUDIT_ACTIONS), when, on what (type, id, a readable label) and
 * a few facts (counts, never a password or a secret).
 */
import type { Tx } from '../store/repositories.ts';
import type { Actor } from '../access/actor.ts';
import type { AuditRecord } from '../store/records.ts';
import { now } from '../ids.ts';

/** Every action the log records (the console translates them: console-*.ts 'audit.action.*'). */
export const AUDIT_ACTIONS = [
  'publish', 'publish_schedule', 'unpublish', 'return', 'device_revoke', 'device_lost', 'device_reactivate', 'roster_import', 'backup', 'restore', 'password_reset',
  'enrolment_code_create', 'enrolment_code_revoke', 'settings_update', 'user_create', 'user_update',
  'send_back', 'due_extend', 'remind',
  'app_update', // issue 16: builds, rollouts, rollbacks, halt, update settings (details.what)
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditTarget {
  type: string;
  id: string;
  label?: string;
}

/** Writes one entry in `tx` (the action's own transaction). `schoolId` defaults to the actor's. */
export async function recordAudit(tx: Tx, actor: Actor, action: AuditAction, target: AuditTarget | null, details: AuditRecord['details'] = {}, schoolId?: string | null): Promise<void> {
  let actorId: string | null = null;
  let actorName = '';
  let school: string | null = schoolId ?? null;
  if (actor.kind === 'user') {
    const u = await tx.users.byId(actor.userId);
    actorId = actor.userId;
    actorName = u?.displayName ?? actor.userId;
    school = schoolId === undefined ? actor.schoolId : schoolId;
  }
  await tx.audit.insert({
    schoolId: school, at: now(), actorId, actorName, action, targetType: target?.type ?? null, targetId: target?.id ?? null, targetLabel: target?.label ?? null, details,
  });
}
