/** The editor's right answers (issue 13): every self-marking kind becomes a key the server accepts, and comes back into the form. */
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { CreateAssignmentRequest, questionProblems } from '../../../src/protocol/console.ts';
import { markAnswers } from '../../../src/protocol/auto-marking.ts';
import { emptyForm, formFromAssignment, formToRequest, newQuestion, previewAssignment, type AssignmentForm } from '../../../src/ui/console/assignment-form.ts';

function autoForm(): AssignmentForm {
  const choice = { ...newQuestion('choice'), prompt: 'Nombres premiers', points: '2', multiple: true };
  choice.choices = choice.choices.map((c, i) => ({ ...c, label: `${i + 2}` }));
  choice.rightChoiceIds = choice.choices.map((c) => c.id);
  const tf = { ...newQuestion('truefalse'), prompt: 'La Terre est ronde.', truth: 'true' as const };
  const num = { ...newQuestion('numeric'), prompt: '5 ÷ 2', numValue: '2,5', numTolerance: '0,1' };
  const short = { ...newQuestion('short'), prompt: 'Capitale ?', accepted: 'Paris\n  \nparis ', ignoreAccents: true };
  const blanks = { ...newQuestion('blanks'), prompt: 'Le [...] boit du [...].', points: '2', blankAnswers: ['chat', 'lait / lolo'] };
  const matching = { ...newQuestion('matching'), prompt: 'Relie.' };
  matching.pairs = matching.pairs.map((p, i) => ({ ...p, left: ['France', 'Italie'][i]!, right: ['Paris', 'Rome'][i]! }));
  return { ...emptyForm(), title: 'Auto', resultPolicy: 'immediate', questions: [choice, tf, num, short, blanks, matching] };
}

describe('the editor’s right answers', () => {
  it('build keys the server accepts, that mark right answers right', () => {
    const r = formToRequest(autoForm());
    expect(r.ok, JSON.stringify(!r.ok && r.problems)).toBe(true);
    if (!r.ok) return;
    expect(Value.Check(CreateAssignmentRequest, r.request)).toBe(true);
    expect(questionProblems(r.request.questions)).toEqual([]);
    expect(r.request.resultPolicy).toBe('immediate');
    const [choice, tf, num, short, blanks, matching] = r.request.questions;
    expect(tf!.key).toEqual({ truth: true });
    expect(num!.key).toEqual({ value: 2.5, tolerance: 0.1 });
    expect(short!.key).toEqual({ accepted: ['Paris', 'paris'], ignoreCase: true, ignoreAccents: true });
    expect(blanks!.key).toEqual({ blanks: [['chat'], ['lait', 'lolo']], ignoreCase: true });
    expect(matching!.left?.map((l) => l.label)).toEqual(['France', 'Italie']);
    const marks = markAnswers(r.request.questions, [
      { questionId: choice!.id, choiceIds: choice!.key!.choiceIds },
      { questionId: tf!.id, text: 'true' },
      { questionId: num!.id, text: '2,45' },
      { questionId: short!.id, text: 'PARIS' },
      { questionId: blanks!.id, texts: ['Chat', 'lolo'] },
      { questionId: matching!.id, pairs: matching!.key!.pairs },
    ]);
    expect(marks.map((m) => m.points)).toEqual([2, 1, 1, 1, 2, 1]);
  });

  it('come back into the form unchanged', () => {
    const r = formToRequest(autoForm());
    if (!r.ok) throw new Error('form refused');
    const again = formToRequest(formFromAssignment({ ...previewAssignment(autoForm(), null), questions: r.request.questions }));
    expect(again.ok && again.request.questions).toEqual(r.request.questions);
    expect(again.ok && again.request.resultPolicy).toBe('immediate');
  });

  it.each<[string, (f: AssignmentForm) => void, string]>([
    ['two right answers on a one-answer choice', (f) => { f.questions[0]!.multiple = false; }, 'err.oneRightChoice'],
    ['true/false not set', (f) => { f.questions[1]!.truth = ''; }, 'err.keyRequired'],
    ['a value that is not a number', (f) => { f.questions[2]!.numValue = 'deux'; }, 'err.numberInvalid'],
    ['no accepted answer', (f) => { f.questions[3]!.accepted = ' \n '; }, 'err.keyRequired'],
    ['a text without blanks', (f) => { f.questions[4]!.prompt = 'Pas de trou.'; }, 'err.blanksNone'],
    ['a blank without answer', (f) => { f.questions[4]!.blankAnswers = ['chat', ' / ']; }, 'err.keyRequired'],
    ['a pair without its right side', (f) => { f.questions[5]!.pairs[1]!.right = ' '; }, 'err.pairsInvalid'],
  ])('refuses %s', (_name, spoil, key) => {
    const f = autoForm();
    spoil(f);
    const r = formToRequest(f);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.key)).toContain(key);
  });
});
