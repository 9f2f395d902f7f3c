/**
 * Records → wire entities (src/protocol). The REST answers and the sync pull both use these,
 * so the console and the tablet always see the same shape.
 */
import type { Tx } from '../store/repositories.ts';
import type { AnnotationRecord, AssignmentRecord, AttachmentRecord, ClassRecord, FeedbackAudioRecord, FeedbackRecord, GroupRecord, LessonMediaRecord, LessonRecord, RevisionRecord, StudentRecord, SubmissionRecord } from '../store/records.ts';
import type { PhotoAnnotations } from '../../src/protocol/annotations.ts';
import type { Assignment, AttachmentMeta, ClassInfo, Feedback, FeedbackAudio, Group, Lesson, MediaRef, Question, Reminder, Revision, SentBack, StudentCard, Submission } from '../../src/protocol/entities.ts';

export const mediaUrl = (mediaId: string) => `/media/${mediaId}`;
export const attachmentUrl = (attachmentId: string) => `/files/attachments/${attachmentId}`;
/** A spoken comment: under /media/ so the tablet's service worker caches it like lesson media (offline, Range). */
export const feedbackAudioUrl = (audioId: string) => `/media/feedback/${audioId}`;

export const feedbackAudioWire = (a: FeedbackAudioRecord): FeedbackAudio => ({ id: a.id, mime: a.mime, size: a.size, durationMs: a.durationMs, url: feedbackAudioUrl(a.id) });

export const classInfo = (c: ClassRecord): ClassInfo => ({ id: c.id, name: c.name, archived: c.archived, subject: c.subject });

export const studentCard = (s: StudentRecord): StudentCard => ({ id: s.id, classId: s.classId, firstName: s.firstName, lastName: s.lastName, archived: s.archived, secretLength: s.secretLength });

export const mediaRef = (m: LessonMediaRecord): MediaRef => ({
  id: m.id, kind: m.kind, mime: m.mime, size: m.size, sha256: m.sha256, name: m.name, description: m.description,
  ...(m.assignmentId ? { questionId: m.questionId } : {}), url: mediaUrl(m.id),
});

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

/** The assignment with its media (those of a question removed since are left out). */
export async function assignmentWire(tx: Tx, a: AssignmentRecord): Promise<Assignment> {
  const questionIds = new Set(a.questions.map((q) => q.id));
  const media = (await tx.lessonMedia.listByAssignment(a.id)).filter((m) => m.questionId === null || questionIds.has(m.questionId)).map(mediaRef);
  return { ...assignmentFields(a), media };
}

const assignmentFields = (a: AssignmentRecord): Assignment => ({
  id: a.id, classId: a.classId, groupId: a.groupId, title: a.title, instructionsMarkdown: a.instructionsMarkdown, dueAt: a.dueAt,
  questions: a.questions, subject: a.subject, authorName: a.authorName, resultPolicy: a.resultPolicy, publishAt: a.publishAt, lessonId: a.lessonId, version: a.version, status: a.status, publishedAt: a.publishedAt, updatedAt: a.updatedAt,
});

/** A question without its answer key. */
const withoutKey = ({ key: _key, ...q }: Question): Question => q;

/**
 * The assignment as the tablets receive it: the answer keys travel only when the teacher chose
 * « résultat immédiat » (the tablet then marks offline); otherwise they stay on the server until
 * a copy is returned (then with that pupil's feedback, `pupilFeedbackWire`).
 */
export const pupilAssignmentWire = async (tx: Tx, a: AssignmentRecord): Promise<Assignment> => {
  const w = await assignmentWire(tx, a);
  return a.resultPolicy === 'immediate' ? w : { ...w, questions: w.questions.map(withoutKey) };
};

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
    submittedAt: s.submittedAt, late: s.late, resubmitted: s.resubmitted, complete, autoMarks: submitted?.autoMarks ?? [],
    ...(await followUpWire(tx, s)), version: s.version, updatedAt: s.updatedAt,
  };
}

