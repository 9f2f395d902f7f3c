/**
 * Paper homework coming back (issue 15). The console reads each returned sheet in its scan
 * worker (QR code, corner marks, boxes) and sends the page here with what it read:
 * - a page whose code names a pupil of this assignment becomes that pupil's work (a photo
 *   on the question it answers, the boxes read as the answers of choice questions — see
 *   paper-work.ts) and « reçu le » is set;
 * - a page without a code goes to the tray « À attribuer » until the teacher says whose
 *   page it is;
 * - a page sent twice is kept once: the same pupil and page number, or the same bytes. The
 *   first copy stays — the teacher may already be marking or annotating it — and the answer
 *   says « déjà reçue »;
 * - the letter to the family (no question on it) is not kept.
 * The teacher confirms or corrects the boxes on the marking desk (confirmBoxes), which gives
 * the automatic mark of a flagged question. A teacher of the class, on a published assignment.
 */
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Database, Tx } from '../store/repositories.ts';
import type { AssignmentRecord, PaperPackRecord, PaperPageRecord } from '../store/records.ts';
import type { Actor } from '../access/actor.ts';
import { assignmentFor, signingTeacher, submissionFor } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import { appendRevision } from '../sync/work-revisions.ts';
import { isAllowedAttachmentMime, realTypeMatches } from '../media/upload-policy.ts';
import type { PaperPhoto } from './paper-service.ts';
import { boxesOfPage, pageTarget, paperWork } from './paper-work.ts';
import { layOutPupil, type PackContext } from './pack-layout.ts';
import { packMeasure } from './pack-pdf.ts';
import {
  decodeBoxes, type AssignTrayPage, type PackLayout, type PaperBox, type PaperReadings, type PaperReturnOutcome, type PaperReturnQuery, type PaperReturnsView, type ReturnedPage,
} from '../../src/protocol/paper-returns.ts';

const MIME_OF_EXT: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The URL of a returned page's picture. */
export const returnedPageUrl = (assignmentId: string, pageId: string) => `/api/assignments/${assignmentId}/paper-returns/${pageId}/image`;

const unsureOf = (boxes: readonly PaperBox[] | null) => (boxes ?? []).filter((b) => b.state === 'unsure' || b.state === 'unread').length;

export class PaperReturnService {
  constructor(private readonly db: Database, private readonly blobs: BlobStore) {}

  /** What was printed for the pupil; recomputed for packs printed before layouts were kept, when the assignment has not changed since. */
  private async layoutOf(tx: Tx, a: AssignmentRecord, pack: PaperPackRecord | null, version?: number): Promise<PackLayout | null> {
    if (!pack || (version !== undefined && version !== pack.layoutVersion)) return null;
    if (pack.layout) return pack.layout;
    if (pack.layoutVersion !== a.version) return null;
    const s = await tx.students.byId(pack.studentId);
    if (!s) return null;
    const ctx: PackContext = { title: a.title, instructionsMarkdown: a.instructionsMarkdown, questions: a.questions, className: '', teacher: a.authorName, school: '', dueAt: a.dueAt, layoutVersion: a.version };
    const pages = layOutPupil(ctx, { id: s.id, firstName: s.firstName, lastName: s.lastName, code: pack.code }, await packMeasure());
    return { pages: pages.map((p) => ({ ticks: p.ticks, answers: p.answers })) };
  }

