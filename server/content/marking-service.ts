/**
 * The teacher's side of students' work: follow an assignment, open a copy, write feedback and
 * marks, return them. Rules: feedback stays invisible to the student until it is returned; an
 * edit after returning waits for the next return (the tablet keeps the returned version until
 * then); only handed-in work with feedback can be returned, and returning records the feedback
 * and the submission in the student's scope.
 */
import { recordAudit } from '../audit/audit-log.ts';
import type { Database, Tx } from '../store/repositories.ts';
import type { StudentRecord } from '../store/records.ts';
import type { Feedback } from '../../src/protocol/entities.ts';
import { feedbackProblems, type FeedbackRequest, type SubmissionDetail, type SubmissionRow } from '../../src/protocol/console.ts';
import type { Actor } from '../access/actor.ts';
import { assignmentFor, signingTeacher, submissionFor } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import { annotationsWire, assignmentWire, attachmentMeta, feedbackWire, revisionAttachmentIds, studentCard, submissionWire } from './wire.ts';

export class MarkingService {
  constructor(private readonly db: Database) {}

  /** Every student the assignment targets (class or group, not archived) plus anyone who already handed in, by name. */
  submissionsOf(actor: Actor, assignmentId: string): Promise<SubmissionRow[]> {
    return this.db.read(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'staff');
      const students = new Map<string, StudentRecord>();
      const classmates = await tx.students.listByClass(a.classId, { activeOnly: true });
      const members = a.groupId ? new Set(await tx.groups.memberIds(a.groupId)) : null;
      for (const s of classmates) if (!members || members.has(s.id)) students.set(s.id, s);
      const subs = await tx.submissions.listByAssignment(assignmentId);
      for (const sub of subs) {
        if (!students.has(sub.studentId)) {
          const s = await tx.students.byId(sub.studentId);
          if (s) students.set(s.id, s);
        }
      }
      const bySub = new Map(subs.map((s) => [s.studentId, s]));
      const sorted = [...students.values()].sort((x, y) => `${x.lastName} ${x.firstName}`.localeCompare(`${y.lastName} ${y.firstName}`, 'fr'));
      return Promise.all(
        sorted.map(async (s) => {
          const sub = bySub.get(s.id);
          const fb = sub ? await tx.feedback.bySubmission(sub.id) : null;
          return { student: studentCard(s), submission: sub ? await submissionWire(tx, sub) : null, feedback: sub && fb ? await feedbackWire(tx, fb, sub) : null };
        }),
      );
    });
  }

  submission(actor: Actor, id: string): Promise<SubmissionDetail> {
    return this.db.read(async (tx) => {
      const { submission: sub, assignment } = await submissionFor(tx, actor, id, 'staff');
      const student = await tx.students.byId(sub.studentId);
      if (!student) throw fail('submission_not_found');
      const submission = await submissionWire(tx, sub);
      const ids = [...new Set([...revisionAttachmentIds(submission.latest), ...revisionAttachmentIds(submission.submitted)])];
      const owned = new Map((await tx.attachments.listOwned(sub.studentId, ids)).map((a) => [a.id, a]));
      const fb = await tx.feedback.bySubmission(id);
      return {
        submission, student: studentCard(student), assignment: await assignmentWire(tx, assignment), feedback: fb ? await feedbackWire(tx, fb, sub) : null,
        attachments: ids.flatMap((aid) => { const a = owned.get(aid); return a ? [attachmentMeta(a)] : []; }),
        annotations: annotationsWire(await tx.annotations.listBySubmission(id)),
      };
    });
  }

  /** Saves the teacher's feedback (not visible to the student until returned). */
  saveFeedback(actor: Actor, submissionId: string, fb: FeedbackRequest): Promise<Feedback> {
    return this.db.write(async (tx) => {
      const { submission, assignment } = await submissionFor(tx, actor, submissionId, 'teacher');
      const problems = feedbackProblems(assignment.questions, fb);
      const first = problems[0];
      if (first) throw fail(first.code, first.params, problems);
      const teacherId = await signingTeacher(tx, actor, assignment.classId);
      const at = now();
      const existing = await tx.feedback.bySubmission(submissionId);
      // An edit after returning waits for the next return: the tablet keeps the returned version until then.
      if (existing) await tx.feedback.update(existing.id, { teacherId, perQuestion: fb.perQuestion, comment: fb.comment, mark: fb.mark, maxMark: fb.maxMark, returnedAt: null }, at);
      else await tx.feedback.insert({ id: newId(), submissionId, teacherId, perQuestion: fb.perQuestion, comment: fb.comment, mark: fb.mark, maxMark: fb.maxMark, at });
      return feedbackWire(tx, await this.mustFeedback(tx, submissionId), submission);
    });
  }

  /** Returns the feedback: returnedAt set, submission 'returned', both recorded for the student's tablets. */
  returnFeedback(actor: Actor, submissionId: string): Promise<Feedback> {
    return this.db.write(async (tx) => {
      const { submission } = await submissionFor(tx, actor, submissionId, 'teacher');
      if (submission.state === 'draft') throw fail('not_handed_in');
      const f = await tx.feedback.bySubmission(submissionId);
      if (!f) throw fail('feedback_missing');
      const at = now();
      await tx.feedback.update(f.id, { returnedAt: at }, at);
      await tx.submissions.update(submissionId, { state: 'returned' }, at);
      await tx.annotations.markReturned(submissionId, at); // the photos' layers go with the correction, as they are now
      const scope = `student:${submission.studentId}` as const;
      await tx.changes.put(scope, 'feedback', f.id, at);
      await tx.changes.put(scope, 'submission', submissionId, at);
      const student = await tx.students.byId(submission.studentId);
      await recordAudit(tx, actor, 'return', { type: 'submission', id: submissionId, label: student ? `${student.firstName} ${student.lastName}` : undefined }, { assignmentId: submission.assignmentId, mark: f.mark }, student?.schoolId);
      return feedbackWire(tx, await this.mustFeedback(tx, submissionId), submission);
    });
  }

  private async mustFeedback(tx: Tx, submissionId: string) {
    const f = await tx.feedback.bySubmission(submissionId);
    if (!f) throw fail('feedback_missing');
    return f;
  }
}
