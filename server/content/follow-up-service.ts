/**
 * The teacher's follow-up of pupils' work (issue 13). Rules:
 * - only a teacher of the class acts (the IT referent reads the console but may not: teacher_only);
 *   someone else's assignment, copy or pupil is the same 404 as an unknown id;
 * - « À refaire »: only a handed-in copy (submitted or returned) goes back, with a message; it
 *   becomes a draft again whose answers are the handed-in ones (no revision is written: the
 *   revisions stay append-only and the next hand-in is the next one, a resubmission);
 * - a pupil's own due date: only a pupil the assignment targets; a copy already handed in is
 *   judged late or not again against it; null gives the assignment's date back;
 * - « Relancer »: every targeted pupil who has not handed in (no copy, a draft, a copy sent
 *   back) gets one reminder, recorded with who and when; nobody to remind is a 409;
 * - each action re-stamps the pupil's copy in their scope (the tablet learns it at its next
 *   sync; a pupil who never opened the work gets an empty copy to carry it) and is audited.
 */
import { recordAudit } from '../audit/audit-log.ts';
import type { Database, Tx } from '../store/repositories.ts';
import type { AssignmentRecord, StudentRecord, SubmissionRecord } from '../store/records.ts';
import type { Submission } from '../../src/protocol/entities.ts';
import type { DueOverrideResult, ReminderResult } from '../../src/protocol/follow-up.ts';
import type { Actor } from '../access/actor.ts';
import { assignmentFor, signingTeacher, submissionFor } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import { isLate, submissionOf } from '../sync/work-revisions.ts';
import { submissionWire } from './wire.ts';

const studentLabel = (s: StudentRecord | null) => (s ? `${s.firstName} ${s.lastName}` : undefined);

/** Whether the pupil has handed the work in (and it is not back in their hands). */
const handedIn = (s: SubmissionRecord | undefined) => !!s && s.state !== 'draft';

export class FollowUpService {
  constructor(private readonly db: Database) {}

  /** Sends a handed-in copy back to its pupil « À refaire » with the teacher's message. */
  async sendBack(actor: Actor, submissionId: string, message: string): Promise<Submission> {
    const text = message.trim();
    if (!text) throw fail('send_back_message_required');
    return this.db.write(async (tx) => {
      const { submission, assignment } = await submissionFor(tx, actor, submissionId, 'teacher');
      if (!handedIn(submission)) throw fail('not_handed_in');
      const teacherId = await signingTeacher(tx, actor, assignment.classId);
      const at = now();
      await tx.followUps.sendBack(assignment.id, submission.studentId, text, teacherId, at);
      // The latest revision (the handed-in one, or a draft the pupil wrote since) becomes the tablet's draft.
      await tx.submissions.update(submission.id, { state: 'draft' }, at);
      await tx.changes.put(`student:${submission.studentId}`, 'submission', submission.id, at);
      const student = await tx.students.byId(submission.studentId);
      await recordAudit(tx, actor, 'send_back', { type: 'submission', id: submission.id, label: studentLabel(student) }, { assignmentId: assignment.id }, student?.schoolId);
      return submissionWire(tx, await this.mustSubmission(tx, submission.id));
    });
  }

  /** Gives one pupil their own due date (null: the assignment's again). */
  async setDue(actor: Actor, assignmentId: string, studentId: string, dueAt: string | null): Promise<DueOverrideResult> {
    if (dueAt !== null && !Number.isFinite(Date.parse(dueAt))) throw fail('due_date_invalid');
    const due = dueAt === null ? null : new Date(Date.parse(dueAt)).toISOString();
    return this.db.write(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      if (a.status !== 'published') throw fail('assignment_not_published');
      const student = await this.targetedStudent(tx, a, studentId);
      const teacherId = await signingTeacher(tx, actor, a.classId);
      const at = now();
      await tx.followUps.setDue(a.id, student.id, due, teacherId, at);
      const sub = await submissionOf(tx, a.id, student.id, at);
      const late = sub.submittedAt ? isLate(due ?? a.dueAt, sub.submittedAt) : false;
      await tx.submissions.update(sub.id, { late }, at);
      await tx.changes.put(`student:${student.id}`, 'submission', sub.id, at);
      await recordAudit(tx, actor, 'due_extend', { type: 'student', id: student.id, label: studentLabel(student) }, { assignmentId: a.id, dueAt: due }, student.schoolId);
      return { studentId: student.id, dueAt: due, late };
    });
  }

  /** Reminds every targeted pupil who has not handed in; returns how many. */
  remind(actor: Actor, assignmentId: string, message: string | undefined): Promise<ReminderResult> {
    const text = (message ?? '').trim();
    return this.db.write(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      if (a.status !== 'published') throw fail('assignment_not_published');
      const teacherId = await signingTeacher(tx, actor, a.classId);
      const subs = new Map((await tx.submissions.listByAssignment(a.id)).map((s) => [s.studentId, s]));
      const pupils = (await this.targetedStudents(tx, a)).filter((s) => !handedIn(subs.get(s.id)));
      if (pupils.length === 0) throw fail('nobody_to_remind');
      const at = now();
      for (const s of pupils) {
        await tx.reminders.insert({ id: newId(), schoolId: a.schoolId, assignmentId: a.id, studentId: s.id, message: text, sentBy: teacherId, sentAt: at });
        const sub = subs.get(s.id) ?? (await submissionOf(tx, a.id, s.id, at));
        await tx.submissions.update(sub.id, {}, at); // a new version: the tablet adopts the copy again
        await tx.changes.put(`student:${s.id}`, 'submission', sub.id, at);
      }
      await recordAudit(tx, actor, 'remind', { type: 'assignment', id: a.id, label: a.title }, { count: pupils.length, message: text || null }, a.schoolId);
      return { reminded: pupils.length, at };
    });
  }

  /** The active pupils the assignment targets (its class, or its group). */
  private async targetedStudents(tx: Tx, a: AssignmentRecord): Promise<StudentRecord[]> {
    const classmates = await tx.students.listByClass(a.classId, { activeOnly: true });
    if (!a.groupId) return classmates;
    const members = new Set(await tx.groups.memberIds(a.groupId));
    return classmates.filter((s) => members.has(s.id));
  }

  private async targetedStudent(tx: Tx, a: AssignmentRecord, studentId: string): Promise<StudentRecord> {
    const s = await tx.students.byId(studentId);
    if (!s || s.schoolId !== a.schoolId || s.classId !== a.classId) throw fail('student_not_found');
    if (s.archived || (a.groupId && !(await tx.groups.isMember(a.groupId, s.id)))) throw fail('student_not_concerned');
    return s;
  }

  private async mustSubmission(tx: Tx, id: string): Promise<SubmissionRecord> {
    const s = await tx.submissions.byId(id);
    if (!s) throw fail('submission_not_found');
    return s;
  }
}
