/**
 * PostgreSQL: lessons, assignments and lesson media. A content update takes a patch; nullable
 * columns (group, due date, publication, deletion) are set only when the patch names them
 * (`set_x` flags), so `null` means "clear" and `undefined` means "keep".
 */
import type { Param, PgSession } from './pg-session.ts';
import type { AssignmentPatch, AssignmentRepository, ContentPatch, LessonMediaRepository, LessonRepository } from '../repositories.ts';
import type { AssignmentRecord, ContentStatus, LessonMediaRecord, LessonRecord } from '../records.ts';
import type { Question, ResultPolicy } from '../../../src/protocol/entities.ts';
import { fromJson } from '../json-column.ts';

interface ContentRow {
  id: string;
  school_id: string;
  class_id: string;
  group_id: string | null;
  author_id: string;
  title: string;
  status: ContentStatus;
  version: number;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
interface LessonRow extends ContentRow {
  body_md: string;
}
interface AssignmentRow extends ContentRow {
  instructions_md: string;
  questions_json: string;
  due_at: string | null;
  subject: string | null;
  author_name: string;
  result_policy: ResultPolicy;
  publish_at: string | null;
  lesson_id: string | null;
}
/** The author's display name comes with the row: the tablet's diary names the teacher. */
const ASSIGNMENT_SELECT = `SELECT a.id, a.school_id, a.class_id, a.group_id, a.author_id, a.title, a.status, a.version, a.published_at, a.created_at,
  a.updated_at, a.deleted_at, a.instructions_md, a.questions_json, a.due_at, a.subject, a.result_policy, a.publish_at, a.lesson_id, u.display_name AS author_name
  FROM assignments a JOIN users u ON u.id = a.author_id`;

const CONTENT_COLUMNS = 'id, school_id, class_id, group_id, author_id, title, status, version, published_at, created_at, updated_at, deleted_at';
const contentFromRow = (r: ContentRow) => ({
  id: r.id, schoolId: r.school_id, classId: r.class_id, groupId: r.group_id, authorId: r.author_id, title: r.title, status: r.status,
  version: r.version, publishedAt: r.published_at, createdAt: r.created_at, updatedAt: r.updated_at, deletedAt: r.deleted_at,
});
const lessonFromRow = (r: LessonRow): LessonRecord => ({ ...contentFromRow(r), bodyMarkdown: r.body_md });
const assignmentFromRow = (r: AssignmentRow): AssignmentRecord => ({
  ...contentFromRow(r), instructionsMarkdown: r.instructions_md, questions: fromJson<Question[]>(r.questions_json), dueAt: r.due_at,
  subject: r.subject, authorName: r.author_name, resultPolicy: r.result_policy === 'immediate' ? 'immediate' : 'on_return',
  publishAt: r.publish_at, lessonId: r.lesson_id,
});

/** The SET clause every content update shares; its parameters are $2…$11 (`contentParams`), $1 is the id. */
const CONTENT_SETS = `title = COALESCE($2, title), status = COALESCE($3, status),
  group_id = CASE WHEN $4::boolean THEN $5 ELSE group_id END,
  published_at = CASE WHEN $6::boolean THEN $7 ELSE published_at END,
  deleted_at = CASE WHEN $8::boolean THEN $9 ELSE deleted_at END,
  version = version + $10::integer, updated_at = $11`;

const contentParams = (id: string, p: ContentPatch): Param[] => [
  id, p.title ?? null, p.status ?? null,
  p.groupId !== undefined, p.groupId ?? null,
  p.publishedAt !== undefined, p.publishedAt ?? null,
  p.deletedAt !== undefined, p.deletedAt ?? null,
  p.bumpVersion ? 1 : 0, p.updatedAt,
];

export class PgLessonRepository implements LessonRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<LessonRow>(`SELECT ${CONTENT_COLUMNS}, body_md FROM lessons WHERE id = $1`, [id]);
    return r ? lessonFromRow(r) : null;
  }
  async listByClass(classId: string) {
    const rows = await this.db.rows<LessonRow>(`SELECT ${CONTENT_COLUMNS}, body_md FROM lessons WHERE class_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC`, [classId]);
    return rows.map(lessonFromRow);
  }
  async insert(l: Omit<LessonRecord, 'version' | 'publishedAt' | 'deletedAt' | 'status' | 'updatedAt'>) {
    await this.db.run(
      `INSERT INTO lessons (id, school_id, class_id, group_id, author_id, title, body_md, status, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', 1, $8, $8)`,
      [l.id, l.schoolId, l.classId, l.groupId, l.authorId, l.title, l.bodyMarkdown, l.createdAt],
    );
  }
  async update(id: string, patch: ContentPatch & { bodyMarkdown?: string }) {
    await this.db.run(`UPDATE lessons SET ${CONTENT_SETS}, body_md = COALESCE($12, body_md) WHERE id = $1`, [...contentParams(id, patch), patch.bodyMarkdown ?? null]);
  }
  async publishedIdsForGroup(groupId: string) {
    return (await this.db.rows<{ id: string }>("SELECT id FROM lessons WHERE group_id = $1 AND status = 'published' AND deleted_at IS NULL", [groupId])).map((r) => r.id);
  }
}

