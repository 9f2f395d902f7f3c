/** The audit log's actions in English (the console in English; the CSV is French: audit-fr.ts). */
export const AUDIT_ACTION_EN: Record<string, string> = {
  publish: 'Published', publish_schedule: 'Publication scheduled', unpublish: 'Unpublished', return: 'Work returned', device_revoke: 'Tablet withdrawn',
  device_lost: 'Tablet reported lost or stolen', device_reactivate: 'Tablet reactivated',
  roster_import: 'Pupils imported', backup: 'Backup', restore: 'Restore', password_reset: 'New password',
  enrolment_code_create: 'Enrolment code created', enrolment_code_revoke: 'Enrolment code revoked', settings_update: 'Settings changed',
  user_create: 'Account created', user_update: 'Account changed',
  send_back: 'Work sent back to redo', due_extend: 'A pupil’s due date changed', remind: 'Pupils reminded',
  app_update: 'Tablet software update',
};
