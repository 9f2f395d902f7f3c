/** The pupil's French: no « (s) » plural anywhere, and the work screens' plurals chosen by Intl.PluralRules (tp). */
import { expect, test } from 'vitest';
import { fr } from '../../../src/i18n/messages-fr.ts';
import { frWork } from '../../../src/i18n/messages-fr-work.ts';
import { frRefused } from '../../../src/i18n/messages-fr-refused.ts';
import { en } from '../../../src/i18n/messages-en.ts';
import { tp } from '../../../src/i18n/work-messages.ts';
import { setLang } from '../../../src/i18n/i18n.ts';

test('no tablet string says « (s) » or « (e) » — plurals go through {count, plural, …}', () => {
  const all = { ...fr, ...frWork, ...frRefused };
  expect(Object.entries(all).filter(([, v]) => /\((s|e|es|x)\)/.test(v))).toEqual([]);
  expect(Object.entries(en).filter(([, v]) => /\(s\)/.test(v))).toEqual([]);
});

test('tp chooses the French plural, numbers with a decimal comma', async () => {
  await setLang('fr', false);
  expect(tp('assignment.unanswered', { count: 1 })).toBe('Attention : 1 question n’a pas de réponse.');
  expect(tp('assignment.unanswered', { count: 2 })).toBe('Attention : 2 questions n’ont pas de réponse.');
  expect(tp('assignment.points', { points: 1 })).toBe('1 point');
  expect(tp('assignment.points', { points: 4 })).toBe('4 points');
  expect(tp('feedback.points', { points: 6.5, max: 7 })).toBe('6,5 / 7 points');
  expect(tp('feedback.points', { points: 0.5, max: 1 })).toBe('0,5 / 1 point');
  expect(tp('withdrawn.attachments', { count: 1 })).toBe('1 photo ou enregistrement gardé sur la tablette');
  expect(tp('withdrawn.attachments', { count: 3 })).toBe('3 photos ou enregistrements gardés sur la tablette');
});

test('tp chooses the English plural', async () => {
  await setLang('en', false);
  try {
    expect(tp('assignment.unanswered', { count: 1 })).toBe('Careful: 1 question has no answer.');
    expect(tp('feedback.points', { points: 2.5, max: 4 })).toBe('2.5 / 4 points');
  } finally {
    await setLang('fr', false);
  }
});
