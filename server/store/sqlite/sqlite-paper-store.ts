/**
 * SQLite side of paper homework (paper-store.ts). The new revision starts from the
 * student's latest answers (a draft begun on a tablet is kept) and adds the photo to the
 * chosen question; it is a 'submit' revision, late when after the due date, a
 * resubmission when the work had already been returned — the same rules as a hand-in
 * from a tablet (sqlite-work-mutations.ts).
 */
import type { Db } from './database.ts';
import { recordPut } from './change-log.ts';
import { revisionFromRow, submissionFromRow } from './serializers.ts';
import type { Answer, Question } from '../../../src/protocol/entities.ts';
import type { PaperResult, PaperStore, PaperWork } from '../paper-store.ts';
import { newId } from '../../ids.ts';

type Row = Record<string, unknown>;

export class SqlitePaperStore implements PaperStore {
  constructor(private readonly db: Db) {}

  async attachPaperWork(p: PaperWork): Promise<PaperResult> {
    return this.db.transaction((): PaperResult => {
      const db = this.db;
      const a = db.prepare('SELECT * FROM assignments WHERE id = ? AND deleted_at IS NULL').get(p.assignmentId) as Row | undefined;
      if (!a || a.status !== 'published') return { ok: false, reason: 'not_published' };
      const st = db.prepare('SELECT * FROM students WHERE id = ?').get(p.studentId) as Row | undefined;
      const inGroup = !a.group_id || !!db.prepare('SELECT 1 FROM group_members WHERE group_id = ? AND student_id = ?').get(a.group_id, p.studentId);
      if (!st || st.archived === 1 || st.class_id !== a.class_id || !inGroup) return { ok: false, reason: 'not_targeted' };
      const questions = JSON.parse(a.questions_json as string) as Question[];
      const question = p.questionId ? questions.find((q) => q.id === p.questionId) : (questions.find((q) => q.kind === 'photo') ?? questions[0]);
      if (!question) return { ok: false, reason: 'unknown_question' };

      db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)').run(p.blob.sha256, p.blob.size, p.blob.mime, p.at);
      db.prepare(
        `INSERT INTO attachments (id, school_id, student_id, kind, mime, size, sha256, complete, upload_id, created_at, completed_at)
         VALUES (?, ?, ?, 'photo', ?, ?, ?, 1, NULL, ?, ?)`,
      ).run(p.attachmentId, a.school_id, p.studentId, p.blob.mime, p.blob.size, p.blob.sha256, p.at, p.at);

      let sub = db.prepare('SELECT * FROM submissions WHERE assignment_id = ? AND student_id = ?').get(p.assignmentId, p.studentId) as Row | undefined;
      if (!sub) {
        const id = newId();
        db.prepare(`INSERT INTO submissions (id, assignment_id, student_id, state, version, created_at, updated_at) VALUES (?, ?, ?, 'draft', 0, ?, ?)`)
          .run(id, p.assignmentId, p.studentId, p.at, p.at);
        sub = db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as Row;
      }
      const latest = sub.latest_revision_id ? (db.prepare('SELECT * FROM submission_revisions WHERE id = ?').get(sub.latest_revision_id) as Row | undefined) : undefined;
      const answers: Answer[] = latest ? revisionFromRow(latest).answers : [];
      const prev = answers.find((x) => x.questionId === question.id) ?? { questionId: question.id };
      const next: Answer = { ...prev, attachmentIds: [...(prev.attachmentIds ?? []), p.attachmentId].slice(-10) };
      const newAnswers = [...answers.filter((x) => x.questionId !== question.id), next];

      const number = ((db.prepare('SELECT MAX(number) FROM submission_revisions WHERE submission_id = ?').pluck().get(sub.id) as number | null) ?? 0) + 1;
      const revId = newId();
      db.prepare(
        `INSERT INTO submission_revisions (id, submission_id, number, kind, answers_json, assignment_version, device_id, created_at) VALUES (?, ?, ?, 'submit', ?, ?, NULL, ?)`,
      ).run(revId, sub.id, number, JSON.stringify(newAnswers), a.version, p.at);
      const late = a.due_at && p.at > (a.due_at as string) ? 1 : 0;
      const resubmitted = sub.state === 'returned' || sub.resubmitted === 1 ? 1 : 0;
      db.prepare(
        `UPDATE submissions SET state = 'submitted', latest_revision_id = ?, submitted_revision_id = ?, submitted_at = ?, late = ?, resubmitted = ?,
           version = version + 1, updated_at = ? WHERE id = ?`,
      ).run(revId, revId, p.at, late, resubmitted, p.at, sub.id);
      recordPut(db, `student:${p.studentId}`, 'submission', sub.id as string, p.at);

      const submission = submissionFromRow(db, db.prepare('SELECT * FROM submissions WHERE id = ?').get(sub.id) as Row);
      return {
        ok: true,
        submission,
        attachment: {
          id: p.attachmentId, studentId: p.studentId, kind: 'photo', mime: p.blob.mime, size: p.blob.size, sha256: p.blob.sha256, complete: true,
          url: `/files/attachments/${p.attachmentId}`,
        },
      };
    })();
  }
}
