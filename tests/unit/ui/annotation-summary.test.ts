/** The tablet's words for the teacher's annotations: counted by tool, French plurals, texts quoted, a list joined with « et ». */
import { afterAll, expect, test } from 'vitest';
import { annotationSummary } from '../../../src/ui/assignment/annotation-summary.ts';
import { setLang } from '../../../src/i18n/i18n.ts';
import type { AnnotationMark } from '../../../src/protocol/annotations.ts';

const tick = (x: number): AnnotationMark => ({ kind: 'tick', colour: 'green', x, y: 0.5 });
afterAll(() => setLang('fr', false));

test('in French', async () => {
  await setLang('fr', false);
  expect(annotationSummary([{ kind: 'circle', colour: 'red', cx: 0.5, cy: 0.5, rx: 0.1, ry: 0.1 }, { kind: 'cross', colour: 'red', x: 0.2, y: 0.2 }, { kind: 'text', colour: 'red', x: 0.1, y: 0.1, text: 'Revois la retenue' }]))
    .toBe('3 annotations du professeur : 1 croix, 1 cercle et « Revois la retenue ».');
  expect(annotationSummary([tick(0.1)])).toBe('1 annotation du professeur : 1 coche.');
  expect(annotationSummary([tick(0.1), tick(0.2), { kind: 'pen', colour: 'blue', points: [0.1, 0.1, 0.2, 0.2] }, { kind: 'pen', colour: 'red', points: [0.3, 0.3] }]))
    .toBe('4 annotations du professeur : 2 coches et 2 traits de stylo.');
});

test('in English', async () => {
  await setLang('en', false);
  expect(annotationSummary([tick(0.1), { kind: 'cross', colour: 'red', x: 0.2, y: 0.2 }, { kind: 'cross', colour: 'red', x: 0.3, y: 0.2 }]))
    .toBe('3 annotations by your teacher: 1 tick and 2 crosses.');
});