export class PgAssignmentRepository implements AssignmentRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.id = $1`, [id]);
    return r ? assignmentFromRow(r) : null;
  }
  async listByClass(classId: string) {
    const rows = await this.db.rows<AssignmentRow>(
      `${ASSIGNMENT_SELECT} WHERE a.class_id = $1 AND a.deleted_at IS NULL ORDER BY a.created_at DESC`,
      [classId],
    );
    return rows.map(assignmentFromRow);
  }
  async insert(a: Omit<AssignmentRecord, 'version' | 'publishedAt' | 'deletedAt' | 'status' | 'updatedAt' | 'authorName' | 'publishAt'>) {
    await this.db.run(
      `INSERT INTO assignments (id, school_id, class_id, group_id, author_id, title, instructions_md, questions_json, due_at, subject, status, version, created_at, updated_at, result_policy, lesson_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', 1, $11, $11, $12, $13)`,
      [a.id, a.schoolId, a.classId, a.groupId, a.authorId, a.title, a.instructionsMarkdown, JSON.stringify(a.questions), a.dueAt, a.subject, a.createdAt, a.resultPolicy, a.lessonId],
    );
  }
  async update(id: string, patch: AssignmentPatch) {
    await this.db.run(
      `UPDATE assignments SET ${CONTENT_SETS}, instructions_md = COALESCE($12, instructions_md),
         questions_json = COALESCE($13, questions_json), due_at = CASE WHEN $14::boolean THEN $15 ELSE due_at END,
         subject = CASE WHEN $16::boolean THEN $17 ELSE subject END, result_policy = COALESCE($18, result_policy),
         publish_at = CASE WHEN $19::boolean THEN $20 ELSE publish_at END, lesson_id = CASE WHEN $21::boolean THEN $22 ELSE lesson_id END
       WHERE id = $1`,
      [
        ...contentParams(id, patch), patch.instructionsMarkdown ?? null,
        patch.questions === undefined ? null : JSON.stringify(patch.questions),
        patch.dueAt !== undefined, patch.dueAt ?? null, patch.subject !== undefined, patch.subject ?? null, patch.resultPolicy ?? null,
        patch.publishAt !== undefined, patch.publishAt ?? null, patch.lessonId !== undefined, patch.lessonId ?? null,
      ],
    );
  }
  async publishedIdsForGroup(groupId: string) {
    return (await this.db.rows<{ id: string }>("SELECT id FROM assignments WHERE group_id = $1 AND status = 'published' AND deleted_at IS NULL", [groupId])).map((r) => r.id);
  }
  async dueForPublishing(at: string, limit: number) {
    const rows = await this.db.rows<AssignmentRow>(
      `${ASSIGNMENT_SELECT} WHERE a.publish_at IS NOT NULL AND a.publish_at <= $1 AND a.status = 'draft' AND a.deleted_at IS NULL ORDER BY a.publish_at, a.id LIMIT $2`,
      [at, limit],
    );
    return rows.map(assignmentFromRow);
  }
  async nextPublishAt() {
    return (await this.db.one<{ at: string | null }>("SELECT MIN(publish_at) AS at FROM assignments WHERE publish_at IS NOT NULL AND status = 'draft' AND deleted_at IS NULL"))?.at ?? null;
  }
  async publishScheduled(id: string, at: string) {
    // READ COMMITTED: a second process's update waits for the first's row lock, then re-reads the row and matches nothing.
    return (await this.db.run(
      `UPDATE assignments SET status = 'published', published_at = publish_at, publish_at = NULL, updated_at = $2
       WHERE id = $1 AND status = 'draft' AND publish_at IS NOT NULL AND publish_at <= $2 AND deleted_at IS NULL`,
      [id, at],
    )) > 0;
  }
}

