/** sameData: the live-query equality that lets the home skip re-rendering unchanged results. */
import { describe, expect, test } from 'vitest';
import { sameData } from '../../../src/ui/common/same-data.ts';

describe('sameData', () => {
  test.each<[string, unknown, unknown, boolean]>([
    ['equal primitives', 'a', 'a', true],
    ['different primitives', 1, 2, false],
    ['NaN equals NaN', Number.NaN, Number.NaN, true],
    ['null vs object', null, {}, false],
    ['nested equal data', { a: [1, { b: 'x', c: null }], d: true }, { a: [1, { b: 'x', c: null }], d: true }, true],
    ['a nested value differs', { a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] }, false],
    ['array length differs', [1, 2], [1, 2, 3], false],
    ['array vs array-like object', [1], { 0: 1, length: 1 }, false],
    ['missing key vs undefined value', { a: undefined }, { b: undefined }, false],
    ['an extra key', { a: 1 }, { a: 1, b: 2 }, false],
    ['key order does not matter', { a: 1, b: 2 }, { b: 2, a: 1 }, true],
    ['different Dates are never "the same data"', new Date(0), new Date(0), false],
  ])('%s', (_name, a, b, same) => {
    expect(sameData(a, b)).toBe(same);
    expect(sameData(b, a)).toBe(same);
  });
});
