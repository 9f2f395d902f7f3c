/** The homework diary from IndexedDB (fake-indexeddb): subject from the assignment or its class, teacher, marks that go after a visit. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { CartableDb } from '../../../src/db/schema.ts';
import type { Assignment, Feedback } from '../../../src/protocol/entities.ts';
import { lastDiaryVisit, loadDiaryData, recordDiaryVisit } from '../../../src/ui/diary/diary-data.ts';
import { saveAnswer } from '../../../src/db/work-repository.ts';

const scope = { studentId: 's1', classId: 'c1', groupIds: new Set<string>() };
const NOW = new Date(2026, 2, 10, 10, 0); // Tuesday 10 March 2026, local
const local = (day: number, hour = 16) => new Date(2026, 2, day, hour).toISOString();
let db: CartableDb;
let n = 0;

const assignment = (id: string, dueAt: string | null, over: Partial<Assignment> = {}): Assignment => ({
  id, classId: 'c1', groupId: null, title: `Devoir ${id}`, instructionsMarkdown: '', dueAt,
  questions: [{ id: 'q1', kind: 'text', prompt: 'P', points: 1 }], version: 1, status: 'published',
  publishedAt: '2026-03-01T08:00:00Z', updatedAt: '2026-03-01T08:00:00Z', authorName: 'M. Martin', ...over,
});
const feedback: Feedback = {
  id: 'f1', submissionId: 'sub1', assignmentId: 'past', studentId: 's1', perQuestion: [], comment: 'Bien', mark: 8, maxMark: 10,
  returnedAt: '2026-03-09T12:00:00Z', version: 1, updatedAt: '2026-03-09T12:00:00Z',
};

beforeEach(async () => {
  db = new CartableDb(`diary-data-${++n}`);
  await db.classes.put({ id: 'c1', name: '5e B', archived: false, subject: 'Mathématiques' });
  await db.assignments.bulkPut([
    assignment('today', local(10, 17), { subject: 'SVT' }),
    assignment('tomorrow', local(11)),
    assignment('friday', local(13), { subject: null, authorName: undefined }),
    assignment('past', local(2)),
  ]);
  await db.submissions.put({
    id: 'sub1', assignmentId: 'past', studentId: 's1', state: 'returned', latest: null, submitted: null, submittedAt: '2026-03-02T10:00:00Z',
    late: false, resubmitted: false, complete: true, version: 2, updatedAt: '2026-03-09T12:00:00Z',
  });
  await db.feedback.put(feedback);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

test('by day, with the subject (own, else the class’s) and the teacher; on a first visit all is new', async () => {
  const d = await loadDiaryData(db, scope, await lastDiaryVisit(db, 's1'), NOW);
  expect(d.days.today.map((i) => [i.id, i.subject, i.teacher, i.isNew])).toEqual([['today', 'SVT', 'M. Martin', true]]);
  expect(d.days.tomorrow.map((i) => [i.id, i.subject])).toEqual([['tomorrow', 'Mathématiques']]);
  expect(d.days.week.map((i) => [i.id, i.subject, i.teacher])).toEqual([['friday', 'Mathématiques', null]]);
  expect(d.days.corrected.map((i) => [i.id, i.corrected])).toEqual([['past', true]]);
  expect(d.days.late).toEqual([]);
});

test('after a visit, nothing is new; a new assignment and a correction returned again are', async () => {
  const first = await loadDiaryData(db, scope, null, NOW);
  await recordDiaryVisit(db, 's1', first.seen, NOW);
  const again = await loadDiaryData(db, scope, await lastDiaryVisit(db, 's1'), NOW);
  expect(Object.values(again.days).flat().filter((i) => i.isNew || i.corrected)).toEqual([]);
  expect(again.days.corrected).toEqual([]); // a correction seen, past its day, leaves the diary

  await db.assignments.put(assignment('fresh', local(12)));
  await db.feedback.put({ ...feedback, returnedAt: '2026-03-10T09:00:00Z', version: 2 });
  const later = await loadDiaryData(db, scope, await lastDiaryVisit(db, 's1'), NOW);
  expect(later.days.week.map((i) => [i.id, i.isNew])).toEqual([['fresh', true], ['friday', false]]);
  expect(later.days.corrected.map((i) => i.id)).toEqual(['past']);
});

test('each pupil has their own visit', async () => {
  await recordDiaryVisit(db, 's1', (await loadDiaryData(db, scope, null, NOW)).seen, NOW);
  expect(await lastDiaryVisit(db, 's2')).toBeNull();
  const other = await loadDiaryData(db, { ...scope, studentId: 's2' }, await lastDiaryVisit(db, 's2'), NOW);
  expect(other.days.tomorrow.map((i) => i.isNew)).toEqual([true]);
});

test('work the pupil already started on this tablet is not « Nouveau », even on a first visit', async () => {
  await db.device.put({ key: 'device', deviceId: 'd1', deviceToken: 't', schoolId: 's', classId: 'c1', name: 'T', enrolledAt: NOW.toISOString(), nextSeq: 1 });
  const r = await saveAnswer(db, 's1', (await db.assignments.get('tomorrow'))!, { questionId: 'q1', text: 'déjà commencé' });
  expect(r.ok).toBe(true);
  const d = await loadDiaryData(db, scope, null, NOW);
  expect(d.days.tomorrow.map((i) => [i.id, i.isNew])).toEqual([['tomorrow', false]]);
  expect(d.days.today.map((i) => [i.id, i.isNew])).toEqual([['today', true]]);
});
