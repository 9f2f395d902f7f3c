import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { CreateAssignmentRequest, questionProblems } from '../../../src/protocol/console.ts';
import type { Assignment } from '../../../src/protocol/entities.ts';
import {
  emptyForm, formFromAssignment, formToRequest, isoToLocalInput, localInputToIso, move, newQuestion, previewAssignment, totalPoints, type AssignmentForm,
} from '../../../src/ui/console/assignment-form.ts';

function filledForm(): AssignmentForm {
  const text = { ...newQuestion('text'), prompt: 'Explique', points: '2' };
  const choice = { ...newQuestion('choice'), prompt: 'Choisis', points: '1' };
  choice.choices = choice.choices.map((c, i) => ({ ...c, label: `Choix ${i + 1}` }));
  const photo = { ...newQuestion('photo'), prompt: 'Photographie ta figure', points: '3' };
  const audio = { ...newQuestion('audio'), prompt: 'Lis le poème', points: '4', maxDurationSec: '90' };
  return { title: ' Devoir 1 ', instructionsMarkdown: '# Consignes', dueLocal: '2027-03-12T17:00', subject: ' SVT ', resultPolicy: 'on_return', lessonId: '', questions: [text, choice, photo, audio] };
}

describe('assignment form → request', () => {
  it('builds a request the server schema accepts, with kind-specific fields only where allowed', () => {
    const r = formToRequest(filledForm());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Value.Check(CreateAssignmentRequest, r.request)).toBe(true);
    expect(questionProblems(r.request.questions)).toEqual([]);
    expect(r.request.title).toBe('Devoir 1');
    const [text, choice, photo, audio] = r.request.questions;
    expect(text).toEqual({ id: text!.id, kind: 'text', prompt: 'Explique', points: 2 });
    expect(choice!.choices).toHaveLength(2);
    expect(choice!.multiple).toBe(false);
    expect(photo).not.toHaveProperty('choices');
    expect(audio!.maxDurationSec).toBe(90);
    expect(r.request.dueAt).toBe(new Date('2027-03-12T17:00').toISOString());
    expect(r.request.subject).toBe('SVT');
  });

  it('links the chosen lesson (none: null), and the link comes back into the form', () => {
    const lessonId = '3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b';
    const r = formToRequest({ ...filledForm(), lessonId });
    expect(r.ok && r.request.lessonId).toBe(lessonId);
    const none = formToRequest(filledForm());
    expect(none.ok && none.request.lessonId).toBeNull();
    expect(formFromAssignment({ ...previewAssignment(filledForm(), null), lessonId }).lessonId).toBe(lessonId);
    expect(formFromAssignment({ ...previewAssignment(filledForm(), null), lessonId: undefined }).lessonId).toBe('');
  });

  it('an empty subject asks for the class’s (null), and an assignment’s subject comes back into the form', () => {
    const r = formToRequest({ ...filledForm(), subject: '   ' });
    expect(r.ok && r.request.subject).toBeNull();
    const back = formFromAssignment({ ...previewAssignment(filledForm(), null), subject: 'Français' });
    expect(back.subject).toBe('Français');
    expect(formFromAssignment({ ...previewAssignment(filledForm(), null), subject: null }).subject).toBe('');
  });

  it('reports each problem with the question number', () => {
    const f = filledForm();
    f.title = '  ';
    f.questions[0]!.prompt = '';
    f.questions[1]!.choices = f.questions[1]!.choices.slice(0, 1);
    f.questions[2]!.points = '-1';
    f.questions[3]!.maxDurationSec = '5';
    const r = formToRequest(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { key: 'err.titleRequired' },
      { key: 'err.promptRequired', params: { n: 1 } },
      { key: 'err.choicesRequired', params: { n: 2 } },
      { key: 'err.pointsInvalid', params: { n: 3 } },
      { key: 'err.durationInvalid', params: { n: 4 } },
    ]);
  });

  it('refuses an assignment without questions and empty choices', () => {
    const f = { ...emptyForm(), title: 'x', questions: [] };
    expect(formToRequest(f)).toEqual({ ok: false, problems: [{ key: 'err.questionsRequired' }] });
    const g = filledForm();
    g.questions[1]!.choices[0]!.label = ' ';
    expect(formToRequest(g)).toMatchObject({ ok: false, problems: [{ key: 'err.choiceEmpty', params: { n: 2 } }] });
  });

  it('round-trips a saved assignment through the form', () => {
    const r = formToRequest(filledForm());
    if (!r.ok) throw new Error('form');
    const saved: Assignment = { ...r.request, id: 'a', classId: 'c', groupId: null, version: 3, status: 'published', publishedAt: null, updatedAt: '2027-01-01T00:00:00.000Z' };
    const again = formToRequest(formFromAssignment(saved));
    expect(again).toEqual({ ok: true, request: r.request });
  });

  it('the preview shows unsaved edits on top of the saved record', () => {
    const f = filledForm();
    const p = previewAssignment(f, { id: 'a', classId: 'c', groupId: 'g', version: 4, status: 'published', publishedAt: null });
    expect(p).toMatchObject({ id: 'a', groupId: 'g', version: 4, title: ' Devoir 1 ' });
    expect(p.questions.map((q) => q.kind)).toEqual(['text', 'choice', 'photo', 'audio']);
  });
});

