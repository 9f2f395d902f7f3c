import type { Db } from './database.ts';
import type { ContentOwner, ContentStore, NewLessonMedia } from '../content-store.ts';
import type { AttachmentMeta, Feedback } from '../../../src/protocol/entities.ts';
import type {
  CreateAssignmentRequest, CreateLessonRequest, FeedbackRequest, SubmissionRow, UpdateAssignmentRequest, UpdateLessonRequest,
} from '../../../src/protocol/console.ts';
import {
  assignmentFromRow, feedbackFromRow, lessonFromRow, revisionAttachmentIds, studentCardFromRow, submissionFromRow,
} from './serializers.ts';
import { contentScope, recordDelete, recordPut } from './change-log.ts';
import { badRequest, conflict, notFound } from '../../errors.ts';
import { newId, now } from '../../ids.ts';

type Row = Record<string, unknown>;
type Table = 'lessons' | 'assignments';
const entityOf = (t: Table) => (t === 'lessons' ? 'lesson' : 'assignment');
const what = (t: Table) => (t === 'lessons' ? 'This lesson' : 'This assignment');

export class SqliteContentStore implements ContentStore {
  constructor(private readonly db: Db) {}

  private row(table: Table, id: string): Row {
    const r = this.db.prepare(`SELECT * FROM ${table} WHERE id = ? AND deleted_at IS NULL`).get(id) as Row | undefined;
    if (!r) throw notFound(what(table));
    return r;
  }

  private checkGroup(classId: string, groupId: string | null) {
    if (groupId === null) return;
    const g = this.db.prepare('SELECT class_id, archived FROM groups WHERE id = ?').get(groupId) as Row | undefined;
    if (!g || g.class_id !== classId || g.archived === 1) throw badRequest('This group does not exist in this class.');
  }

  /**
   * After the row changed: tell the tablets. A published item moving to another group
   * leaves a tombstone in the old scope; a published item is (re-)put in its scope.
   */
  private recordContentChange(table: Table, before: Row, after: { status: string; groupId: string | null }, at: string) {
    const id = before.id as string;
    const classId = before.class_id as string;
    const oldScope = contentScope(classId, (before.group_id as string | null) ?? null);
    const newScope = contentScope(classId, after.groupId);
    if (before.status === 'published' && (after.status !== 'published' || oldScope !== newScope)) recordDelete(this.db, oldScope, entityOf(table), id, at);
    if (after.status === 'published') recordPut(this.db, newScope, entityOf(table), id, at);
  }

  private publish(table: Table, id: string, groupId: string | null | undefined) {
    return this.db.transaction(() => {
      const r = this.row(table, id);
      const g = groupId === undefined ? ((r.group_id as string | null) ?? null) : groupId;
      // A new target (or a draft going out) must be a live group; a published item stays where it is.
      if (groupId !== undefined || r.status !== 'published') this.checkGroup(r.class_id as string, g);
      const at = now();
      const sameAsBefore = r.status === 'published' && (r.group_id ?? null) === g;
      if (!sameAsBefore) {
        this.db.prepare(`UPDATE ${table} SET status = 'published', group_id = ?, published_at = ?, updated_at = ? WHERE id = ?`).run(g, at, at, id);
        this.recordContentChange(table, r, { status: 'published', groupId: g }, at);
      }
      return this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row;
    })();
  }

  private unpublish(table: Table, id: string) {
    return this.db.transaction(() => {
      const r = this.row(table, id);
      if (r.status === 'published') {
        const at = now();
        this.db.prepare(`UPDATE ${table} SET status = 'draft', updated_at = ? WHERE id = ?`).run(at, id);
        this.recordContentChange(table, r, { status: 'draft', groupId: (r.group_id as string | null) ?? null }, at);
      }
      return this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row;
    })();
  }

