import { describe, expect, it } from 'vitest';
import { consoleFr } from '../../../src/i18n/console-fr.ts';
import { consoleEn } from '../../../src/i18n/console-en.ts';
import { formatMessage, makeTranslate } from '../../../src/ui/console/console-i18n.ts';
import { placeholdersOf } from '../../../src/i18n/format-message.ts';

/** Plain `{name}` and plural `{name, plural, …}` placeholders alike. */
const placeholders = placeholdersOf;

describe('console messages', () => {
  it('English has exactly the French keys, with the same placeholders', () => {
    expect(Object.keys(consoleEn).sort()).toEqual(Object.keys(consoleFr).sort());
    for (const [k, fr] of Object.entries(consoleFr)) {
      expect(placeholders(consoleEn[k as keyof typeof consoleFr]), k).toEqual(placeholders(fr));
    }
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('{a} et {b}', { a: 1 })).toBe('1 et {b}');
    expect(makeTranslate('fr')('follow.chartSummary', { submitted: 3, total: 25 })).toBe('3 copies rendues sur 25 élèves.');
    expect(makeTranslate('en')('follow.chartSummary', { submitted: 3, total: 25 })).toBe('3 of 25 students handed in.');
  });
  it('speaks French plurals, never « 1 copies » nor « 1 élèves »', () => {
    const fr = makeTranslate('fr');
    expect(fr('follow.chartSummary', { submitted: 0, total: 1 })).toBe('Aucune copie rendue sur 1 élève.');
    expect(fr('follow.chartSummary', { submitted: 1, total: 3 })).toBe('1 copie rendue sur 3 élèves.');
    expect(fr('classes.students', { count: 1 })).toBe('1 élève');
    expect(fr('classes.students', { count: 28 })).toBe('28 élèves');
    expect(fr('paper.download', { count: 1 })).toBe('Télécharger le dossier PDF (1 élève)');
    expect(fr('sub.pointsOf', { points: 1.5 })).toBe('1,5 point'); // French: 1,5 is singular
    expect(fr('sub.pointsOf', { points: 2 })).toBe('2 points');
    expect(fr('paper.download', { count: 2 })).toBe('Télécharger le dossier PDF (2 élèves)');
    expect(fr('admin.backup.schedule', { hour: 2, dir: '/srv', keep: 1 })).toContain('seule la dernière est gardée');
    expect(makeTranslate('en')('classes.students', { count: 1 })).toBe('1 student');
  });
  it('elides « de » before a pupil’s name in French (« Copie d’Inès »), not in English', () => {
    const fr = makeTranslate('fr');
    expect(fr('sub.title', { name: 'Inès Martin' })).toBe('Copie d’Inès Martin');
    expect(fr('sub.title', { name: 'Hugo Bernard' })).toBe('Copie d’Hugo Bernard');
    expect(fr('sub.title', { name: 'Yanis Roux' })).toBe('Copie de Yanis Roux');
    expect(fr('follow.open', { name: 'Élodie Petit' })).toBe('Ouvrir la copie d’Élodie Petit');
    expect(fr('paper.attached', { name: 'Œlie Durand' })).toBe('Photo ajoutée à la copie d’Œlie Durand.');
    expect(fr('assignments.title', { className: '5e B' })).toBe('Devoirs de 5e B');
    expect(makeTranslate('en')('sub.title', { name: 'Inès Martin' })).not.toContain('d’');
  });
  it('names the follow-up chart after who the work went to: the class or a group', () => {
    expect(makeTranslate('fr')('follow.chart')).toBe('Avancement de la classe');
    expect(makeTranslate('fr')('follow.chartGroup')).toBe('Avancement du groupe');
    expect(makeTranslate('en')('follow.chartGroup')).toBe('Group progress');
  });
});