describe('helpers', () => {
  it('datetime-local ↔ ISO', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('not a date')).toBeNull();
    const iso = localInputToIso('2027-03-12T08:05')!;
    expect(isoToLocalInput(iso)).toBe('2027-03-12T08:05');
    expect(isoToLocalInput(null)).toBe('');
  });
  it('move', () => {
    expect(move([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
    expect(move([1, 2, 3], 2, -2)).toEqual([3, 1, 2]);
    expect(move([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
  });
  it('totalPoints', () => {
    expect(totalPoints([{ points: 2 }, { points: 0.5 }])).toBe(2.5);
  });
});

describe('paper wording and frame height (issue 15)', () => {
  const withQuestion = (patch: Partial<ReturnType<typeof newQuestion>>) => ({ ...emptyForm(), title: 'Cercles', questions: [{ ...newQuestion('photo'), prompt: 'Prends ta feuille en photo.', ...patch }] });

  it('sends the paper wording and the frame height only when the teacher gave them, and reads them back', () => {
    const bare = formToRequest(withQuestion({}));
    expect(bare.ok && bare.request.questions[0]).not.toHaveProperty('paperPrompt');
    expect(bare.ok && bare.request.questions[0]).not.toHaveProperty('paperFrameMm');
    const r = formToRequest(withQuestion({ paperPrompt: '  Trace un cercle de 8 cm dans le cadre.  ', paperFrameMm: '100' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.request.questions[0]).toMatchObject({ paperPrompt: 'Trace un cercle de 8 cm dans le cadre.', paperFrameMm: 100 });
    expect(Value.Check(CreateAssignmentRequest, r.request)).toBe(true);
    const back = formFromAssignment({ ...r.request, questions: r.request.questions } as unknown as Assignment);
    expect(back.questions[0]).toMatchObject({ paperPrompt: 'Trace un cercle de 8 cm dans le cadre.', paperFrameMm: '100' });
  });

  it('refuses a height the page cannot hold, and ignores it on kinds without a frame', () => {
    for (const bad of ['10', '221', '12,5', 'grand']) {
      const r = formToRequest(withQuestion({ paperFrameMm: bad }));
      expect(r.ok ? [] : r.problems).toEqual([{ key: 'err.paperFrameInvalid', params: { n: 1 } }]);
    }
    const choice = { ...newQuestion('choice'), prompt: 'Combien ?', choices: [{ id: 'a', label: '3' }, { id: 'b', label: '4' }], paperFrameMm: '999' };
    const r = formToRequest({ ...emptyForm(), title: 'QCM', questions: [choice] });
    expect(r.ok && r.request.questions[0]).not.toHaveProperty('paperFrameMm');
  });
});