  private remove(table: Table, id: string) {
    this.db.transaction(() => {
      const r = this.row(table, id);
      const at = now();
      this.db.prepare(`UPDATE ${table} SET deleted_at = ?, updated_at = ? WHERE id = ?`).run(at, at, id);
      this.recordContentChange(table, r, { status: 'deleted', groupId: (r.group_id as string | null) ?? null }, at);
    })();
  }

  /** Applies column updates; bumps `version` when students may hold the content (published now or before). */
  private edit(table: Table, id: string, columns: Record<string, unknown>, groupId: string | null | undefined) {
    return this.db.transaction(() => {
      const r = this.row(table, id);
      const g = groupId === undefined ? ((r.group_id as string | null) ?? null) : groupId;
      // Only a change of target is checked: content of a group archived since stays editable.
      if (groupId !== undefined) this.checkGroup(r.class_id as string, g);
      const at = now();
      const bump = r.status === 'published' || r.published_at !== null ? 1 : 0;
      const sets = Object.keys(columns).map((c) => `${c} = @${c}`);
      this.db
        .prepare(`UPDATE ${table} SET ${[...sets, 'group_id = @group_id', 'version = version + @bump', 'updated_at = @at'].join(', ')} WHERE id = @id`)
        .run({ ...columns, group_id: g, bump, at, id });
      this.recordContentChange(table, r, { status: r.status as string, groupId: g }, at);
      return this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row;
    })();
  }

  // ---- lessons ----------------------------------------------------------------------

  async listLessons(classId: string) {
    const rows = this.db.prepare('SELECT * FROM lessons WHERE class_id = ? AND deleted_at IS NULL ORDER BY created_at DESC').all(classId) as Row[];
    return rows.map((r) => lessonFromRow(this.db, r));
  }

  async lessonById(id: string) {
    const r = this.db.prepare('SELECT * FROM lessons WHERE id = ? AND deleted_at IS NULL').get(id) as Row | undefined;
    return r ? { ...lessonFromRow(this.db, r), schoolId: r.school_id as string } : null;
  }

  async createLesson(owner: ContentOwner & { authorId: string }, req: CreateLessonRequest) {
    return this.db.transaction(() => {
      const groupId = req.groupId ?? null;
      this.checkGroup(owner.classId, groupId);
      const id = newId();
      const at = now();
      this.db
        .prepare(`INSERT INTO lessons (id, school_id, class_id, group_id, author_id, title, body_md, status, version, created_at, updated_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?)`)
        .run(id, owner.schoolId, owner.classId, groupId, owner.authorId, req.title, req.bodyMarkdown, at, at);
      return lessonFromRow(this.db, this.db.prepare('SELECT * FROM lessons WHERE id = ?').get(id) as Row);
    })();
  }

  async updateLesson(id: string, patch: UpdateLessonRequest) {
    const cols: Record<string, unknown> = {};
    if (patch.title !== undefined) cols.title = patch.title;
    if (patch.bodyMarkdown !== undefined) cols.body_md = patch.bodyMarkdown;
    return lessonFromRow(this.db, this.edit('lessons', id, cols, patch.groupId));
  }

  async publishLesson(id: string, groupId: string | null | undefined) {
    return lessonFromRow(this.db, this.publish('lessons', id, groupId));
  }

  async unpublishLesson(id: string) {
    return lessonFromRow(this.db, this.unpublish('lessons', id));
  }

  async deleteLesson(id: string) {
    this.remove('lessons', id);
  }

  async addLessonMedia(m: NewLessonMedia) {
    this.db.transaction(() => {
      const r = this.row('lessons', m.lessonId);
      const at = now();
      this.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)').run(m.sha256, m.size, m.mime, at);
      const position = (this.db.prepare('SELECT COALESCE(MAX(position), -1) + 1 FROM lesson_media WHERE lesson_id = ?').pluck().get(m.lessonId) as number);
      this.db
        .prepare('INSERT INTO lesson_media (id, school_id, lesson_id, sha256, kind, mime, size, name, position, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(newId(), m.schoolId, m.lessonId, m.sha256, m.kind, m.mime, m.size, m.name, position, m.createdBy, at);
      this.db.prepare('UPDATE lessons SET updated_at = ? WHERE id = ?').run(at, m.lessonId);
      this.recordContentChange('lessons', r, { status: r.status as string, groupId: (r.group_id as string | null) ?? null }, at);
    })();
  }

