/**
 * Records → wire entities (src/protocol). The REST answers and the sync pull both use these,
 * so the console and the tablet always see the same shape.
 */
import type { Tx } from '../store/repositories.ts';
import type { AssignmentRecord, AttachmentRecord, ClassRecord, FeedbackRecord, GroupRecord, LessonMediaRecord, LessonRecord, RevisionRecord, StudentRecord, SubmissionRecord } from '../store/records.ts';
import type { Assignment, AttachmentMeta, ClassInfo, Feedback, Group, Lesson, MediaRef, Revision, StudentCard, Submission } from '../../src/protocol/entities.ts';

export const mediaUrl = (mediaId: string) => `/media/${mediaId}`;
export const attachmentUrl = (attachmentId: string) => `/files/attachments/${attachmentId}`;

export const classInfo = (c: ClassRecord): ClassInfo => ({ id: c.id, name: c.name, archived: c.archived, subject: c.subject });

export const studentCard = (s: StudentRecord): StudentCard => ({ id: s.id, classId: s.classId, firstName: s.firstName, lastName: s.lastName, archived: s.archived });

export const mediaRef = (m: LessonMediaRecord): MediaRef => ({ id: m.id, kind: m.kind, mime: m.mime, size: m.size, sha256: m.sha256, name: m.name, url: mediaUrl(m.id) });

export const attachmentMeta = (a: AttachmentRecord): AttachmentMeta => ({
  id: a.id, studentId: a.studentId, kind: a.kind, mime: a.mime, size: a.size, sha256: a.sha256, complete: a.complete, url: attachmentUrl(a.id),
});

export async function groupWire(tx: Tx, g: GroupRecord): Promise<Group> {
  return { id: g.id, classId: g.classId, name: g.name, studentIds: await tx.groups.memberIds(g.id) };
}

export async function lessonWire(tx: Tx, l: LessonRecord): Promise<Lesson> {
  return {
    id: l.id, classId: l.classId, groupId: l.groupId, title: l.title, bodyMarkdown: l.bodyMarkdown,
    media: (await tx.lessonMedia.listByLesson(l.id)).map(mediaRef),
    version: l.version, status: l.status, publishedAt: l.publishedAt, updatedAt: l.updatedAt,
  };
}

export const assignmentWire = (a: AssignmentRecord): Assignment => ({
  id: a.id, classId: a.classId, groupId: a.groupId, title: a.title, instructionsMarkdown: a.instructionsMarkdown, dueAt: a.dueAt,
  questions: a.questions, subject: a.subject, authorName: a.authorName, version: a.version, status: a.status, publishedAt: a.publishedAt, updatedAt: a.updatedAt,
});

const revisionWire = (r: RevisionRecord): Revision => ({
  id: r.id, number: r.number, kind: r.kind, answers: r.answers, assignmentVersion: r.assignmentVersion, deviceId: r.deviceId, createdAt: r.createdAt,
});

/** Attachment ids referenced by a revision's answers. */
export const revisionAttachmentIds = (rev: Pick<Revision, 'answers'> | null): string[] => (rev ? rev.answers.flatMap((a) => a.attachmentIds ?? []) : []);

export async function submissionWire(tx: Tx, s: SubmissionRecord): Promise<Submission> {
  const latest = s.latestRevisionId ? await tx.revisions.byId(s.latestRevisionId) : null;
  const submitted = s.submittedRevisionId === s.latestRevisionId ? latest : s.submittedRevisionId ? await tx.revisions.byId(s.submittedRevisionId) : null;
  // Final only once every attachment of the handed-in revision is on the server.
  const ids = [...new Set(revisionAttachmentIds(submitted))];
  const complete = ids.length === 0 || (await tx.attachments.countComplete(ids)) === ids.length;
  return {
    id: s.id, assignmentId: s.assignmentId, studentId: s.studentId, state: s.state,
    latest: latest ? revisionWire(latest) : null, submitted: submitted ? revisionWire(submitted) : null,
    submittedAt: s.submittedAt, late: s.late, resubmitted: s.resubmitted, complete, version: s.version, updatedAt: s.updatedAt,
  };
}

export function feedbackWire(f: FeedbackRecord, s: Pick<SubmissionRecord, 'assignmentId' | 'studentId'>): Feedback {
  return {
    id: f.id, submissionId: f.submissionId, assignmentId: s.assignmentId, studentId: s.studentId, perQuestion: f.perQuestion, comment: f.comment,
    mark: f.mark, maxMark: f.maxMark, returnedAt: f.returnedAt, version: f.version, updatedAt: f.updatedAt,
  };
}
