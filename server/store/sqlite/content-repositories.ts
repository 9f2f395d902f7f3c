/**
 * SQLite: lessons, assignments and lesson media. A content update takes a patch; nullable
 * columns (group, due date, publication, deletion) are set only when the patch names them
 * (`@set_x` flags), so `null` means "clear" and `undefined` means "keep".
 */
import type { Db } from './database.ts';
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

/** The named parameters every content update binds. */
interface ContentPatchParams {
  id: string;
  title: string | null;
  status: ContentStatus | null;
  set_group: number;
  group_id: string | null;
  set_published: number;
  published_at: string | null;
  set_deleted: number;
  deleted_at: string | null;
  bump: number;
  at: string;
}
const CONTENT_SETS = `title = COALESCE(@title, title), status = COALESCE(@status, status),
  group_id = CASE WHEN @set_group THEN @group_id ELSE group_id END,
  published_at = CASE WHEN @set_published THEN @published_at ELSE published_at END,
  deleted_at = CASE WHEN @set_deleted THEN @deleted_at ELSE deleted_at END,
  version = version + @bump, updated_at = @at`;

const patchParams = (id: string, p: ContentPatch): ContentPatchParams => ({
  id, title: p.title ?? null, status: p.status ?? null,
  set_group: p.groupId === undefined ? 0 : 1, group_id: p.groupId ?? null,
  set_published: p.publishedAt === undefined ? 0 : 1, published_at: p.publishedAt ?? null,
  set_deleted: p.deletedAt === undefined ? 0 : 1, deleted_at: p.deletedAt ?? null,
  bump: p.bumpVersion ? 1 : 0, at: p.updatedAt,
});

const lessonStatements = (db: Db) => ({
  byId: db.prepare<[string], LessonRow>('SELECT * FROM lessons WHERE id = ?'),
  byClass: db.prepare<[string], LessonRow>('SELECT * FROM lessons WHERE class_id = ? AND deleted_at IS NULL ORDER BY created_at DESC'),
  insert: db.prepare<[string, string, string, string | null, string, string, string, string, string]>(
    `INSERT INTO lessons (id, school_id, class_id, group_id, author_id, title, body_md, status, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?)`,
  ),
  update: db.prepare<[ContentPatchParams & { body_md: string | null }]>(`UPDATE lessons SET ${CONTENT_SETS}, body_md = COALESCE(@body_md, body_md) WHERE id = @id`),
  forGroup: db.prepare<[string], { id: string }>("SELECT id FROM lessons WHERE group_id = ? AND status = 'published' AND deleted_at IS NULL"),
});

export class SqliteLessonRepository implements LessonRepository {
  private readonly q: ReturnType<typeof lessonStatements>;
  constructor(db: Db) {
    this.q = lessonStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? lessonFromRow(r) : null;
  }
  async listByClass(classId: string) {
    return this.q.byClass.all(classId).map(lessonFromRow);
  }
  async insert(l: Omit<LessonRecord, 'version' | 'publishedAt' | 'deletedAt' | 'status' | 'updatedAt'>) {
    this.q.insert.run(l.id, l.schoolId, l.classId, l.groupId, l.authorId, l.title, l.bodyMarkdown, l.createdAt, l.createdAt);
  }
  async update(id: string, patch: ContentPatch & { bodyMarkdown?: string }) {
    this.q.update.run({ ...patchParams(id, patch), body_md: patch.bodyMarkdown ?? null });
  }
  async publishedIdsForGroup(groupId: string) {
    return this.q.forGroup.all(groupId).map((r) => r.id);
  }
}

// The author's display name comes with the row: the tablet's diary names the teacher.
const ASSIGNMENT_SELECT = 'SELECT a.*, u.display_name AS author_name FROM assignments a JOIN users u ON u.id = a.author_id';

