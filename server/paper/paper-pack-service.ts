/**
 * Paper packs going out (issue 15): the PDF of the chosen pupils' packs, and the record of
 * who was given one and when it went out. A teacher of the class only, on a published
 * assignment (the sheets coming back become work on it). Printing keeps each pupil's code:
 * the QR codes of an earlier print still name the same pupil.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../store/repositories.ts';
import type { Actor } from '../access/actor.ts';
import { assignmentFor, contentVisibleToStudent } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { now } from '../ids.ts';
import { MAX_PACK_STUDENTS, type PaperPackStatus } from '../../src/protocol/paper.ts';
import { renderPack } from './pack-pdf.ts';
import type { PackContext, PackPupil } from './pack-layout.ts';
import type { PaperPackRecord } from '../store/records.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 80 random bits in the QR alphanumeric set: unguessable, and a small code on the page. */
export function newPackCode(): string {
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => BASE32[b & 31]).join('');
}

const statusOf = (p: PaperPackRecord): PaperPackStatus => ({ studentId: p.studentId, printedAt: p.printedAt, sentAt: p.sentAt, receivedAt: p.receivedAt, layoutVersion: p.layoutVersion });

/** A file name for the download: « devoirs-papier-<titre>.pdf », ASCII only. */
export const packFileName = (title: string) =>
  `devoirs-papier-${title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60) || 'devoir'}.pdf`;

export class PaperPackService {
  constructor(private readonly db: Database) {}

  /** The PDF of these pupils' packs (cover letter + assignment each), recorded as printed. */
  async printPack(actor: Actor, assignmentId: string, studentIds: string[]): Promise<{ pdf: Uint8Array; fileName: string; pages: number }> {
    const ids = [...new Set(studentIds)];
    const { ctx, pupils } = await this.db.write(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      if (a.status !== 'published') throw fail('assignment_not_published');
      if (!ids.length) throw fail('paper_students_required');
      if (ids.length > MAX_PACK_STUDENTS) throw fail('paper_students_too_many', { max: MAX_PACK_STUDENTS });
      const [cls, school, user] = await Promise.all([tx.classes.byId(a.classId), tx.schools.byId(a.schoolId), actor.kind === 'user' ? tx.users.byId(actor.userId) : null]);
      const at = now();
      const pupils: PackPupil[] = [];
      for (const id of ids) {
        const s = await tx.students.byId(id);
        if (!s || s.archived || !(await contentVisibleToStudent(tx, a, id))) throw fail('student_not_found');
        const pack = await tx.paperPacks.recordPrinted({ assignmentId: a.id, studentId: id, code: newPackCode(), layoutVersion: a.version, at, by: user?.id ?? a.authorId });
        pupils.push({ id, firstName: s.firstName, lastName: s.lastName, code: pack.code });
      }
      const ctx: PackContext = {
        title: a.title, instructionsMarkdown: a.instructionsMarkdown, questions: a.questions, className: cls?.name ?? '',
        teacher: user?.displayName ?? a.authorName, school: school?.name ?? '', dueAt: a.dueAt, layoutVersion: a.version,
      };
      return { ctx, pupils };
    });
    // Drawn after the commit (no work inside a transaction but the repositories'); drawing is
    // deterministic code, so a pack recorded as printed is one the teacher can print again.
    const { pdf, pages } = await renderPack(ctx, pupils);
    // What was printed, kept for the sheets that come back (their boxes and questions, per page).
    await this.db.write(async (tx) => {
      for (const p of pupils) {
        const mine = pages.filter((x) => x.studentId === p.id);
        await tx.paperPacks.setLayout(assignmentId, p.id, ctx.layoutVersion, { pages: mine.map((x) => ({ ticks: x.ticks, answers: x.answers })) });
      }
    });
    return { pdf, fileName: packFileName(ctx.title), pages: pages.length };
  }

  /** The teacher says these pupils' packs went out (by post, or handed to the family). */
  async markSent(actor: Actor, assignmentId: string, studentIds: string[]): Promise<PaperPackStatus[]> {
    return this.db.write(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      const packs = new Set((await tx.paperPacks.listByAssignment(a.id)).map((p) => p.studentId));
      if (studentIds.some((id) => !packs.has(id))) throw fail('paper_student_not_in_pack');
      await tx.paperPacks.markSent(a.id, studentIds, now());
      return (await tx.paperPacks.listByAssignment(a.id)).map(statusOf);
    });
  }

  /** Every pack of the assignment. */
  async packs(actor: Actor, assignmentId: string): Promise<PaperPackStatus[]> {
    return this.db.read(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      return (await tx.paperPacks.listByAssignment(a.id)).map(statusOf);
    });
  }
}
