/** An assignment with every kind of question, as a teacher of 5e would write it, for the paper-pack tests. */
import type { Question } from '../../../../src/protocol/entities.ts';
import type { PackContext } from '../../../../server/paper/pack-layout.ts';

export const SAMPLE_QUESTIONS: Question[] = [
  { id: 'q1', kind: 'text', prompt: 'Explique ce qu’est une fraction, avec un exemple de la vie de tous les jours.', points: 2 },
  { id: 'q2', kind: 'choice', prompt: 'Quelle fraction est égale à 1/2 ?', points: 1, choices: [{ id: 'a', label: '2/4' }, { id: 'b', label: '3/5' }, { id: 'c', label: '4/6' }], key: { choiceIds: ['a'] } },
  { id: 'q3', kind: 'numeric', prompt: 'Combien font 3/4 de 12 ?', points: 1, key: { value: 9, tolerance: 0 } },
  { id: 'q4', kind: 'photo', prompt: 'Prends ta feuille en photo.', paperPrompt: 'Trace un cercle de 8 cm de diamètre et colorie les 3/8 du disque.', paperFrameMm: 100, points: 3 },
  { id: 'q5', kind: 'truefalse', prompt: '1/3 est plus grand que 1/2.', points: 1, key: { truth: false } },
  { id: 'q6', kind: 'blanks', prompt: 'Le numérateur est au-[...] du trait, le dénominateur en-[...].', points: 1, key: { blanks: [['dessus'], ['dessous']] } },
  { id: 'q7', kind: 'matching', prompt: 'Relie chaque fraction à son nom.', points: 2, left: [{ id: 'l1', label: '1/2' }, { id: 'l2', label: '1/4' }], choices: [{ id: 'r1', label: 'un demi' }, { id: 'r2', label: 'un quart' }], key: { pairs: [{ left: 'l1', right: 'r1' }, { left: 'l2', right: 'r2' }] } },
  { id: 'q8', kind: 'short', prompt: 'Comment appelle-t-on le nombre du bas ?', points: 1, key: { accepted: ['dénominateur'] } },
  { id: 'q9', kind: 'choice', multiple: true, prompt: 'Coche les fractions plus grandes que 1.', points: 1.5, choices: [{ id: 'x', label: '5/4' }, { id: 'y', label: '3/7' }, { id: 'z', label: '9/8' }] },
  { id: 'q10', kind: 'audio', prompt: 'Lis la leçon à voix haute.', points: 1, maxDurationSec: 60 },
];

export const sampleContext = (over: Partial<PackContext> = {}): PackContext => ({
  title: 'Les fractions — révision', instructionsMarkdown: 'Lis **bien** chaque question.\n\n- Utilise ta règle\n- Écris proprement',
  questions: SAMPLE_QUESTIONS, className: '5e B', teacher: 'Mme Lefèvre', school: 'Collège Jean-Moulin', dueAt: '2026-12-09T16:00:00.000Z', layoutVersion: 3,
  ...over,
});