const assignmentStatements = (db: Db) => ({
  byId: db.prepare<[string], AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.id = ?`),
  byClass: db.prepare<[string], AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.class_id = ? AND a.deleted_at IS NULL ORDER BY a.created_at DESC`),
  insert: db.prepare<[string, string, string, string | null, string, string, string, string, string | null, string | null, string, string | null, string, string]>(
    `INSERT INTO assignments (id, school_id, class_id, group_id, author_id, title, instructions_md, questions_json, due_at, subject, result_policy, lesson_id, status, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?)`,
  ),
  update: db.prepare<[ContentPatchParams & {
    instructions_md: string | null; questions_json: string | null; set_due: number; due_at: string | null; set_subject: number; subject: string | null; result_policy: string | null;
    set_publish_at: number; publish_at: string | null; set_lesson: number; lesson_id: string | null;
  }]>(
    `UPDATE assignments SET ${CONTENT_SETS}, instructions_md = COALESCE(@instructions_md, instructions_md),
       questions_json = COALESCE(@questions_json, questions_json), due_at = CASE WHEN @set_due THEN @due_at ELSE due_at END,
       subject = CASE WHEN @set_subject THEN @subject ELSE subject END, result_policy = COALESCE(@result_policy, result_policy),
       publish_at = CASE WHEN @set_publish_at THEN @publish_at ELSE publish_at END, lesson_id = CASE WHEN @set_lesson THEN @lesson_id ELSE lesson_id END
     WHERE id = @id`,
  ),
  forGroup: db.prepare<[string], { id: string }>("SELECT id FROM assignments WHERE group_id = ? AND status = 'published' AND deleted_at IS NULL"),
  due: db.prepare<[string, number], AssignmentRow>(
    `${ASSIGNMENT_SELECT} WHERE a.publish_at IS NOT NULL AND a.publish_at <= ? AND a.status = 'draft' AND a.deleted_at IS NULL ORDER BY a.publish_at, a.id LIMIT ?`,
  ),
  next: db.prepare<[], { at: string | null }>("SELECT MIN(publish_at) AS at FROM assignments WHERE publish_at IS NOT NULL AND status = 'draft' AND deleted_at IS NULL"),
  publishScheduled: db.prepare<[{ id: string; at: string }]>(
    `UPDATE assignments SET status = 'published', published_at = publish_at, publish_at = NULL, updated_at = @at
     WHERE id = @id AND status = 'draft' AND publish_at IS NOT NULL AND publish_at <= @at AND deleted_at IS NULL`,
  ),
});

