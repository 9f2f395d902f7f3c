/**
 * Row → wire entity, for every synced record. The REST APIs and the sync pull both use
 * these, so the console and the tablet always see the same shape.
 */
import type { Db } from './database.ts';
import type {
  Answer, Assignment, ClassInfo, Feedback, Group, Lesson, MediaRef, QuestionFeedback, Question, Revision, StudentCard, Submission,
} from '../../../src/protocol/entities.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : (v as string));

export const classFromRow = (r: Row): ClassInfo => ({ id: str(r.id), name: str(r.name), archived: r.archived === 1 });

export const studentCardFromRow = (r: Row): StudentCard => ({
  id: str(r.id), classId: str(r.class_id), firstName: str(r.first_name), lastName: str(r.last_name), archived: r.archived === 1,
});

export function groupFromRow(db: Db, r: Row): Group {
  const ids = db.prepare('SELECT student_id FROM group_members WHERE group_id = ? ORDER BY student_id').pluck().all(r.id) as string[];
  return { id: str(r.id), classId: str(r.class_id), name: str(r.name), studentIds: ids };
}

export const mediaUrl = (mediaId: string) => `/media/${mediaId}`;

export function lessonMedia(db: Db, lessonId: string): MediaRef[] {
  const rows = db.prepare('SELECT * FROM lesson_media WHERE lesson_id = ? ORDER BY position, created_at').all(lessonId) as Row[];
  return rows.map((m) => ({
    id: str(m.id), kind: m.kind as MediaRef['kind'], mime: str(m.mime), size: m.size as number, sha256: str(m.sha256), name: str(m.name), url: mediaUrl(str(m.id)),
  }));
}

export const lessonFromRow = (db: Db, r: Row): Lesson => ({
  id: str(r.id),
  classId: str(r.class_id),
  groupId: strOrNull(r.group_id),
  title: str(r.title),
  bodyMarkdown: str(r.body_md),
  media: lessonMedia(db, str(r.id)),
  version: r.version as number,
  status: r.status as Lesson['status'],
  publishedAt: strOrNull(r.published_at),
  updatedAt: str(r.updated_at),
});

export const assignmentFromRow = (r: Row): Assignment => ({
  id: str(r.id),
  classId: str(r.class_id),
  groupId: strOrNull(r.group_id),
  title: str(r.title),
  instructionsMarkdown: str(r.instructions_md),
  dueAt: strOrNull(r.due_at),
  questions: JSON.parse(str(r.questions_json)) as Question[],
  version: r.version as number,
  status: r.status as Assignment['status'],
  publishedAt: strOrNull(r.published_at),
  updatedAt: str(r.updated_at),
});

export const revisionFromRow = (r: Row): Revision => ({
  id: str(r.id),
  number: r.number as number,
  kind: r.kind as Revision['kind'],
  answers: JSON.parse(str(r.answers_json)) as Answer[],
  assignmentVersion: r.assignment_version as number,
  deviceId: strOrNull(r.device_id),
  createdAt: str(r.created_at),
});

function revisionById(db: Db, id: unknown): Revision | null {
  if (!id) return null;
  const r = db.prepare('SELECT * FROM submission_revisions WHERE id = ?').get(id) as Row | undefined;
  return r ? revisionFromRow(r) : null;
}

/** Attachment ids referenced by a revision's answers. */
export const revisionAttachmentIds = (rev: Revision | null): string[] => (rev ? rev.answers.flatMap((a) => a.attachmentIds ?? []) : []);

export function submissionFromRow(db: Db, r: Row): Submission {
  const latest = revisionById(db, r.latest_revision_id);
  const submitted = revisionById(db, r.submitted_revision_id);
  const ids = revisionAttachmentIds(submitted);
  const incomplete = ids.length
    ? (db.prepare(`SELECT COUNT(*) FROM attachments WHERE complete = 0 AND id IN (${ids.map(() => '?').join(',')})`).pluck().get(...ids) as number) +
      (ids.length - (db.prepare(`SELECT COUNT(*) FROM attachments WHERE id IN (${ids.map(() => '?').join(',')})`).pluck().get(...ids) as number))
    : 0;
  return {
    id: str(r.id),
    assignmentId: str(r.assignment_id),
    studentId: str(r.student_id),
    state: r.state as Submission['state'],
    latest,
    submitted,
    submittedAt: strOrNull(r.submitted_at),
    late: r.late === 1,
    resubmitted: r.resubmitted === 1,
    complete: incomplete === 0,
    version: r.version as number,
    updatedAt: str(r.updated_at),
  };
}

export function feedbackFromRow(db: Db, r: Row): Feedback {
  const sub = db.prepare('SELECT assignment_id, student_id FROM submissions WHERE id = ?').get(r.submission_id) as Row;
  return {
    id: str(r.id),
    submissionId: str(r.submission_id),
    assignmentId: str(sub.assignment_id),
    studentId: str(sub.student_id),
    perQuestion: JSON.parse(str(r.per_question_json)) as QuestionFeedback[],
    comment: str(r.comment),
    mark: (r.mark as number | null) ?? null,
    maxMark: r.max_mark as number,
    returnedAt: strOrNull(r.returned_at),
    version: r.version as number,
    updatedAt: str(r.updated_at),
  };
}

/** The change-log scopes a student may read: their class, their groups, and their own records. */
export function studentScopes(db: Db, studentId: string): string[] {
  const st = db.prepare('SELECT class_id FROM students WHERE id = ?').get(studentId) as Row | undefined;
  if (!st) return [];
  const groups = db.prepare('SELECT group_id FROM group_members WHERE student_id = ?').pluck().all(studentId) as string[];
  return [`class:${str(st.class_id)}`, ...groups.map((g) => `group:${g}`), `student:${studentId}`];
}
