/** The self-marking rules (src/protocol/auto-marking.ts), table-driven: the server and the tablet share them. */
import { describe, expect, it } from 'vitest';
import { blankCount, effectivePoints, formatScore, markAnswers, markQuestion, normalizeText, parseDecimal, totalPoints } from '../../../src/protocol/auto-marking.ts';
import type { Answer, Question } from '../../../src/protocol/entities.ts';

const q = (over: Partial<Question>): Question => ({ id: 'q1', kind: 'choice', prompt: 'Question', points: 2, ...over });
const a = (over: Partial<Answer>): Answer => ({ questionId: 'q1', ...over });

describe('parseDecimal', () => {
  it.each([
    ['2,5', 2.5], ['2.5', 2.5], [' -3 ', -3], ['1 000,5', 1000.5], ['1\u202f000', 1000], [',5', 0.5], ['7', 7], ['\u22124,2', -4.2],
    ['', null], ['abc', null], ['2,5,1', null], ['1e3', null], ['2,5 cm', null], ['--1', null],
  ])('%j → %j', (input, want) => expect(parseDecimal(input)).toBe(want));
});

describe('normalizeText', () => {
  it.each([
    ['  Le   Chat ', {}, 'Le Chat'],
    ['Élève', { ignoreAccents: true }, 'Eleve'],
    ['Élève', { ignoreCase: true }, 'élève'],
    ['Élève', { ignoreCase: true, ignoreAccents: true }, 'eleve'],
    ['l\u2019eau', {}, "l'eau"],
  ])('%j %j → %j', (input, opts, want) => expect(normalizeText(input, opts)).toBe(want));
});

