/**
 * The correction of one copy, printed for the family (issue 15): what the teacher saved —
 * mark, comments, each question's points (the teacher's over the automatic ones) — and every
 * photo of the work with the teacher's current annotation layer, drawn by correction-pdf.ts.
 * Staff of the class (as the marking desk); the teacher prints it when the family has no
 * tablet to receive the returned copy.
 */
import { buffer } from 'node:stream/consumers';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Database } from '../store/repositories.ts';
import type { Actor } from '../access/actor.ts';
import { submissionFor } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { effectivePoints } from '../../src/protocol/auto-marking.ts';
import { correctionPdf, type CorrectionData } from './correction-pdf.ts';
import { packFileName } from './paper-pack-service.ts';

export class CorrectionService {
  constructor(private readonly db: Database, private readonly blobs: BlobStore) {}

  async correctionPdf(actor: Actor, submissionId: string): Promise<{ pdf: Uint8Array; fileName: string }> {
    const { data, photos } = await this.db.read(async (tx) => {
      const { submission, assignment: a } = await submissionFor(tx, actor, submissionId, 'staff');
      const student = await tx.students.byId(submission.studentId);
      if (!student) throw fail('submission_not_found');
      const cls = await tx.classes.byId(a.classId);
      const rev = submission.submittedRevisionId ? await tx.revisions.byId(submission.submittedRevisionId) : null;
      const fb = await tx.feedback.bySubmission(submission.id);
      const points = effectivePoints(a.questions, rev?.autoMarks ?? [], fb?.perQuestion ?? []);
      const ids = (rev?.answers ?? [])
        .sort((x, y) => a.questions.findIndex((q) => q.id === x.questionId) - a.questions.findIndex((q) => q.id === y.questionId))
        .flatMap((ans) => ans.attachmentIds ?? []);
      const owned = new Map((await tx.attachments.listOwned(student.id, ids)).map((x) => [x.id, x]));
      const layers = new Map((await tx.annotations.listBySubmission(submission.id)).map((l) => [l.attachmentId, l.marks]));
      const sheets = new Set((await tx.paperPages.listByStudent(a.id, student.id)).map((p) => p.attachmentId));
      const photos = ids.flatMap((id) => {
        const m = owned.get(id);
        return m && m.kind === 'photo' && m.complete ? [{ sha256: m.sha256, mime: m.mime, marks: layers.get(id) ?? [], sheet: sheets.has(id) }] : [];
      });
      const data: Omit<CorrectionData, 'photos'> = {
        title: a.title, pupil: `${student.firstName} ${student.lastName}`, className: cls?.name ?? '', handedInAt: submission.submittedAt,
        mark: fb?.mark ?? null, maxMark: fb?.maxMark ?? 20, comment: fb?.comment ?? '',
        questions: a.questions.map((q, i) => ({ n: i + 1, points: points[i]!.points, max: q.points, comment: fb?.perQuestion.find((p) => p.questionId === q.id)?.comment ?? '' })),
      };
      return { data, photos };
    });
    const loaded = [];
    for (const p of photos) {
      const stream = await this.blobs.open(p.sha256);
      if (stream) loaded.push({ bytes: new Uint8Array(await buffer(stream)), mime: p.mime, marks: p.marks, sheet: p.sheet });
    }
    const pdf = await correctionPdf({ ...data, photos: loaded });
    return { pdf, fileName: packFileName(`correction ${data.pupil} ${data.title}`).replace(/^devoirs-papier-/, '') };
  }
}