/**
 * The teacher's follow-up of this copy (issue 13): the pupil's own due date; « À refaire » with
 * its message while the copy is a draft again; the latest reminder while not handed in — one
 * sent before the last hand-in is over (a sent-back copy does not bring it back).
 */
async function followUpWire(tx: Tx, s: SubmissionRecord): Promise<{ dueAt: string | null; sentBack: SentBack | null; reminder: Reminder | null }> {
  const f = await tx.followUps.get(s.assignmentId, s.studentId);
  const sentBack = s.state === 'draft' && f?.sentBackAt ? { message: f.sentBackMessage ?? '', at: f.sentBackAt } : null;
  const r = s.state === 'draft' ? await tx.reminders.latest(s.assignmentId, s.studentId) : null;
  const fresh = r && (!s.submittedAt || Date.parse(r.sentAt) > Date.parse(s.submittedAt)) ? r : null;
  const byName = fresh?.sentBy ? (await tx.users.byId(fresh.sentBy))?.displayName : undefined;
  const reminder = fresh ? { id: fresh.id, message: fresh.message, at: fresh.sentAt, ...(byName ? { byName } : {}) } : null;
  return { dueAt: f?.dueAt ?? null, sentBack, reminder };
}

/** The submission as its pupil's tablets receive it: without the automatic points (they come with the returned feedback). */
export async function pupilSubmissionWire(tx: Tx, s: SubmissionRecord): Promise<Submission> {
  const { autoMarks: _marks, ...w } = await submissionWire(tx, s);
  return w;
}

/** The feedback, with the teacher's current spoken comment (issue 13). */
export async function feedbackWire(tx: Tx, f: FeedbackRecord, s: Pick<SubmissionRecord, 'assignmentId' | 'studentId'>): Promise<Feedback> {
  const audio = await tx.feedbackAudio.current(f.submissionId);
  return {
    id: f.id, submissionId: f.submissionId, assignmentId: s.assignmentId, studentId: s.studentId, perQuestion: f.perQuestion, comment: f.comment,
    mark: f.mark, maxMark: f.maxMark, returnedAt: f.returnedAt, audio: audio ? feedbackAudioWire(audio) : null, version: f.version, updatedAt: f.updatedAt,
  };
}

/**
 * Returned feedback as its pupil's tablets receive it: with the automatic points of the
 * handed-in copy and the right answers of the self-marking questions (the return is when an
 * « au retour » assignment's keys may reach this pupil, and only this pupil).
 */
export async function pupilFeedbackWire(tx: Tx, f: FeedbackRecord, s: SubmissionRecord): Promise<Feedback> {
  const w = await feedbackWire(tx, f, s);
  if (!f.returnedAt) return w;
  const submitted = s.submittedRevisionId ? await tx.revisions.byId(s.submittedRevisionId) : null;
  const a = await tx.assignments.byId(s.assignmentId);
  const keys = (a?.questions ?? []).flatMap((q) => (q.key ? [{ questionId: q.id, key: q.key }] : []));
  const annotations = returnedAnnotationsWire(await tx.annotations.listBySubmission(s.id));
  return { ...w, autoMarks: submitted?.autoMarks ?? [], keys, annotations };
}

const sameMarks = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The teacher's layers as the console shows them: the current marks, and whether the pupil has exactly these. */
export const annotationsWire = (rows: readonly AnnotationRecord[]): PhotoAnnotations[] =>
  rows.map((r) => ({ attachmentId: r.attachmentId, marks: r.marks, updatedAt: r.updatedAt, returned: r.returnedMarks !== null && sameMarks(r.returnedMarks, r.marks) }));

/** The layers as the pupil received them at the last return (none before it; an erased layer is not sent). */
export const returnedAnnotationsWire = (rows: readonly AnnotationRecord[]): PhotoAnnotations[] =>
  rows.flatMap((r) => (r.returnedMarks?.length && r.returnedAt ? [{ attachmentId: r.attachmentId, marks: r.returnedMarks, updatedAt: r.returnedAt }] : []));
