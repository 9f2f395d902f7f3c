/** Plurals through Intl.PluralRules in the one formatting engine (« 1 copie rendue », never « copie(s) »). */
import { describe, expect, it } from 'vitest';
import { placeholdersOf } from '../../../src/i18n/format-message.ts';
import { formatPluralMessage as formatMessage } from '../../../src/i18n/format-plural.ts';
import { makeTranslate } from '../../../src/ui/console/console-i18n.ts';
import { consoleFr } from '../../../src/i18n/console-fr.ts';
import { consoleEn } from '../../../src/i18n/console-en.ts';

const copies = '{count, plural, =0 {aucune copie rendue} one {# copie rendue} other {# copies rendues}}';

describe('plurals in messages', () => {
  it('chooses the branch by the French rules (0 and 1 are singular, 1,5 too) and fills #', () => {
    const fr = (n: number) => formatMessage(copies, { count: n }, (x) => new Intl.NumberFormat('fr-FR').format(x), 'fr');
    expect(fr(0)).toBe('aucune copie rendue');
    expect(fr(1)).toBe('1 copie rendue');
    expect(fr(2)).toBe('2 copies rendues');
    expect(fr(1500)).toBe('1\u202f500 copies rendues');
    expect(formatMessage('{n, plural, one {# point} other {# points}}', { n: 1.5 }, String, 'fr')).toBe('1.5 point');
  });

  it('uses the English rules in English (1.5 is plural there)', () => {
    expect(formatMessage('{n, plural, one {# point} other {# points}}', { n: 1.5 }, String, 'en')).toBe('1.5 points');
    expect(formatMessage('{n, plural, one {# point} other {# points}}', { n: 1 }, String, 'en')).toBe('1 point');
  });

  it('keeps other placeholders around a plural, and names the plural param as a placeholder', () => {
    const t = 'Tablette de {name} : {count, plural, one {# devoir} other {# devoirs}} à {time}';
    expect(formatMessage(t, { name: 'Inès', count: 3, time: '10:42' })).toBe('Tablette d’Inès : 3 devoirs à 10:42');
    expect(placeholdersOf(t)).toEqual(['count', 'name', 'time']);
    // A branch of one word is text, not a placeholder.
    expect(placeholdersOf('{count, plural, =0 {rien} one {# élément} other {# éléments}} pour {name}')).toEqual(['count', 'name']);
    // A missing number leaves the choice visible, so a forgotten param is noticed.
    expect(formatMessage(t, { name: 'Inès', time: '10:42' })).toContain('{count, plural,');
  });

  it('leaves no « (s) » in the console, and speaks French numbers there', () => {
    for (const text of [...Object.values(consoleFr), ...Object.values(consoleEn)]) expect(text).not.toMatch(/\(s\)/);
    const t = makeTranslate('fr');
    expect(t('devices.revokeWaiting', { count: 1, names: 'Hugo Bernard', time: '10:42' })).toBe(
      'Cette tablette signalait 1 devoir non envoyé (Hugo Bernard) à 10:42. Il restera sur la tablette et partira dès qu’elle sera réactivée ou inscrite à nouveau.',
    );
    expect(t('tablets.notAllSynced', { count: 2 })).toBe('Pas encore tout synchronisé : 2 tablettes à vérifier.');
  });
});
