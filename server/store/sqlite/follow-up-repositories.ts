/** SQLite: the teacher's follow-up of pupils' work — own due dates, « À refaire », reminders, spoken comments (schema 013). */
import type { Db } from './database.ts';
import type { FeedbackAudioRepository, ReminderRepository, WorkFollowUpRepository } from '../repositories.ts';
import type { FeedbackAudioRecord, ReminderRecord, WorkFollowUpRecord } from '../records.ts';

interface FollowUpRow {
  assignment_id: string;
  student_id: string;
  due_at: string | null;
  due_set_by: string | null;
  due_set_at: string | null;
  sent_back_at: string | null;
  sent_back_message: string | null;
  sent_back_by: string | null;
}
export const followUpFromRow = (r: FollowUpRow): WorkFollowUpRecord => ({
  assignmentId: r.assignment_id, studentId: r.student_id, dueAt: r.due_at, dueSetBy: r.due_set_by, dueSetAt: r.due_set_at,
  sentBackAt: r.sent_back_at, sentBackMessage: r.sent_back_message, sentBackBy: r.sent_back_by,
});

const followUpStatements = (db: Db) => ({
  get: db.prepare<[string, string], FollowUpRow>('SELECT * FROM work_follow_ups WHERE assignment_id = ? AND student_id = ?'),
  byAssignment: db.prepare<[string], FollowUpRow>('SELECT * FROM work_follow_ups WHERE assignment_id = ?'),
  setDue: db.prepare<[string, string, string | null, string | null, string]>(
    `INSERT INTO work_follow_ups (assignment_id, student_id, due_at, due_set_by, due_set_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (assignment_id, student_id) DO UPDATE SET due_at = excluded.due_at, due_set_by = excluded.due_set_by, due_set_at = excluded.due_set_at`,
  ),
  sendBack: db.prepare<[string, string, string, string, string | null]>(
    `INSERT INTO work_follow_ups (assignment_id, student_id, sent_back_at, sent_back_message, sent_back_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (assignment_id, student_id) DO UPDATE SET sent_back_at = excluded.sent_back_at, sent_back_message = excluded.sent_back_message, sent_back_by = excluded.sent_back_by`,
  ),
});

export class SqliteWorkFollowUpRepository implements WorkFollowUpRepository {
  private readonly q: ReturnType<typeof followUpStatements>;
  constructor(db: Db) {
    this.q = followUpStatements(db);
  }
  async get(assignmentId: string, studentId: string) {
    const r = this.q.get.get(assignmentId, studentId);
    return r ? followUpFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return this.q.byAssignment.all(assignmentId).map(followUpFromRow);
  }
  async setDue(assignmentId: string, studentId: string, dueAt: string | null, by: string | null, at: string) {
    this.q.setDue.run(assignmentId, studentId, dueAt, by, at);
  }
  async sendBack(assignmentId: string, studentId: string, message: string, by: string | null, at: string) {
    this.q.sendBack.run(assignmentId, studentId, at, message, by);
  }
}

interface ReminderRow {
  id: string;
  school_id: string;
  assignment_id: string;
  student_id: string;
  message: string;
  sent_by: string | null;
  sent_at: string;
}
export const reminderFromRow = (r: ReminderRow): ReminderRecord => ({
  id: r.id, schoolId: r.school_id, assignmentId: r.assignment_id, studentId: r.student_id, message: r.message, sentBy: r.sent_by, sentAt: r.sent_at,
});

const reminderStatements = (db: Db) => ({
  insert: db.prepare<[string, string, string, string, string, string | null, string]>(
    'INSERT INTO reminders (id, school_id, assignment_id, student_id, message, sent_by, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  // rowid breaks a tie of two reminders in the same millisecond: the later insert is the latest.
  latest: db.prepare<[string, string], ReminderRow>('SELECT * FROM reminders WHERE assignment_id = ? AND student_id = ? ORDER BY sent_at DESC, rowid DESC LIMIT 1'),
  byAssignment: db.prepare<[string], ReminderRow>('SELECT * FROM reminders WHERE assignment_id = ? ORDER BY sent_at DESC, rowid DESC'),
});

export class SqliteReminderRepository implements ReminderRepository {
  private readonly q: ReturnType<typeof reminderStatements>;
  constructor(db: Db) {
    this.q = reminderStatements(db);
  }
  async insert(r: ReminderRecord) {
    this.q.insert.run(r.id, r.schoolId, r.assignmentId, r.studentId, r.message, r.sentBy, r.sentAt);
  }
  async latest(assignmentId: string, studentId: string) {
    const r = this.q.latest.get(assignmentId, studentId);
    return r ? reminderFromRow(r) : null;
  }
  async listByAssignment(assignmentId: string) {
    return this.q.byAssignment.all(assignmentId).map(reminderFromRow);
  }
}

interface FeedbackAudioRow {
  id: string;
  school_id: string;
  submission_id: string;
  sha256: string;
  mime: string;
  size: number;
  duration_ms: number;
  created_by: string | null;
  created_at: string;
  detached_at: string | null;
}
export const feedbackAudioFromRow = (r: FeedbackAudioRow): FeedbackAudioRecord => ({
  id: r.id, schoolId: r.school_id, submissionId: r.submission_id, sha256: r.sha256, mime: r.mime, size: Number(r.size), durationMs: Number(r.duration_ms),
  createdBy: r.created_by, createdAt: r.created_at, detachedAt: r.detached_at,
});

const audioStatements = (db: Db) => ({
  byId: db.prepare<[string], FeedbackAudioRow>('SELECT * FROM feedback_audio WHERE id = ?'),
  current: db.prepare<[string], FeedbackAudioRow>('SELECT * FROM feedback_audio WHERE submission_id = ? AND detached_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1'),
  insert: db.prepare<[string, string, string, string, string, number, number, string | null, string]>(
    'INSERT INTO feedback_audio (id, school_id, submission_id, sha256, mime, size, duration_ms, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  detach: db.prepare<[string, string]>('UPDATE feedback_audio SET detached_at = ? WHERE submission_id = ? AND detached_at IS NULL'),
});

export class SqliteFeedbackAudioRepository implements FeedbackAudioRepository {
  private readonly q: ReturnType<typeof audioStatements>;
  constructor(db: Db) {
    this.q = audioStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? feedbackAudioFromRow(r) : null;
  }
  async current(submissionId: string) {
    const r = this.q.current.get(submissionId);
    return r ? feedbackAudioFromRow(r) : null;
  }
  async insert(r: Omit<FeedbackAudioRecord, 'detachedAt'>) {
    this.q.insert.run(r.id, r.schoolId, r.submissionId, r.sha256, r.mime, r.size, r.durationMs, r.createdBy, r.createdAt);
  }
  async detach(submissionId: string, at: string) {
    return this.q.detach.run(at, submissionId).changes > 0;
  }
}
