/**
 * The paper pack's layout (issue 15), checked on positions without a PDF: nothing past the
 * printable area whatever the teacher wrote, frames as tall as asked, writing lines for text
 * answers, a box to tick per choice, a footer « Prénom Nom — page p/n » and a QR code on every
 * page, the letter naming the pages to send back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { layOutPupil, wrap, markBounds, parseQrPayload, PRINTABLE, qrPayload, WRITING_LINE, type LaidOutPage, type Measure } from '../../../../server/paper/pack-layout.ts';
import { packMeasure } from '../../../../server/paper/pack-pdf.ts';
import { sampleContext, SAMPLE_QUESTIONS } from './pack-sample.ts';
import type { Question } from '../../../../src/protocol/entities.ts';

let measure: Measure;
beforeAll(async () => { measure = await packMeasure(); });
const pupil = { id: 's1', firstName: 'Anaïs', lastName: 'Fournier', code: 'ABCDEFGHIJKLMNOP' };

function outside(pages: LaidOutPage[]): string[] {
  const eps = 0.01;
  return pages.flatMap((p) => p.marks.flatMap((m) => {
    const b = markBounds(m, measure);
    const ok = b.x >= PRINTABLE.x - eps && b.y >= PRINTABLE.y - eps && b.x + b.w <= PRINTABLE.x + PRINTABLE.w + eps && b.y + b.h <= PRINTABLE.y + PRINTABLE.h + eps;
    return ok ? [] : [`page ${p.page}: ${m.t} ${'text' in m ? m.text : ''} at ${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.w.toFixed(1)}×${b.h.toFixed(1)}`];
  }));
}

/** Marks that overlap each other on a page (text on a frame, a box on a line…), frames excepted for what they contain. */
function overlaps(page: LaidOutPage): string[] {
  const boxes = page.marks.filter((m) => m.t === 'text' || m.t === 'qr').map((m) => ({ m, b: markBounds(m, measure) }));
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i]!.b;
    const c = boxes[j]!.b;
    if (a.x < c.x + c.w - 0.2 && c.x < a.x + a.w - 0.2 && a.y < c.y + c.h - 0.2 && c.y < a.y + a.h - 0.2) out.push(`${JSON.stringify(boxes[i]!.m)} / ${JSON.stringify(boxes[j]!.m)}`);
  }
  return out;
}

