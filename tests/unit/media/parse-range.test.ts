/** HTTP Range parsing for media downloads, table-driven (one `bytes=` range; others answer whole or 416). */
import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../server/routes/blob-response.ts';

describe('parseRange (size 1000)', () => {
  const cases: [string | undefined, ReturnType<typeof parseRange>][] = [
    [undefined, null],
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=900-', { start: 900, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=500-5000', { start: 500, end: 999 }],
    ['bytes=999-999', { start: 999, end: 999 }],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=100-50', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=-', 'unsatisfiable'],
    ['items=0-1', 'unsatisfiable'],
    ['bytes=0-1,5-6', null],
    ['bytes=99999999999999999999-', 'unsatisfiable'],
  ];
  for (const [header, expected] of cases) {
    it(`${header ?? '(none)'} → ${JSON.stringify(expected)}`, () => {
      expect(parseRange(header, 1000)).toEqual(expected);
    });
  }
});