interface MediaRow {
  id: string;
  school_id: string;
  lesson_id: string | null;
  sha256: string;
  kind: 'image' | 'audio';
  mime: string;
  size: number;
  name: string;
  description: string;
  assignment_id: string | null;
  question_id: string | null;
}
const mediaFromRow = (r: MediaRow): LessonMediaRecord => ({
  id: r.id, schoolId: r.school_id, lessonId: r.lesson_id, sha256: r.sha256, kind: r.kind, mime: r.mime, size: r.size, name: r.name, description: r.description,
  assignmentId: r.assignment_id, questionId: r.question_id,
});
const MEDIA_COLUMNS = 'id, school_id, lesson_id, sha256, kind, mime, size, name, description, assignment_id, question_id';

export class PgLessonMediaRepository implements LessonMediaRepository {
  constructor(private readonly db: PgSession) {}
  async byId(id: string) {
    const r = await this.db.one<MediaRow>(`SELECT ${MEDIA_COLUMNS} FROM lesson_media WHERE id = $1`, [id]);
    return r ? mediaFromRow(r) : null;
  }
  async listByLesson(lessonId: string) {
    return (await this.db.rows<MediaRow>(`SELECT ${MEDIA_COLUMNS} FROM lesson_media WHERE lesson_id = $1 ORDER BY position, created_at`, [lessonId])).map(mediaFromRow);
  }
  async insert(m: LessonMediaRecord & { createdBy: string | null; createdAt: string }) {
    if (m.assignmentId) {
      await this.db.run(
        `INSERT INTO lesson_media (id, school_id, assignment_id, question_id, sha256, kind, mime, size, name, position, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT COALESCE(MAX(position) + 1, 0) FROM lesson_media WHERE assignment_id = $3), $10, $11)`,
        [m.id, m.schoolId, m.assignmentId, m.questionId, m.sha256, m.kind, m.mime, m.size, m.name, m.createdBy, m.createdAt],
      );
      return;
    }
    // Appended after the lesson's other media; two teachers adding at once may share a position (ties order by creation).
    await this.db.run(
      `INSERT INTO lesson_media (id, school_id, lesson_id, sha256, kind, mime, size, name, position, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT COALESCE(MAX(position) + 1, 0) FROM lesson_media WHERE lesson_id = $3), $9, $10)`,
      [m.id, m.schoolId, m.lessonId, m.sha256, m.kind, m.mime, m.size, m.name, m.createdBy, m.createdAt],
    );
  }
  async remove(lessonId: string, mediaId: string) {
    return (await this.db.run('DELETE FROM lesson_media WHERE id = $1 AND lesson_id = $2', [mediaId, lessonId])) > 0;
  }
  async describe(lessonId: string, mediaId: string, description: string) {
    return (await this.db.run('UPDATE lesson_media SET description = $1 WHERE id = $2 AND lesson_id = $3', [description, mediaId, lessonId])) > 0;
  }
  async listByAssignment(assignmentId: string) {
    return (await this.db.rows<MediaRow>(`SELECT ${MEDIA_COLUMNS} FROM lesson_media WHERE assignment_id = $1 ORDER BY position, created_at`, [assignmentId])).map(mediaFromRow);
  }
  async removeFromAssignment(assignmentId: string, mediaId: string) {
    return (await this.db.run('DELETE FROM lesson_media WHERE id = $1 AND assignment_id = $2', [mediaId, assignmentId])) > 0;
  }
  async describeOnAssignment(assignmentId: string, mediaId: string, description: string) {
    return (await this.db.run('UPDATE lesson_media SET description = $1 WHERE id = $2 AND assignment_id = $3', [description, mediaId, assignmentId])) > 0;
  }
}
