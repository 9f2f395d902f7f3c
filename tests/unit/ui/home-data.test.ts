/** The home's live-query model from IndexedDB (fake-indexeddb): visible rows only, slim fields, groups in order. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { CartableDb, type WorkRow } from '../../../src/db/schema.ts';
import type { Assignment, Lesson } from '../../../src/protocol/entities.ts';
import { loadHomeData } from '../../../src/ui/home/home-data.ts';
import { sameData } from '../../../src/ui/common/same-data.ts';

const scope = { studentId: 's1', classId: 'c1', groupIds: new Set<string>() };
const NOW = new Date('2026-03-10T10:00:00Z');
let db: CartableDb;
let n = 0;

const assignment = (id: string, dueAt: string | null, over: Partial<Assignment> = {}): Assignment => ({
  id, classId: 'c1', groupId: null, title: `Devoir ${id}`, instructionsMarkdown: 'Consignes longues…', dueAt,
  questions: [{ id: 'q1', kind: 'text', prompt: 'P', points: 1 }], version: 1, status: 'published',
  publishedAt: '2026-03-01T08:00:00Z', updatedAt: '2026-03-01T08:00:00Z', ...over,
});
const lesson = (id: string, publishedAt: string, over: Partial<Lesson> = {}): Lesson => ({
  id, classId: 'c1', groupId: null, title: `Leçon ${id}`, bodyMarkdown: `# Leçon\n\n![schéma](/media/m-${id})`, media: [],
  version: 1, status: 'published', publishedAt, updatedAt: publishedAt, ...over,
});
const draft = (assignmentId: string): WorkRow => ({
  id: `s1:${assignmentId}`, studentId: 's1', assignmentId, answers: [{ questionId: 'q1', text: 'Bonjour' }], assignmentVersion: 1,
  state: 'draft', updatedAt: '2026-03-09T10:00:00Z', submittedAt: null, receivedAt: null, needsAttentionCode: null,
});

beforeEach(async () => {
  db = new CartableDb(`home-data-${++n}`);
  await db.assignments.bulkPut([
    assignment('late', '2026-03-01T00:00:00Z'),
    assignment('soon', '2026-03-12T00:00:00Z'),
    assignment('later', '2026-03-20T00:00:00Z'),
    assignment('other-class', '2026-03-11T00:00:00Z', { classId: 'c2' }),
    assignment('unpublished', '2026-03-11T00:00:00Z', { status: 'draft' }),
  ]);
  await db.lessons.bulkPut([lesson('old', '2026-02-01T00:00:00Z'), lesson('new', '2026-03-05T00:00:00Z'), lesson('hidden', '2026-03-06T00:00:00Z', { groupId: 'g9' })]);
  await db.work.bulkPut([draft('soon'), draft('withdrawn')]);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

test('only what this student sees, ordered, with the few fields the home renders', async () => {
  const data = await loadHomeData(db, scope, NOW);
  expect(data.groups.todo.map((i) => [i.assignment.id, i.late])).toEqual([['late', true], ['later', false]]);
  expect(data.groups.draft.map((i) => i.assignment.id)).toEqual(['soon']);
  expect(data.groups.todo[0]!.assignment).toEqual({ id: 'late', title: 'Devoir late', dueAt: '2026-03-01T00:00:00Z' }); // no instructions, no questions
  expect(data.lessons).toEqual([{ id: 'new', title: 'Leçon new' }, { id: 'old', title: 'Leçon old' }]); // no bodies
  expect(data.orphans).toEqual([{ id: 's1:withdrawn', assignmentId: 'withdrawn', attentionCode: null, attentionParams: null }]);
  expect(data.count).toBe(4);
});

test('a write this screen does not show gives an equal model (no re-render); a visible change does not', async () => {
  const before = await loadHomeData(db, scope, NOW);
  await db.assignments.put(assignment('other-class', '2026-03-11T00:00:00Z', { classId: 'c2', title: 'Changé ailleurs' }));
  await db.lessons.put(lesson('old', '2026-02-01T00:00:00Z', { bodyMarkdown: '# Leçon\n\n![schéma](/media/m-old)\n\nUn paragraphe de plus.' }));
  expect(sameData(before, await loadHomeData(db, scope, NOW))).toBe(true);
  await db.assignments.put(assignment('later', '2026-03-20T00:00:00Z', { title: 'Nouveau titre' }));
  expect(sameData(before, await loadHomeData(db, scope, NOW))).toBe(false);
});