  // ---- assignments ------------------------------------------------------------------

  async listAssignments(classId: string) {
    const rows = this.db.prepare('SELECT * FROM assignments WHERE class_id = ? AND deleted_at IS NULL ORDER BY created_at DESC').all(classId) as Row[];
    return rows.map(assignmentFromRow);
  }

  async assignmentById(id: string) {
    const r = this.db.prepare('SELECT * FROM assignments WHERE id = ? AND deleted_at IS NULL').get(id) as Row | undefined;
    return r ? { ...assignmentFromRow(r), schoolId: r.school_id as string } : null;
  }

  async createAssignment(owner: ContentOwner & { authorId: string }, req: CreateAssignmentRequest) {
    return this.db.transaction(() => {
      const groupId = req.groupId ?? null;
      this.checkGroup(owner.classId, groupId);
      const id = newId();
      const at = now();
      this.db
        .prepare(`INSERT INTO assignments (id, school_id, class_id, group_id, author_id, title, instructions_md, questions_json, due_at, status, version, created_at, updated_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?)`)
        .run(id, owner.schoolId, owner.classId, groupId, owner.authorId, req.title, req.instructionsMarkdown, JSON.stringify(req.questions), req.dueAt, at, at);
      return assignmentFromRow(this.db.prepare('SELECT * FROM assignments WHERE id = ?').get(id) as Row);
    })();
  }

  async updateAssignment(id: string, patch: UpdateAssignmentRequest) {
    const cols: Record<string, unknown> = {};
    if (patch.title !== undefined) cols.title = patch.title;
    if (patch.instructionsMarkdown !== undefined) cols.instructions_md = patch.instructionsMarkdown;
    if (patch.questions !== undefined) cols.questions_json = JSON.stringify(patch.questions);
    if (patch.dueAt !== undefined) cols.due_at = patch.dueAt;
    return assignmentFromRow(this.edit('assignments', id, cols, patch.groupId));
  }

  async publishAssignment(id: string, groupId: string | null | undefined) {
    return assignmentFromRow(this.publish('assignments', id, groupId));
  }

  async unpublishAssignment(id: string) {
    return assignmentFromRow(this.unpublish('assignments', id));
  }

  async deleteAssignment(id: string) {
    this.remove('assignments', id);
  }

  // ---- submissions and feedback -----------------------------------------------------

  private feedbackOf(submissionId: string): Feedback | null {
    const f = this.db.prepare('SELECT * FROM feedback WHERE submission_id = ?').get(submissionId) as Row | undefined;
    return f ? feedbackFromRow(this.db, f) : null;
  }

  async submissionsOf(assignmentId: string): Promise<SubmissionRow[]> {
    const a = this.row('assignments', assignmentId);
    const targeted = (
      a.group_id
        ? this.db.prepare('SELECT s.* FROM students s JOIN group_members gm ON gm.student_id = s.id WHERE gm.group_id = ? AND s.archived = 0').all(a.group_id)
        : this.db.prepare('SELECT * FROM students WHERE class_id = ? AND archived = 0').all(a.class_id)
    ) as Row[];
    const withWork = this.db.prepare('SELECT s.* FROM students s JOIN submissions sub ON sub.student_id = s.id WHERE sub.assignment_id = ?').all(assignmentId) as Row[];
    const students = new Map<string, Row>();
    for (const s of [...targeted, ...withWork]) students.set(s.id as string, s);
    const sorted = [...students.values()].sort((x, y) => `${x.last_name} ${x.first_name}`.localeCompare(`${y.last_name} ${y.first_name}`, 'fr'));
    return sorted.map((s) => {
      const sub = this.db.prepare('SELECT * FROM submissions WHERE assignment_id = ? AND student_id = ?').get(assignmentId, s.id) as Row | undefined;
      return { student: studentCardFromRow(s), submission: sub ? submissionFromRow(this.db, sub) : null, feedback: sub ? this.feedbackOf(sub.id as string) : null };
    });
  }

