/**
 * The paper pack laid out (issue 15): for each pupil a cover letter for the family, then the
 * assignment on A4 — writing lines, boxes to tick, a numeric answer box, drawing frames —
 * as positioned marks in millimetres from the page's top-left corner. Pure: no PDF here
 * (pack-pdf.ts draws these marks), so tests check positions without reading a PDF, and the
 * sheets that come back can be read against the same coordinates (`ticks` of each page).
 *
 * Page policy: everything stays inside the printable area (SAFE mm from each edge, what
 * office printers and copiers keep); three corner marks (top-left, top-right, bottom-left)
 * and the QR code (bottom-right) give a returned sheet's position; every page carries
 * « Prénom Nom — page p/n ». A question is kept on one page when it fits on one; a longer
 * one breaks between its lines, never inside its answer area.
 */
import { marked, type Token } from 'marked';
import type { Question } from '../../src/protocol/entities.ts';
import { fill, paperHintFr, paperPackFr as W } from '../../src/i18n/paper-pack-fr.ts';
import { PAPER_DEFAULT_MM } from '../../src/protocol/paper-defaults.ts';
import { CORNER_MARKS, MARK, PAGE, PRINTABLE, QR_AT, QR_SIZE, SAFE, parseQrPayload, qrPayload, type TickBox } from '../../src/protocol/paper-sheet.ts';

export { PAGE, SAFE, MARK, QR_SIZE, PRINTABLE, qrPayload, parseQrPayload, type TickBox };
const LEFT = 20;
const RIGHT = 190;
const TOP = 22;
const BOTTOM = 258;
const WIDTH = RIGHT - LEFT;
const PT = 25.4 / 72; // one point in mm
/** Font sizes (pt) and line heights (mm). */
const BODY = 11;
const BODY_LINE = 5.2;
const SMALL = 9;
/** Spacing of handwriting lines (mm): a collégien's writing needs about 8–9 mm. */
export const WRITING_LINE = 9;
const TICK = 6;

/** The answer area of each kind when the teacher has not sized it (mm). */
export const DEFAULT_AREA_MM: Partial<Record<Question['kind'], number>> = PAPER_DEFAULT_MM;

export type Mark =
  | { t: 'text'; x: number; y: number; size: number; bold?: boolean; grey?: boolean; text: string }
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill?: boolean; stroke?: number }
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; grey?: boolean }
  | { t: 'qr'; x: number; y: number; size: number; payload: string };

export interface LaidOutPage {
  studentId: string;
  /** 1-based within the pupil's pack (the cover letter is page 1). */
  page: number;
  marks: Mark[];
  ticks: TickBox[];
  /** The questions whose answer (lines, frame, boxes) is on this page, in order: a returned page is their work. */
  answers: string[];
}

export interface PackPupil { id: string; firstName: string; lastName: string; code: string }
export interface PackContext {
  title: string;
  instructionsMarkdown: string;
  questions: Question[];
  className: string;
  teacher: string;
  school: string;
  dueAt: string | null;
  layoutVersion: number;
}

/** Width of `text` in mm at `size` pt. */
export type Measure = (text: string, size: number, bold: boolean) => number;

const formatDue = (iso: string) => new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
const formatPoints = (n: number) => fill(W.points[new Intl.PluralRules('fr-FR').select(n) === 'one' ? 'one' : 'other'], { points: String(n).replace('.', ',') });

/** Breaking spaces only: French puts a no-break space before « : ; ! ? » and inside guillemets (src/i18n). */
const BREAKING_SPACE = /[^\S\u00a0\u202f]+/;

/** Splits `text` into lines no wider than `width` mm (a word longer than a line is cut); never at a no-break space. */
export function wrap(text: string, width: number, size: number, bold: boolean, measure: Measure): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(BREAKING_SPACE).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate, size, bold) <= width) { line = candidate; continue; }
      if (line) out.push(line);
      line = word;
      while (measure(line, size, bold) > width) {
        let cut = line.length - 1;
        while (cut > 1 && measure(line.slice(0, cut), size, bold) > width) cut--;
        out.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    out.push(line);
  }
  return out;
}