export class SqliteAssignmentRepository implements AssignmentRepository {
  private readonly q: ReturnType<typeof assignmentStatements>;
  constructor(db: Db) {
    this.q = assignmentStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? assignmentFromRow(r) : null;
  }
  async listByClass(classId: string) {
    return this.q.byClass.all(classId).map(assignmentFromRow);
  }
  async insert(a: Omit<AssignmentRecord, 'version' | 'publishedAt' | 'deletedAt' | 'status' | 'updatedAt' | 'authorName' | 'publishAt'>) {
    this.q.insert.run(a.id, a.schoolId, a.classId, a.groupId, a.authorId, a.title, a.instructionsMarkdown, JSON.stringify(a.questions), a.dueAt, a.subject, a.resultPolicy, a.lessonId, a.createdAt, a.createdAt);
  }
  async update(id: string, patch: AssignmentPatch) {
    this.q.update.run({
      ...patchParams(id, patch), instructions_md: patch.instructionsMarkdown ?? null,
      questions_json: patch.questions === undefined ? null : JSON.stringify(patch.questions),
      set_due: patch.dueAt === undefined ? 0 : 1, due_at: patch.dueAt ?? null,
      set_subject: patch.subject === undefined ? 0 : 1, subject: patch.subject ?? null, result_policy: patch.resultPolicy ?? null,
      set_publish_at: patch.publishAt === undefined ? 0 : 1, publish_at: patch.publishAt ?? null,
      set_lesson: patch.lessonId === undefined ? 0 : 1, lesson_id: patch.lessonId ?? null,
    });
  }
  async publishedIdsForGroup(groupId: string) {
    return this.q.forGroup.all(groupId).map((r) => r.id);
  }
  async dueForPublishing(at: string, limit: number) {
    return this.q.due.all(at, limit).map(assignmentFromRow);
  }
  async nextPublishAt() {
    return this.q.next.get()?.at ?? null;
  }
  async publishScheduled(id: string, at: string) {
    return this.q.publishScheduled.run({ id, at }).changes > 0;
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

const mediaStatements = (db: Db) => ({
  byId: db.prepare<[string], MediaRow>(`SELECT ${MEDIA_COLUMNS} FROM lesson_media WHERE id = ?`),
  byLesson: db.prepare<[string], MediaRow>(`SELECT ${MEDIA_COLUMNS} FROM lesson_media WHERE lesson_id = ? ORDER BY position, created_at`),
  insert: db.prepare<[string, string, string | null, string, string, string, number, string, string | null, string | null, string]>(
    `INSERT INTO lesson_media (id, school_id, lesson_id, sha256, kind, mime, size, name, position, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position) + 1, 0) FROM lesson_media WHERE lesson_id = ?), ?, ?)`,
  ),
  insertForAssignment: db.prepare<[string, string, string, string | null, string, string, string, number, string, string, string | null, string]>(
    `INSERT INTO lesson_media (id, school_id, assignment_id, question_id, sha256, kind, mime, size, name, position, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position) + 1, 0) FROM lesson_media WHERE assignment_id = ?), ?, ?)`,
  ),
  byAssignment: db.prepare<[string], MediaRow>(`SELECT ${MEDIA_COLUMNS} FROM lesson_media WHERE assignment_id = ? ORDER BY position, created_at`),
  removeFromAssignment: db.prepare<[string, string]>('DELETE FROM lesson_media WHERE id = ? AND assignment_id = ?'),
  describeOnAssignment: db.prepare<[string, string, string]>('UPDATE lesson_media SET description = ? WHERE id = ? AND assignment_id = ?'),
  remove: db.prepare<[string, string]>('DELETE FROM lesson_media WHERE id = ? AND lesson_id = ?'),
  describe: db.prepare<[string, string, string]>('UPDATE lesson_media SET description = ? WHERE id = ? AND lesson_id = ?'),
});

export class SqliteLessonMediaRepository implements LessonMediaRepository {
  private readonly q: ReturnType<typeof mediaStatements>;
  constructor(db: Db) {
    this.q = mediaStatements(db);
  }
  async byId(id: string) {
    const r = this.q.byId.get(id);
    return r ? mediaFromRow(r) : null;
  }
  async listByLesson(lessonId: string) {
    return this.q.byLesson.all(lessonId).map(mediaFromRow);
  }
  async insert(m: LessonMediaRecord & { createdBy: string | null; createdAt: string }) {
    if (m.assignmentId) {
      // (the 10th placeholder is the subquery's assignment id)
      this.q.insertForAssignment.run(m.id, m.schoolId, m.assignmentId, m.questionId, m.sha256, m.kind, m.mime, m.size, m.name, m.assignmentId, m.createdBy, m.createdAt);
      return;
    }
    // (the 9th placeholder is the subquery's lesson id)
    this.q.insert.run(m.id, m.schoolId, m.lessonId, m.sha256, m.kind, m.mime, m.size, m.name, m.lessonId, m.createdBy, m.createdAt);
  }
  async remove(lessonId: string, mediaId: string) {
    return this.q.remove.run(mediaId, lessonId).changes > 0;
  }
  async describe(lessonId: string, mediaId: string, description: string) {
    return this.q.describe.run(description, mediaId, lessonId).changes > 0;
  }
  async listByAssignment(assignmentId: string) {
    return this.q.byAssignment.all(assignmentId).map(mediaFromRow);
  }
  async removeFromAssignment(assignmentId: string, mediaId: string) {
    return this.q.removeFromAssignment.run(mediaId, assignmentId).changes > 0;
  }
  async describeOnAssignment(assignmentId: string, mediaId: string, description: string) {
    return this.q.describeOnAssignment.run(description, mediaId, assignmentId).changes > 0;
  }
}