  async submissionById(id: string) {
    const sub = this.db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as Row | undefined;
    if (!sub) return null;
    const a = this.db.prepare('SELECT * FROM assignments WHERE id = ?').get(sub.assignment_id) as Row;
    const st = this.db.prepare('SELECT * FROM students WHERE id = ?').get(sub.student_id) as Row;
    const submission = submissionFromRow(this.db, sub);
    const ids = [...new Set([...revisionAttachmentIds(submission.latest), ...revisionAttachmentIds(submission.submitted)])];
    const attachments: AttachmentMeta[] = ids.flatMap((aid) => {
      const r = this.db.prepare('SELECT * FROM attachments WHERE id = ? AND student_id = ?').get(aid, sub.student_id) as Row | undefined;
      return r
        ? [{ id: r.id as string, studentId: r.student_id as string, kind: r.kind as AttachmentMeta['kind'], mime: r.mime as string, size: r.size as number, sha256: r.sha256 as string, complete: r.complete === 1, url: `/files/attachments/${r.id as string}` }]
        : [];
    });
    return {
      submission, student: studentCardFromRow(st), assignment: assignmentFromRow(a), feedback: this.feedbackOf(id), attachments,
      schoolId: a.school_id as string, classId: a.class_id as string,
    };
  }

  async saveFeedback(submissionId: string, teacherId: string, fb: FeedbackRequest) {
    return this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM submissions WHERE id = ?').get(submissionId)) throw notFound('This submission');
      const at = now();
      const existing = this.db.prepare('SELECT id FROM feedback WHERE submission_id = ?').get(submissionId) as Row | undefined;
      // An edit after returning waits for the next return: the tablet keeps the returned version until then.
      if (existing) {
        this.db
          .prepare('UPDATE feedback SET teacher_id = ?, per_question_json = ?, comment = ?, mark = ?, max_mark = ?, returned_at = NULL, version = version + 1, updated_at = ? WHERE id = ?')
          .run(teacherId, JSON.stringify(fb.perQuestion), fb.comment, fb.mark, fb.maxMark, at, existing.id);
      } else {
        this.db
          .prepare('INSERT INTO feedback (id, submission_id, teacher_id, per_question_json, comment, mark, max_mark, returned_at, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 1, ?, ?)')
          .run(newId(), submissionId, teacherId, JSON.stringify(fb.perQuestion), fb.comment, fb.mark, fb.maxMark, at, at);
      }
      return this.feedbackOf(submissionId) as Feedback;
    })();
  }

  async returnFeedback(submissionId: string) {
    return this.db.transaction(() => {
      const sub = this.db.prepare('SELECT * FROM submissions WHERE id = ?').get(submissionId) as Row | undefined;
      if (!sub) throw notFound('This submission');
      if (sub.state === 'draft') throw conflict('This work has not been handed in yet.');
      const f = this.db.prepare('SELECT id FROM feedback WHERE submission_id = ?').get(submissionId) as Row | undefined;
      if (!f) throw conflict('Write the feedback before returning it.');
      const at = now();
      this.db.prepare('UPDATE feedback SET returned_at = ?, version = version + 1, updated_at = ? WHERE id = ?').run(at, at, f.id);
      this.db.prepare("UPDATE submissions SET state = 'returned', version = version + 1, updated_at = ? WHERE id = ?").run(at, submissionId);
      const scope = `student:${sub.student_id as string}` as const;
      recordPut(this.db, scope, 'feedback', f.id as string, at);
      recordPut(this.db, scope, 'submission', submissionId, at);
      return this.feedbackOf(submissionId) as Feedback;
    })();
  }
}