/** The markdown of the instructions as plain paragraphs (lists as « • » lines). */
export function markdownParagraphs(md: string): string[] {
  const inline = (s: string) => s.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/(\*\*|__|\*|_|`)(.+?)\1/g, '$2').replace(/&#39;/g, '’').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const out: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'list') out.push((t.items as { text: string }[]).map((i) => `• ${inline(i.text)}`).join('\n'));
      else if (t.type === 'blockquote') walk(t.tokens ?? []);
      else if ('text' in t && typeof t.text === 'string' && t.type !== 'space' && t.type !== 'html') out.push(inline(t.text));
    }
  };
  walk(marked.lexer(md));
  return out.filter((p) => p.trim());
}

/** One page being filled, and the cursor. */
class Flow {
  pages: { marks: Mark[]; ticks: TickBox[]; answers: string[] }[] = [];
  y = TOP;
  constructor(private readonly measure: Measure) { this.newPage(); }
  get page() { return this.pages[this.pages.length - 1]!; }
  newPage() { this.pages.push({ marks: [], ticks: [], answers: [] }); this.y = TOP; }
  /** Records that question `id` is answered on the current page. */
  answeredHere(id: string) { if (!this.page.answers.includes(id)) this.page.answers.push(id); }
  /** Starts a new page unless `h` mm still fit (a fresh page takes anything up to its height). */
  ensure(h: number) { if (this.y + h > BOTTOM && this.y > TOP) this.newPage(); }
  room() { return BOTTOM - this.y; }
  /** Wrapped text, each line moved to the next page when it does not fit. */
  text(s: string, o: { size?: number; bold?: boolean; grey?: boolean; x?: number; width?: number; line?: number } = {}) {
    const size = o.size ?? BODY;
    const line = o.line ?? Math.max(BODY_LINE, size * PT * 1.35);
    const x = o.x ?? LEFT;
    for (const l of wrap(s, o.width ?? RIGHT - x, size, o.bold ?? false, this.measure)) {
      this.ensure(line);
      this.page.marks.push({ t: 'text', x, y: this.y + size * PT * 0.8, size, bold: o.bold, grey: o.grey, text: l });
      this.y += line;
    }
  }
  lines(s: string, o: { size?: number; bold?: boolean; x?: number; width?: number } = {}) {
    return wrap(s, o.width ?? RIGHT - (o.x ?? LEFT), o.size ?? BODY, o.bold ?? false, this.measure).length;
  }
  gap(h: number) { this.y = Math.min(this.y + h, BOTTOM); }
}

/** The wording printed for a question, and its hint (null when the teacher wrote a paper wording). */
function wordingOf(q: Question): { prompt: string; hint: string | null } {
  if (q.paperPrompt) return { prompt: q.paperPrompt, hint: null };
  const prompt = q.kind === 'blanks' ? q.prompt.replace(/\[\.\.\.\]|\[…\]/g, '______________') : q.prompt;
  return { prompt, hint: q.kind === 'choice' && q.multiple ? paperHintFr.choiceMultiple : paperHintFr[q.kind] };
}

/** The height of a question's answer area (mm). */
export function answerHeight(q: Question, measure: Measure): number {
  const sized = q.paperFrameMm ?? DEFAULT_AREA_MM[q.kind];
  switch (q.kind) {
    case 'text': case 'short': case 'audio': return Math.max(1, Math.floor((sized ?? 18) / WRITING_LINE)) * WRITING_LINE;
    case 'photo': return sized ?? 90;
    case 'numeric': return 16;
    case 'truefalse': return 2 * 9;
    case 'blanks': return 0;
    case 'choice': return (q.choices ?? []).reduce((h, c) => h + Math.max(9, wrap(c.label, RIGHT - LEFT - 14, BODY, false, measure).length * BODY_LINE + 3.8), 0);
    case 'matching': return Math.max(q.left?.length ?? 0, q.choices?.length ?? 0) * 10;
  }
}

/** The boxes to tick, one row per choice; a long list goes on over the next page between rows. */
function choices(f: Flow, q: Question, measure: Measure) {
  const options = q.kind === 'truefalse' ? [{ id: 'true', label: W.true }, { id: 'false', label: W.false }] : (q.choices ?? []);
  for (const c of options) {
    const lines = wrap(c.label, WIDTH - 14, BODY, false, measure);
    const rowH = Math.max(9, lines.length * BODY_LINE + 3.8);
    f.ensure(rowH);
    const y = f.y;
    const box: TickBox = { questionId: q.id, choiceId: c.id, x: LEFT + 2, y: y + 1.5, size: TICK };
    f.page.marks.push({ t: 'rect', x: box.x, y: box.y, w: TICK, h: TICK, stroke: 0.5 });
    f.page.ticks.push(box);
    f.answeredHere(q.id);
    lines.forEach((l, i) => f.page.marks.push({ t: 'text', x: LEFT + 12, y: y + 6 + i * BODY_LINE, size: BODY, text: l }));
    f.y += rowH;
  }
}

/** Lays out one question at the cursor. */
function question(f: Flow, q: Question, n: number, measure: Measure) {
  const { prompt, hint } = wordingOf(q);
  const head = `${fill(W.questionN, { n })} (${formatPoints(q.points)})`;
  const area = answerHeight(q, measure);
  const promptH = f.lines(prompt) * BODY_LINE;
  const total = BODY_LINE + promptH + (hint ? BODY_LINE : 0) + 2 + area + 6;
  // Kept together when it fits on a page; otherwise it starts here and breaks between lines.
  if (total <= BOTTOM - TOP) f.ensure(total);
  else f.ensure(BODY_LINE * 3);
  f.text(head, { bold: true });
  f.text(prompt);
  if (hint) f.text(hint, { size: SMALL, grey: true, line: 4.6 });
  f.gap(2);
  if (q.kind === 'choice' || q.kind === 'truefalse') { choices(f, q, measure); f.gap(6); return; }
  f.ensure(area);
  f.answeredHere(q.id);
  const top = f.y;
  const m = f.page.marks;
  switch (q.kind) {
    case 'text': case 'short': case 'audio':
      for (let y = top + WRITING_LINE; y <= top + area + 0.01; y += WRITING_LINE) m.push({ t: 'line', x1: LEFT, y1: y, x2: RIGHT, y2: y, width: 0.25, grey: true });
      break;
    case 'photo':
      m.push({ t: 'rect', x: LEFT, y: top, w: WIDTH, h: area, stroke: 0.4 });
      break;
    case 'numeric': {
      const label = W.numericLabel;
      m.push({ t: 'text', x: LEFT, y: top + 9.5, size: BODY, text: label });
      const x = LEFT + measure(label, BODY, false) + 3;
      m.push({ t: 'rect', x, y: top + 1, w: 70, h: 14, stroke: 0.4 });
      break;
    }
    case 'matching': {
      const left = q.left ?? [];
      const right = [...(q.choices ?? [])].sort((a, b) => a.label.localeCompare(b.label, 'fr'));
      const col = WIDTH / 2 - 12;
      left.forEach((c, i) => {
        const y = top + i * 10;
        m.push({ t: 'text', x: LEFT, y: y + 6, size: BODY, text: wrap(`${i + 1}. ${c.label}`, col, BODY, false, measure)[0]! });
        m.push({ t: 'rect', x: LEFT + col + 3, y: y + 3.5, w: 2.5, h: 2.5, fill: true });
      });
      right.forEach((c, i) => {
        const y = top + i * 10;
        m.push({ t: 'rect', x: RIGHT - col - 5.5, y: y + 3.5, w: 2.5, h: 2.5, fill: true });
        m.push({ t: 'text', x: RIGHT - col, y: y + 6, size: BODY, text: wrap(`${String.fromCharCode(65 + i)}. ${c.label}`, col, BODY, false, measure)[0]! });
      });
      break;
    }
    case 'blanks':
      break;
  }
  f.y = top + area;
  f.gap(6);
}

/** The cover letter for the family (page 1 of the pupil's pack). */
function letter(f: Flow, ctx: PackContext, pupil: PackPupil, first: number, last: number) {
  const name = `${pupil.firstName} ${pupil.lastName}`;
  f.text(W.letterTitle, { size: 18, bold: true, line: 10 });
  f.gap(2);
  f.text(W.letterGreeting);
  f.gap(2);
  f.text(fill(W.letterIntro, { title: ctx.title, teacher: ctx.teacher, pupil: name, className: ctx.className }));
  f.gap(4);
  f.text(W.letterTodoTitle, { size: 13, bold: true, line: 7 });
  for (const item of W.letterTodo) { f.text(`•  ${item}`, { x: LEFT + 2, width: WIDTH - 2 }); f.gap(1); }
  f.gap(3);
  f.text(W.letterDueTitle, { size: 13, bold: true, line: 7 });
  f.text(ctx.dueAt ? fill(W.letterDue, { date: formatDue(ctx.dueAt) }) : W.letterNoDue, { bold: true });
  f.gap(4);
  f.text(W.letterReturnTitle, { size: 13, bold: true, line: 7 });
  const pages = first === last ? `la page ${first}` : `les pages ${first} à ${last}`;
  f.text(fill(W.letterReturn, { pages, teacher: ctx.teacher, school: ctx.school }));
  f.gap(2);
  f.text(fill(W.letterContact, { teacher: ctx.teacher }));
  f.gap(6);
  f.text(W.letterThanks);
  f.gap(2);
  f.text(ctx.teacher, { bold: true });
}

/** The assignment's pages for one pupil (without the frame of each page). */
function assignmentPages(ctx: PackContext, measure: Measure) {
  const f = new Flow(measure);
  f.text(ctx.title, { size: 16, bold: true, line: 8.5 });
  f.gap(2);
  const paragraphs = markdownParagraphs(ctx.instructionsMarkdown);
  if (paragraphs.length) {
    f.text(W.instructions, { bold: true });
    for (const p of paragraphs) { f.text(p); f.gap(1.5); }
    f.gap(3);
  }
  ctx.questions.forEach((q, i) => question(f, q, i + 1, measure));
  return f.pages;
}

/** Header, corner marks, footer and QR code of one page. */
function frame(marks: Mark[], ctx: PackContext, pupil: PackPupil, page: number, pages: number, measure: Measure) {
  const right = PAGE.width - SAFE;
  marks.push(
    ...CORNER_MARKS.map((c): Mark => ({ t: 'rect', x: c.x, y: c.y, w: MARK, h: MARK, fill: true })),
    { t: 'qr', x: QR_AT.x, y: QR_AT.y, size: QR_SIZE, payload: qrPayload(pupil.code, page, ctx.layoutVersion) },
  );
  const header = wrap(fill(W.header, { title: ctx.title, className: ctx.className }), right - MARK - 4 - (SAFE + MARK + 4), SMALL, false, measure)[0]!;
  marks.push({ t: 'text', x: SAFE + MARK + 4, y: 15, size: SMALL, grey: true, text: header });
  const footerWidth = right - QR_SIZE - 4 - LEFT;
  marks.push({ t: 'text', x: LEFT, y: 277, size: 10.5, bold: true, text: wrap(fill(W.footer, { pupil: `${pupil.firstName} ${pupil.lastName}`, page, pages }), footerWidth, 10.5, true, measure)[0]! });
  marks.push({ t: 'text', x: LEFT, y: 282.5, size: 8, grey: true, text: W.footerHint });
}

/** Every page of one pupil's pack: the letter, then the assignment. */
export function layOutPupil(ctx: PackContext, pupil: PackPupil, measure: Measure): LaidOutPage[] {
  const work = assignmentPages(ctx, measure);
  let cover = new Flow(measure);
  letter(cover, ctx, pupil, 2, 1 + work.length);
  const coverPages = cover.pages.length;
  if (coverPages > 1) { // a long title or school name: the letter names the right pages
    cover = new Flow(measure);
    letter(cover, ctx, pupil, coverPages + 1, coverPages + work.length);
  }
  const all = [...cover.pages, ...work];
  return all.map((p, i) => {
    frame(p.marks, ctx, pupil, i + 1, all.length, measure);
    return { studentId: pupil.id, page: i + 1, marks: p.marks, ticks: p.ticks, answers: p.answers };
  });
}

/** The bounding box of a mark (text: from the baseline up by its size; width from `measure`). */
export function markBounds(m: Mark, measure: Measure): { x: number; y: number; w: number; h: number } {
  switch (m.t) {
    case 'text': return { x: m.x, y: m.y - m.size * PT * 0.8, w: measure(m.text, m.size, m.bold ?? false), h: m.size * PT };
    case 'rect': return { x: m.x, y: m.y, w: m.w, h: m.h };
    case 'line': return { x: Math.min(m.x1, m.x2), y: Math.min(m.y1, m.y2), w: Math.abs(m.x2 - m.x1), h: Math.abs(m.y2 - m.y1) };
    case 'qr': return { x: m.x, y: m.y, w: m.size, h: m.size };
  }
}
