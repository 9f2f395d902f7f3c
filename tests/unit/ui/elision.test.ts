/** French elision of « de » before a name (src/i18n/elision.ts): « Copie d’Inès », « de Yanis ». */
import { describe, expect, it } from 'vitest';
import { deName, elidesBefore, elideTemplate } from '../../../src/i18n/elision.ts';

describe('deName', () => {
  it.each([
    ['Inès', 'd’Inès'],
    ['Hugo', 'd’Hugo'], // h muet
    ['Hélène', 'd’Hélène'],
    ['Yanis', 'de Yanis'], // y before a vowel: a consonant sound
    ['Yohan', 'de Yohan'],
    ['Yves', 'd’Yves'], // y before a consonant: a vowel sound
    ['Élodie', 'd’Élodie'],
    ['Œlie', 'd’Œlie'],
    ['Ælis', 'd’Ælis'],
    ['Anaïs', 'd’Anaïs'],
    ['ugo', 'd’ugo'],
    ['Îlona', 'd’Îlona'],
    ['Léa', 'de Léa'],
    ['Noah', 'de Noah'],
    ['Zoé', 'de Zoé'],
    ['5e B', 'de 5e B'],
    ['Y', 'de Y'],
    ['', 'de '],
  ])('%s → %s', (name, expected) => {
    expect(deName(name)).toBe(expected);
  });

  it('reads a decomposed accent (E + combining acute) as the vowel it is', () => {
    expect(elidesBefore('E\u0301lodie')).toBe(true);
  });
});

describe('elideTemplate', () => {
  it('turns « de {name} » into « d’{name} » only when the value elides', () => {
    expect(elideTemplate('Copie de {name}', { name: 'Inès' })).toBe('Copie d’{name}');
    expect(elideTemplate('Copie de {name}', { name: 'Yanis' })).toBe('Copie de {name}');
    expect(elideTemplate('De {name} : {n}', { name: 'Hugo', n: 2 })).toBe('D’{name} : {n}');
  });
  it('leaves numbers, unknown params and words ending in « de » alone', () => {
    expect(elideTemplate('entre 0 et 100, de {min} à {max}', { min: 8, max: 80 })).toBe('entre 0 et 100, de {min} à {max}');
    expect(elideTemplate('Copie de {name}', {})).toBe('Copie de {name}');
    expect(elideTemplate('Une aide {name}', { name: 'Inès' })).toBe('Une aide {name}');
    expect(elideTemplate('le code {name}', { name: 'Inès' })).toBe('le code {name}');
  });
});