describe('markQuestion', () => {
  const single = q({ kind: 'choice', choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], key: { choiceIds: ['b'] } });
  const several = q({ kind: 'choice', multiple: true, points: 3, choices: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id })), key: { choiceIds: ['a', 'b', 'c'] } });
  const numeric = q({ kind: 'numeric', points: 1, key: { value: 2.5, tolerance: 0.1 } });
  const exact = q({ kind: 'numeric', points: 1, key: { value: 0.3 } });
  const short = q({ kind: 'short', points: 1, key: { accepted: ['Paris'] } });
  const shortLoose = q({ kind: 'short', points: 1, key: { accepted: ['Égypte', 'l\'Égypte'], ignoreCase: true, ignoreAccents: true } });
  const blanks = q({ kind: 'blanks', points: 2, prompt: 'Le [...] boit du [...].', key: { blanks: [['chat'], ['lait', 'lolo']] } });
  const matching = q({ kind: 'matching', points: 3, left: [{ id: 'l1', label: 'France' }, { id: 'l2', label: 'Italie' }, { id: 'l3', label: 'Espagne' }], choices: [{ id: 'r1', label: 'Paris' }, { id: 'r2', label: 'Rome' }, { id: 'r3', label: 'Madrid' }], key: { pairs: [{ left: 'l1', right: 'r1' }, { left: 'l2', right: 'r2' }, { left: 'l3', right: 'r3' }] } });
  const tf = q({ kind: 'truefalse', points: 1, key: { truth: false } });

  it.each<[string, Question, Answer | undefined, number | null, number?, number?]>([
    ['single right', single, a({ choiceIds: ['b'] }), 2, 1, 1],
    ['single wrong', single, a({ choiceIds: ['a'] }), 0, 0, 1],
    ['single: both ticked is wrong', single, a({ choiceIds: ['a', 'b'] }), 0, 0, 1],
    ['single unanswered', single, undefined, 0, 0, 1],
    ['several: all right', several, a({ choiceIds: ['a', 'b', 'c'] }), 3, 3, 3],
    ['several: 2 of 3, no wrong', several, a({ choiceIds: ['a', 'b'] }), 2, 2, 3],
    ['several: 2 right 1 wrong → 1/3', several, a({ choiceIds: ['a', 'b', 'd'] }), 1, 2, 3],
    ['several: 1 right 1 wrong → 0, never below', several, a({ choiceIds: ['a', 'd'] }), 0, 1, 3],
    ['several: only wrong → 0', several, a({ choiceIds: ['d'] }), 0, 0, 3],
    ['several: everything ticked → 2/3', several, a({ choiceIds: ['a', 'b', 'c', 'd'] }), 2, 3, 3],
    ['numeric: decimal comma', numeric, a({ text: '2,5' }), 1],
    ['numeric: within tolerance', numeric, a({ text: '2,58' }), 1],
    ['numeric: edge of tolerance', numeric, a({ text: '2,4' }), 1],
    ['numeric: outside tolerance', numeric, a({ text: '2,7' }), 0],
    ['numeric: not a number', numeric, a({ text: 'deux et demi' }), 0],
    ['numeric: no tolerance, float sum', exact, a({ text: String(0.1 + 0.2) }), 1],
    ['numeric: no tolerance, wrong', exact, a({ text: '0,31' }), 0],
    ['short: exact', short, a({ text: ' Paris ' }), 1],
    ['short: case counts by default', short, a({ text: 'paris' }), 0],
    ['short: empty is wrong', short, a({ text: '' }), 0],
    ['short: ignore case and accents', shortLoose, a({ text: 'egypte' }), 1],
    ['short: second accepted, typographic apostrophe', shortLoose, a({ text: 'L\u2019egypte' }), 1],
    ['blanks: both', blanks, a({ texts: ['chat', 'lolo'] }), 2, 2, 2],
    ['blanks: one of two', blanks, a({ texts: ['chien', 'lait'] }), 1, 1, 2],
    ['blanks: missing', blanks, a({ texts: ['chat'] }), 1, 1, 2],
    ['matching: all', matching, a({ pairs: [{ left: 'l1', right: 'r1' }, { left: 'l2', right: 'r2' }, { left: 'l3', right: 'r3' }] }), 3, 3, 3],
    ['matching: one swapped pair', matching, a({ pairs: [{ left: 'l1', right: 'r1' }, { left: 'l2', right: 'r3' }, { left: 'l3', right: 'r2' }] }), 1, 1, 3],
    ['matching: a left answered twice counts once', matching, a({ pairs: [{ left: 'l1', right: 'r2' }, { left: 'l1', right: 'r1' }] }), 0, 0, 3],
    ['truefalse right', tf, a({ text: 'false' }), 1],
    ['truefalse wrong', tf, a({ text: 'true' }), 0],
    ['text is marked by hand', q({ kind: 'text' }), a({ text: 'x' }), null],
    ['choice without key (old assignment) by hand', q({ kind: 'choice', choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] }), a({ choiceIds: ['a'] }), null],
  ])('%s', (_name, question, answer, points, right, of) => {
    const m = markQuestion(question, answer);
    if (points === null) return expect(m).toBeNull();
    expect(m?.points).toBe(points);
    expect(m?.max).toBe(question.points);
    if (right !== undefined) expect([m?.right, m?.of]).toEqual([right, of]);
  });

  it('rounds to the hundredth', () => {
    const three = q({ kind: 'blanks', points: 1, prompt: '[...] [...] [...]', key: { blanks: [['a'], ['b'], ['c']] } });
    expect(markQuestion(three, a({ texts: ['a', 'x', 'x'] }))?.points).toBe(0.33);
  });
});

describe('a copy', () => {
  const questions: Question[] = [
    q({ id: 'q1', kind: 'numeric', points: 3, key: { value: 12 } }),
    q({ id: 'q2', kind: 'text', points: 2 }),
    q({ id: 'q3', kind: 'short', points: 2, key: { accepted: ['oui'], ignoreCase: true } }),
  ];
  it('marks the self-marking questions only, and the teacher overrides win', () => {
    const auto = markAnswers(questions, [a({ questionId: 'q1', text: '12' }), a({ questionId: 'q3', text: 'non' })]);
    expect(auto.map((m) => [m.questionId, m.points])).toEqual([['q1', 3], ['q3', 0]]);
    const eff = effectivePoints(questions, auto, [{ questionId: 'q2', points: 1.5 }, { questionId: 'q3', points: 2 }, { questionId: 'q1', points: null }]);
    expect(eff.map((e) => [e.points, e.overridden])).toEqual([[3, false], [1.5, true], [2, true]]);
    expect(totalPoints(eff)).toBe(6.5);
    expect(formatScore(6.5, 7)).toBe('6,5 / 7');
    expect(formatScore(6.5, 7, 'en')).toBe('6.5 / 7');
  });
  it('has no total before anything is marked', () => {
    expect(totalPoints(effectivePoints(questions, [], []))).toBeNull();
  });
  it('counts the blanks of a prompt', () => {
    expect(blankCount('Le [...] boit du [...].')).toBe(2);
    expect(blankCount('Rien')).toBe(0);
  });
});