describe('paper pack layout', () => {
  it('puts the cover letter first, then every question, all inside the printable area, with a footer and a QR code on each page', () => {
    const pages = layOutPupil(sampleContext(), pupil, measure);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(outside(pages)).toEqual([]);
    for (const p of pages) expect(overlaps(p), `page ${p.page}`).toEqual([]);
    const texts = (p: LaidOutPage) => p.marks.flatMap((m) => (m.t === 'text' ? [m.text] : []));
    expect(texts(pages[0]!)).toContain('Devoirs à la maison');
    expect(texts(pages[0]!).join(' ')).toContain(`pages 2 à ${pages.length}`);
    expect(texts(pages[0]!).join(' ')).toContain('mercredi 9 décembre 2026');
    pages.forEach((p, i) => {
      expect(texts(p)).toContain(`Anaïs Fournier — page ${i + 1}/${pages.length}`);
      const qr = p.marks.filter((m) => m.t === 'qr');
      expect(qr).toEqual([expect.objectContaining({ payload: qrPayload(pupil.code, i + 1, 3) })]);
      expect(p.marks.filter((m) => m.t === 'rect' && m.fill && m.w === 6)).toHaveLength(3); // the corner marks
    });
    const all = pages.flatMap(texts).join('\n');
    for (let n = 1; n <= SAMPLE_QUESTIONS.length; n++) expect(all).toContain(`Question ${n} (`);
    expect(all).toContain('Question 9 (1,5 point)');
    expect(all).toContain('Question 1 (2 points)');
    // The paper wording replaces the tablet's; the defaults speak of paper.
    expect(all).toContain('Trace un cercle de 8 cm de diamètre');
    expect(all).not.toContain('Prends ta feuille en photo');
    expect(all).toContain('Écris ta réponse sur les lignes.');
    expect(all).toContain('Coche toutes les bonnes réponses.');
    expect(all).toContain('Lis bien chaque question.');
    expect(all).not.toContain('**');
  });

  it('gives one box to tick per choice (and Vrai/Faux), and frames as tall as the teacher asked', () => {
    const pages = layOutPupil(sampleContext(), pupil, measure);
    const ticks = pages.flatMap((p) => p.ticks);
    expect(ticks.map((t) => `${t.questionId}:${t.choiceId}`)).toEqual(['q2:a', 'q2:b', 'q2:c', 'q5:true', 'q5:false', 'q9:x', 'q9:y', 'q9:z']);
    for (const t of ticks) expect(t.size).toBeGreaterThanOrEqual(5);
    const frames = pages.flatMap((p) => p.marks.filter((m) => m.t === 'rect' && !m.fill && m.h > 50));
    expect(frames.map((f) => f.t === 'rect' && f.h)).toEqual([100]);
    // 54 mm of writing lines for the text question by default: 6 lines 9 mm apart.
    const lines = pages.flatMap((p) => p.marks.filter((m) => m.t === 'line'));
    expect(lines.length).toBe(6 + 2 + 5); // text, short, audio
    expect(WRITING_LINE).toBe(9);
  });

  it('keeps to the printable area with the longest wordings, 20 choices and the tallest frames', () => {
    const long = 'Un énoncé très long, avec des mots comme anticonstitutionnellement et des nombres 3,14159. '.repeat(50).slice(0, 5000);
    const questions: Question[] = [
      { id: 'a', kind: 'text', prompt: long, points: 100, paperFrameMm: 220 },
      { id: 'b', kind: 'choice', prompt: long.slice(0, 600), points: 1, choices: Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, label: `${long.slice(0, 160)} ${i}` })) },
      { id: 'c', kind: 'photo', prompt: 'Dessine.', points: 1, paperFrameMm: 220 },
      { id: 'd', kind: 'photo', prompt: 'Encore.', points: 1, paperFrameMm: 220 },
      { id: 'e', kind: 'matching', prompt: 'Relie.', points: 1, left: Array.from({ length: 20 }, (_, i) => ({ id: `l${i}`, label: `gauche ${i} ${long.slice(0, 200)}` })), choices: Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, label: `droite ${i}` })) },
    ];
    const ctx = sampleContext({ title: long.slice(0, 200), questions, instructionsMarkdown: long, school: 'Collège '.repeat(20) });
    const pages = layOutPupil(ctx, { ...pupil, firstName: 'Marie-Émilie-Géraldine', lastName: 'de La Fontaine-Saint-Exupéry' }, measure);
    expect(outside(pages)).toEqual([]);
    for (const p of pages) expect(overlaps(p), `page ${p.page}`).toEqual([]);
    expect(pages.flatMap((p) => p.ticks)).toHaveLength(20);
  });

  it('reads back only its own QR payloads', () => {
    expect(parseQrPayload(qrPayload('ABCDEFGHIJKLMNOP', 2, 7))).toEqual({ code: 'ABCDEFGHIJKLMNOP', page: 2, layoutVersion: 7 });
    for (const bad of ['', 'C1.abcdefghijklmnop.2.7', 'C2.ABCDEFGHIJKLMNOP.2.7', 'https://example.org', 'C1.ABCDEFGHIJKLMNO.2.7']) expect(parseQrPayload(bad)).toBeNull();
  });

  it('never breaks a line at a no-break space: « and : stay with their word (French typography)', () => {
    const text = 'Voici le travail\u00a0: appuie sur «\u00a0Changer d’élève\u00a0» puis «\u00a0Rendre\u00a0» — c’est fait\u00a0!';
    for (const width of [20, 25, 30, 35, 40, 50, 60]) {
      const lines = wrap(text, width, 11, false, measure);
      expect(lines.join(' '), `width ${width}`).toBe(text.replace(/ /g, ' '));
      for (const l of lines) {
        expect(l, `width ${width}: a line may not start with a high punctuation or »`).not.toMatch(/^[\u00a0:;!?»]/);
        expect(l, `width ${width}: a line may not end with «`).not.toMatch(/[«\u00a0]$/);
      }
    }
  });
});
