/**
 * PostgreSQL: the teacher's follow-up of pupils' work — own due dates, « À refaire »,
 * reminders, spoken comments (schema 013). Upserts on the (assignment, pupil) key, so two
 * teachers acting at once each leave a whole row; a tie of two reminders or two recordings in
 * one millisecond falls back on the id (random, but stable: every reader agrees).
 */
import type { PgSession } from './pg-session.ts';
import type { FeedbackAudioRepository, ReminderRepository, WorkFollowUpRepository } from '../repositories.ts';
import type { FeedbackAudioRecord, ReminderRecord } from '../records.ts';
import { feedbackAudioFromRow, followUpFromRow, reminderFromRow } from '../sqlite/follow-up-repositories.ts';

type FollowUpRow = Parameters<typeof followUpFromRow>[0];
type ReminderRow = Parameters<typeof reminderFromRow>[0];
type FeedbackAudioRow = Parameters<typeof feedbackAudioFromRow>[0];

export class PgWorkFollowUpRepository implements WorkFollowUpRepository {
  constructor(private readonly db: PgSession) {}
  async get(assignmentId: string, studentId: string) {
    const r = await this.db.one<FollowUpRow>('SELECT * FROM work_follow_ups WHERE assignment_id = $1 AND student_id = $2', [assignmentId, studentId]);
    return r ? followUpFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return (await this.db.rows<FollowUpRow>('SELECT * FROM work_follow_ups WHERE assignment_id = $1', [assignmentId])).map(followUpFromRow);
  }
  async setDue(assignmentId: string, studentId: string, dueAt: string | null, by: string | null, at: string) {
    await this.db.run(
      `INSERT INTO work_follow_ups (assignment_id, student_id, due_at, due_set_by, due_set_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (assignment_id, student_id) DO UPDATE SET due_at = EXCLUDED.due_at, due_set_by = EXCLUDED.due_set_by, due_set_at = EXCLUDED.due_set_at`,
      [assignmentId, studentId, dueAt, by, at],
    );
  }
  async sendBack(assignmentId: string, studentId: string, message: string, by: string | null, at: string) {
    await this.db.run(
      `INSERT INTO work_follow_ups (assignment_id, student_id, sent_back_at, sent_back_message, sent_back_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (assignment_id, student_id) DO UPDATE SET sent_back_at = EXCLUDED.sent_back_at, sent_back_message = EXCLUDED.sent_back_message, sent_back_by = EXCLUDED.sent_back_by`,
      [assignmentId, studentId, at, message, by],
    );
  }
}

export class PgReminderRepository implements ReminderRepository {
  constructor(private readonly db: PgSession) {}
  async insert(r: ReminderRecord) {
    await this.db.run(
      'INSERT INTO reminders (id, school_id, assignment_id, student_id, message, sent_by, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [r.id, r.schoolId, r.assignmentId, r.studentId, r.message, r.sentBy, r.sentAt],
    );
  }
  async latest(assignmentId: string, studentId: string) {
    const r = await this.db.one<ReminderRow>('SELECT * FROM reminders WHERE assignment_id = $1 AND student_id = $2 ORDER BY sent_at DESC, id DESC LIMIT 1', [assignmentId, studentId]);
    return r ? reminderFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return (await this.db.rows<ReminderRow>('SELECT * FROM reminders WHERE assignment_id = $1 ORDER BY sent_at DESC, id DESC', [assignmentId])).map(reminderFromRow);
  }
}

export class PgFeedbackAudioRepository implements FeedbackAudioRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<FeedbackAudioRow>('SELECT * FROM feedback_audio WHERE id = $1', [id]);
    return r ? feedbackAudioFromRow(r) : null;
  }
  async current(submissionId: string) {
    const r = await this.db.one<FeedbackAudioRow>(
      'SELECT * FROM feedback_audio WHERE submission_id = $1 AND detached_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1', [submissionId],
    );
    return r ? feedbackAudioFromRow(r) : null;
  }
  async insert(r: Omit<FeedbackAudioRecord, 'detachedAt'>) {
    await this.db.run(
      'INSERT INTO feedback_audio (id, school_id, submission_id, sha256, mime, size, duration_ms, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [r.id, r.schoolId, r.submissionId, r.sha256, r.mime, r.size, r.durationMs, r.createdBy, r.createdAt],
    );
  }
  async detach(submissionId: string, at: string) {
    return (await this.db.run('UPDATE feedback_audio SET detached_at = $1 WHERE submission_id = $2 AND detached_at IS NULL', [at, submissionId])) > 0;
  }
}
