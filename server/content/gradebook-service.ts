/**
 * The gradebook of a class (teacher of the class, IT referent): every published assignment ×
 * every active pupil, with the mark the teacher gave (returned or not yet), and what is late,
 * missing or waiting to be marked. Late and missing go by the pupil's own due date when the
 * teacher gave one (issue 13). And the same as a CSV for a French spreadsheet.
 *
 * Rules: a group's assignment concerns only the group's pupils (« non concerné » for the
 * others); work not handed in is « non rendu » once the due date has passed and simply pending
 * before; a mark counts in the averages as soon as the teacher saved it (the gradebook is the
 * teacher's, not the pupil's); averages are on 20, each mark brought to 20 first.
 */
import type { Database, Tx } from '../store/repositories.ts';
import type { AssignmentRecord, FeedbackRecord, StudentRecord, SubmissionRecord } from '../store/records.ts';
import type { Actor } from '../access/actor.ts';
import { classFor } from '../access/access-rules.ts';
import { now } from '../ids.ts';
import { studentCard } from './wire.ts';
import { csvDocument } from '../domain/csv.ts';
import type { GradebookCsvWords } from '../../src/i18n/gradebook-fr.ts';
import { markOn20, meanOf, type Gradebook, type GradebookAssignment, type GradebookCell, type GradebookStatus } from '../../src/protocol/gradebook.ts';

const points = (a: AssignmentRecord) => a.questions.reduce((sum, q) => sum + q.points, 0);

/** What the column's marks are out of: the one most of its marks use, else the questions' points. */
function outOf(cells: GradebookCell[], fallback: number): number {
  const counts = new Map<number, number>();
  for (const c of cells) if (c.mark !== null && c.maxMark !== null) counts.set(c.maxMark, (counts.get(c.maxMark) ?? 0) + 1);
  let best = fallback;
  let most = 0;
  for (const [max, n] of counts) if (n > most) [best, most] = [max, n];
  return best;
}

/** `dueAt`: the pupil's own due date if the teacher gave one, else the assignment's. */
function cellOf(a: AssignmentRecord, dueAt: string | null, concerned: boolean, sub: SubmissionRecord | undefined, fb: FeedbackRecord | null, at: string): GradebookCell {
  const base = { assignmentId: a.id, mark: fb?.mark ?? null, maxMark: fb ? fb.maxMark : null, late: sub?.late ?? false, submissionId: sub?.id ?? null };
  let status: GradebookStatus;
  if (!concerned && !sub) status = 'not_assigned';
  else if (fb?.returnedAt) status = 'returned';
  else if (fb && fb.mark !== null) status = 'marked';
  else if (sub && sub.submittedAt) status = 'to_mark';
  else status = dueAt !== null && Date.parse(dueAt) < Date.parse(at) ? 'missing' : 'pending';
  return { ...base, status };
}

export class GradebookService {
  constructor(private readonly db: Database) {}

  gradebook(actor: Actor, classId: string): Promise<Gradebook> {
    return this.db.read(async (tx) => {
      const cls = await classFor(tx, actor, classId, 'staff');
      const at = now();
      const students = await tx.students.listByClass(classId, { activeOnly: true, orderBy: 'lastName' });
      const assignments = (await tx.assignments.listByClass(classId))
        .filter((a) => a.status === 'published')
        // Oldest first; the same instant (a script publishing several at once) falls back on creation, then title.
        .sort((x, y) => (x.publishedAt ?? x.createdAt).localeCompare(y.publishedAt ?? y.createdAt) || x.createdAt.localeCompare(y.createdAt) || x.title.localeCompare(y.title, 'fr'));
      const groups = new Map((await tx.groups.listByClass(classId)).map((g) => [g.id, g]));
      const columns = await Promise.all(assignments.map((a) => this.column(tx, a, students, at)));
      const rows = students.map((s, i) => {
        const cells = columns.map((c) => c.cells[i]!);
        return {
          student: studentCard(s),
          cells,
          averageOn20: meanOf(cells.map((c) => markOn20(c.mark, c.maxMark))),
          lateCount: cells.filter((c) => c.late).length,
          missingCount: cells.filter((c) => c.status === 'missing').length,
        };
      });
      const heads: GradebookAssignment[] = assignments.map((a, j) => ({
        id: a.id, title: a.title, dueAt: a.dueAt, publishedAt: a.publishedAt,
        groupName: a.groupId ? (groups.get(a.groupId)?.name ?? null) : null,
        outOf: outOf(columns[j]!.cells, points(a)),
        averageOn20: meanOf(rows.map((r) => markOn20(r.cells[j]!.mark, r.cells[j]!.maxMark))),
      }));
      return { classId, className: cls.name, assignments: heads, rows, classAverageOn20: meanOf(rows.map((r) => r.averageOn20)), at };
    });
  }

  /** One assignment's cells, in the order of `students`. */
  private async column(tx: Tx, a: AssignmentRecord, students: StudentRecord[], at: string): Promise<{ cells: GradebookCell[] }> {
    const members = a.groupId ? new Set(await tx.groups.memberIds(a.groupId)) : null;
    const subs = new Map((await tx.submissions.listByAssignment(a.id)).map((s) => [s.studentId, s]));
    const ownDue = new Map((await tx.followUps.listByAssignment(a.id)).flatMap((f) => (f.dueAt ? [[f.studentId, f.dueAt] as const] : [])));
    const cells: GradebookCell[] = [];
    for (const s of students) {
      const sub = subs.get(s.id);
      const fb = sub ? await tx.feedback.bySubmission(sub.id) : null;
      cells.push(cellOf(a, ownDue.get(s.id) ?? a.dueAt, !members || members.has(s.id), sub, fb, at));
    }
    return { cells };
  }

  /** The gradebook as a CSV: a line per pupil (name, one cell per assignment, average, late and missing counts), then the class averages. */
  async csv(actor: Actor, classId: string, words: GradebookCsvWords): Promise<{ className: string; body: string }> {
    const g = await this.gradebook(actor, classId);
    const header = [words.lastName, words.firstName, ...g.assignments.map((a) => words.column(a.title, a.outOf)), words.average, words.late, words.missing];
    const lines: Array<Array<string | number | null>> = [header];
    for (const r of g.rows) {
      lines.push([
        r.student.lastName, r.student.firstName,
        ...r.cells.map((c) => {
          if (c.mark !== null) return c.mark;
          if (c.status === 'returned') return words.status.returnedWithoutMark;
          if (c.status === 'marked') return '';
          return words.status[c.status];
        }),
        r.averageOn20, r.lateCount, r.missingCount,
      ]);
    }
    lines.push([words.classAverage, '', ...g.assignments.map((a) => a.averageOn20), g.classAverageOn20, '', '']);
    return { className: g.className, body: csvDocument(lines) };
  }
}