  /** The layouts of the printed packs (by code), the pages received and the tray. */
  returns(actor: Actor, assignmentId: string): Promise<PaperReturnsView> {
    return this.db.read(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      const layouts: PaperReturnsView['layouts'] = {};
      const packPages: PaperReturnsView['packPages'] = {};
      for (const pack of await tx.paperPacks.listByAssignment(a.id)) {
        const layout = await this.layoutOf(tx, a, pack);
        if (!layout) continue;
        layouts[pack.code] = layout.pages.map((p) => p.ticks);
        packPages[pack.studentId] = layout.pages.length;
      }
      const wire = (p: PaperPageRecord): ReturnedPage => ({ id: p.id, studentId: p.studentId, page: p.page, receivedAt: p.receivedAt, unsure: unsureOf(p.boxes), url: returnedPageUrl(a.id, p.id) });
      const pages = await tx.paperPages.listByAssignment(a.id);
      return { layouts, packPages, received: pages.filter((p) => p.studentId).map(wire), tray: pages.filter((p) => !p.studentId).map(wire) };
    });
  }

  /** One returned page, with what the console read on it. */
  async receive(actor: Actor, assignmentId: string, photo: PaperPhoto, read: PaperReturnQuery): Promise<PaperReturnOutcome> {
    await this.db.read((tx) => assignmentFor(tx, actor, assignmentId, 'teacher')); // rights before the body is looked at
    if (!photo.body || !isAllowedAttachmentMime('photo', photo.declaredMime)) throw fail('photo_body_missing');
    const mime = photo.detectedExt ? MIME_OF_EXT[photo.detectedExt] : undefined;
    if (!mime || !realTypeMatches('photo', photo.declaredMime, photo.detectedExt)) throw fail('photo_type_unsupported');
    if ((read.code === undefined) !== (read.page === undefined)) throw fail('paper_page_code_incomplete');
    const readPage = read.page === undefined ? null : Number(read.page);
    const readVersion = read.layoutVersion === undefined ? undefined : Number(read.layoutVersion);
    const stored = await this.blobs.put(photo.body); // content-addressed: harmless when refused below
    return this.db.write(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      if (a.status !== 'published') throw fail('assignment_not_published');
      const by = await signingTeacher(tx, actor, a.classId);
      const at = now();
      let studentId: string | null = null;
      let layout: PackLayout | null = null;
      if (read.code !== undefined) {
        const pack = await tx.paperPacks.byCode(read.code);
        if (!pack || pack.assignmentId !== a.id) throw fail('paper_page_other_assignment');
        studentId = pack.studentId;
        layout = await this.layoutOf(tx, a, pack, readVersion);
        if (layout && readPage! > layout.pages.length) throw fail('paper_page_unknown', { page: readPage! });
        if (layout && !pageTarget(layout, readPage!, a.questions)) return { outcome: 'letter', pageId: null, studentId, page: readPage, unsure: 0 };
      }
      const page = studentId ? readPage : null;
      const existing = await tx.paperPages.existing(a.id, stored.sha256, studentId, page);
      if (existing) return { outcome: 'duplicate', pageId: existing.id, studentId: existing.studentId, page: existing.page, unsure: unsureOf(existing.boxes) };
      await tx.blobCatalog.ensure({ sha256: stored.sha256, size: stored.size, mime }, at);
      const row: PaperPageRecord = {
        id: newId(), assignmentId: a.id, studentId, page, sha256: stored.sha256, mime, size: stored.size, attachmentId: null,
        boxes: studentId ? boxesOfPage(layout, page!, read.boxes ? decodeBoxes(read.boxes) : null) : null, receivedAt: at, receivedBy: by,
      };
      if (studentId) {
        const student = await tx.students.byId(studentId);
        if (!student || student.archived) throw fail('student_not_found');
        row.attachmentId = await this.attachment(tx, a, studentId, stored, mime, at);
      }
      if (!(await tx.paperPages.insert(row))) {
        const again = await tx.paperPages.existing(a.id, stored.sha256, studentId, page);
        return { outcome: 'duplicate', pageId: again?.id ?? null, studentId, page, unsure: unsureOf(again?.boxes ?? null) };
      }
      if (!studentId) return { outcome: 'tray', pageId: row.id, studentId: null, page: null, unsure: 0 };
      await this.rebuild(tx, a, studentId, at);
      return { outcome: 'attached', pageId: row.id, studentId, page, unsure: unsureOf(row.boxes) };
    });
  }

  private async attachment(tx: Tx, a: AssignmentRecord, studentId: string, stored: { sha256: string; size: number }, mime: string, at: string): Promise<string> {
    const attachment = { id: newId(), schoolId: a.schoolId, studentId, kind: 'photo' as const, mime, size: stored.size, sha256: stored.sha256 };
    await tx.blobCatalog.ensure(attachment, at);
    await tx.attachments.insertComplete(attachment, at);
    return attachment.id;
  }

  /** The pupil's work rebuilt from their returned pages: a new handed-in revision (paper-work.ts). */
  private async rebuild(tx: Tx, a: AssignmentRecord, studentId: string, at: string, handedInAt?: string) {
    const pages = (await tx.paperPages.listByStudent(a.id, studentId)).filter((p) => p.attachmentId && p.page);
    const pack = (await tx.paperPacks.listByAssignment(a.id)).find((p) => p.studentId === studentId) ?? null;
    const layout = await this.layoutOf(tx, a, pack);
    const sub = await tx.submissions.byAssignmentAndStudent(a.id, studentId);
    const latest = sub?.latestRevisionId ? await tx.revisions.byId(sub.latestRevisionId) : null;
    const work = paperWork(a.questions, latest?.answers ?? [], pages.map((p) => ({ page: p.page!, attachmentId: p.attachmentId!, boxes: p.boxes })), layout);
    await tx.paperPacks.markReceived(a.id, studentId, at);
    return appendRevision(tx, { assignment: a, studentId, answers: work.answers, kind: 'submit', assignmentVersion: a.version, deviceId: null, at, markOnly: work.autoMarked, handedInAt });
  }

  /** A tray page is `studentId`'s page `page`. */
  assign(actor: Actor, assignmentId: string, pageId: string, to: AssignTrayPage): Promise<PaperReturnOutcome> {
    return this.db.write(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      if (a.status !== 'published') throw fail('assignment_not_published');
      const row = await tx.paperPages.byId(pageId);
      if (!row || row.assignmentId !== a.id) throw fail('paper_page_not_found');
      if (row.studentId) throw fail('paper_page_assigned');
      const pack = (await tx.paperPacks.listByAssignment(a.id)).find((p) => p.studentId === to.studentId);
      if (!pack) throw fail('paper_student_not_in_pack');
      const layout = await this.layoutOf(tx, a, pack);
      if (layout && to.page > layout.pages.length) throw fail('paper_page_unknown', { page: to.page });
      const taken = await tx.paperPages.existing(a.id, '', to.studentId, to.page);
      if (taken) throw fail('paper_page_already_received', { page: to.page });
      const at = now();
      const attachmentId = await this.attachment(tx, a, to.studentId, row, row.mime, at);
      const boxes = boxesOfPage(layout, to.page, null);
      await tx.paperPages.assign(row.id, to.studentId, to.page, attachmentId, boxes);
      await this.rebuild(tx, a, to.studentId, at);
      return { outcome: 'attached', pageId: row.id, studentId: to.studentId, page: to.page, unsure: unsureOf(boxes) };
    });
  }

  /** A tray page that is no one's (a blank page, the letter): removed. */
  discard(actor: Actor, assignmentId: string, pageId: string): Promise<void> {
    return this.db.write(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      const row = await tx.paperPages.byId(pageId);
      if (!row || row.assignmentId !== a.id) throw fail('paper_page_not_found');
      if (row.studentId) throw fail('paper_page_assigned');
      await tx.paperPages.delete(row.id);
    });
  }

  /** The bytes of a returned page (tray or received). */
  image(actor: Actor, assignmentId: string, pageId: string): Promise<{ sha256: string; mime: string }> {
    return this.db.read(async (tx) => {
      const a = await assignmentFor(tx, actor, assignmentId, 'teacher');
      const row = await tx.paperPages.byId(pageId);
      if (!row || row.assignmentId !== a.id) throw fail('paper_page_not_found');
      return { sha256: row.sha256, mime: row.mime };
    });
  }

  /** The boxed questions of a paper copy, as read or confirmed (empty for a copy from a tablet). */
  readings(actor: Actor, submissionId: string): Promise<PaperReadings> {
    return this.db.read(async (tx) => {
      const { submission, assignment: a } = await submissionFor(tx, actor, submissionId, 'staff');
      return { questions: await this.readingsOf(tx, a, submission.studentId) };
    });
  }

  private async readingsOf(tx: Tx, a: AssignmentRecord, studentId: string) {
    const pages = (await tx.paperPages.listByStudent(a.id, studentId)).filter((p) => p.attachmentId && p.page);
    if (!pages.length) return [];
    const pack = (await tx.paperPacks.listByAssignment(a.id)).find((p) => p.studentId === studentId) ?? null;
    return paperWork(a.questions, [], pages.map((p) => ({ page: p.page!, attachmentId: p.attachmentId!, boxes: p.boxes })), await this.layoutOf(tx, a, pack)).readings;
  }

  /** The teacher says which boxes of question `questionId` are ticked on the page(s): its automatic mark follows. */
  confirmBoxes(actor: Actor, submissionId: string, questionId: string, ticked: string[]): Promise<PaperReadings> {
    return this.db.write(async (tx) => {
      const { submission, assignment: a } = await submissionFor(tx, actor, submissionId, 'teacher');
      if (submission.state === 'returned') throw fail('paper_copy_returned');
      const q = a.questions.find((x) => x.id === questionId);
      if (!q || (q.kind !== 'choice' && q.kind !== 'truefalse')) throw fail('question_not_found');
      const valid = new Set(q.kind === 'truefalse' ? ['true', 'false'] : (q.choices ?? []).map((c) => c.id));
      if (ticked.some((id) => !valid.has(id))) throw fail('answer_choice_unknown');
      const pages = await tx.paperPages.listByStudent(a.id, submission.studentId);
      let touched = false;
      for (const p of pages) {
        if (!p.boxes?.some((b) => b.questionId === questionId)) continue;
        touched = true;
        await tx.paperPages.setBoxes(p.id, p.boxes.map((b) => (b.questionId === questionId ? { ...b, state: ticked.includes(b.choiceId) ? 'ticked' : 'empty', by: 'teacher' } : b)));
      }
      if (!touched) throw fail('paper_question_not_on_paper');
      await this.rebuild(tx, a, submission.studentId, now(), submission.submittedAt ?? undefined);
      return { questions: await this.readingsOf(tx, a, submission.studentId) };
    });
  }
}
