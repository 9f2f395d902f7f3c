/**
 * The gradebook over HTTP: published assignments × active pupils with marks, late, missing and
 * waiting work; group assignments only for the group; averages on 20; the CSV for a French
 * spreadsheet (`;`, decimal comma, UTF-8 BOM, formulas neutralised); teacher of the class and
 * IT only, another school's or class's id answers 404.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { auth, insertSubmission, makeFixture, type Fixture } from './school-fixture.ts';
import { csvCell, frenchNumber } from '../../../../server/domain/csv.ts';
import { gradebookFileName } from '../../../../server/routes/gradebook-routes.ts';
import type { Gradebook } from '../../../../src/protocol/gradebook.ts';

let t: TestApp;
let f: Fixture;
/** The whole class's « Contrôle » (due yesterday) and the group's « Soutien : calcul » (due yesterday). */
let control: string;
let groupWork: string;
let hugoCopy: string;
let chloeCopy: string;

const yesterday = () => new Date(Date.now() - 24 * 3600_000).toISOString();
const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(token) });
const asTeacher = (method: 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: auth(f.tokens.teacher), payload });

beforeEach(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
  const [lea, hugo, chloe] = f.students as [string, string, string];
  const s = t.store;
  const group = await s.content.createAssignment(SYSTEM, f.classA, { title: 'Soutien : calcul', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Calcule.', points: 4 }] });
  await s.content.publishAssignment(SYSTEM, group.id, f.groupA);
  const ctrl = await s.content.createAssignment(SYSTEM, f.classA, { title: 'Contrôle', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Démontre.', points: 7 }] });
  await s.content.publishAssignment(SYSTEM, ctrl.id, null);
  // Both were due yesterday (the service would refuse setting a past date: the time has passed since).
  s.db.prepare('UPDATE assignments SET due_at = ? WHERE id IN (?, ?)').run(yesterday(), group.id, ctrl.id);
  // Published an hour apart (within one test they could share a millisecond): the gradebook reads oldest first.
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  for (const [id, h] of [[f.assignmentA, 3], [group.id, 2], [ctrl.id, 1]] as const) s.db.prepare('UPDATE assignments SET published_at = ? WHERE id = ?').run(hoursAgo(h), id);
  // A draft is not in the gradebook.
  await s.content.createAssignment(SYSTEM, f.classA, { title: 'Brouillon du prof', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: '?', points: 1 }] });
  control = ctrl.id;
  groupWork = group.id;

  // Léa: « Exercices » marked 15/20 and returned; nothing for the other two.
  expect((await asTeacher('PUT', `/api/submissions/${f.submissionA}/feedback`, { perQuestion: [], comment: 'Bien', mark: 15, maxMark: 20 })).statusCode).toBe(200);
  expect((await asTeacher('POST', `/api/submissions/${f.submissionA}/return`)).statusCode).toBe(200);
  // « Contrôle »: Hugo late, 6,5/7 returned; Chloé 5/7 saved, not returned; Léa nothing.
  hugoCopy = insertSubmission(s, control, hugo);
  s.db.prepare('UPDATE submissions SET late = 1 WHERE id = ?').run(hugoCopy);
  chloeCopy = insertSubmission(s, control, chloe);
  expect((await asTeacher('PUT', `/api/submissions/${hugoCopy}/feedback`, { perQuestion: [], comment: '', mark: 6.5, maxMark: 7 })).statusCode).toBe(200);
  expect((await asTeacher('POST', `/api/submissions/${hugoCopy}/return`)).statusCode).toBe(200);
  expect((await asTeacher('PUT', `/api/submissions/${chloeCopy}/feedback`, { perQuestion: [], comment: '', mark: 5, maxMark: 7 })).statusCode).toBe(200);
  void lea;
});
afterEach(async () => { await t.close(); });

describe('gradebook', () => {
  it('lists published assignments × active pupils with their marks, late, missing, pending and group work', async () => {
    const res = await get(f.tokens.teacher, `/api/classes/${f.classA}/gradebook`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const g = res.json() as Gradebook;
    expect(g.className).toBe('5e B');
    expect(g.assignments.map((a) => [a.title, a.groupName, a.outOf])).toEqual([['Exercices', null, 20], ['Soutien : calcul', 'Soutien', 4], ['Contrôle', null, 7]]);
    const byName = Object.fromEntries(g.rows.map((r) => [r.student.firstName, r]));
    expect(g.rows.map((r) => r.student.lastName)).toEqual(['Bernard', 'Dubois', 'Martin']);
    const statuses = (name: string) => byName[name]!.cells.map((c) => c.status);
    expect(statuses('Léa')).toEqual(['returned', 'missing', 'missing']);
    expect(statuses('Hugo')).toEqual(['pending', 'not_assigned', 'returned']);
    expect(statuses('Chloé')).toEqual(['pending', 'not_assigned', 'marked']);
    expect(byName['Hugo']!.cells[2]).toMatchObject({ mark: 6.5, maxMark: 7, late: true, submissionId: hugoCopy });
    expect(byName['Chloé']!.cells[2]).toMatchObject({ mark: 5, maxMark: 7, late: false, submissionId: chloeCopy });
    expect(byName['Léa']).toMatchObject({ averageOn20: 15, missingCount: 2, lateCount: 0 });
    expect(byName['Hugo']).toMatchObject({ averageOn20: 18.57, missingCount: 0, lateCount: 1 });
    expect(byName['Chloé']).toMatchObject({ averageOn20: 14.29, missingCount: 0, lateCount: 0 });
    expect(g.assignments.map((a) => a.averageOn20)).toEqual([15, null, 16.43]);
    expect(g.classAverageOn20).toBe(15.95);
    // Handed in, not marked: « à corriger ».
    insertSubmission(t.store, groupWork, f.students[0]!);
    const again = (await get(f.tokens.it, `/api/classes/${f.classA}/gradebook`)).json() as Gradebook;
    expect(again.rows.find((r) => r.student.firstName === 'Léa')!.cells[1]).toMatchObject({ status: 'to_mark', mark: null });
    // An archived pupil leaves the gradebook.
    t.store.db.prepare('UPDATE students SET archived = 1 WHERE id = ?').run(f.students[1]);
    expect(((await get(f.tokens.teacher, `/api/classes/${f.classA}/gradebook`)).json() as Gradebook).rows).toHaveLength(2);
  });

  it('exports a CSV for a French spreadsheet: `;`, decimal comma, BOM, CRLF, formulas neutralised', async () => {
    t.store.db.prepare('UPDATE students SET last_name = ? WHERE id = ?').run('=HYPERLINK("http://x";"clic")', f.students[2]);
    const res = await get(f.tokens.teacher, `/api/classes/${f.classA}/gradebook.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="notes-5e-B-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Nom;Prénom;Exercices (sur 20);Soutien : calcul (sur 4);Contrôle (sur 7);Moyenne sur 20;Travaux rendus en retard;Travaux non rendus');
    // Sorted by last name: « =HYPERLINK… » comes first, and stays text.
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"";""clic"")";Chloé;à venir;non concerné;5;14,29;0;0`);
    expect(lines[2]).toBe('Bernard;Hugo;à venir;non concerné;6,5;18,57;1;0');
    expect(lines[3]).toBe('Martin;Léa;15;non rendu;non rendu;15;0;2');
    expect(lines[4]).toBe('Moyenne de la classe (sur 20);;15;;16,43;15,95;;');
    expect(lines[5]).toBe('');
    expect(lines).toHaveLength(6);
  });

  it('answers the teacher of the class and IT only; a foreign, unknown or malformed id is a clear 4xx', async () => {
    expect((await get(f.tokens.it, `/api/classes/${f.classA}/gradebook.csv`)).statusCode).toBe(200);
    for (const [token, url] of [[f.tokens.teacher2, `/api/classes/${f.classA}/gradebook`], [f.tokens.itB, `/api/classes/${f.classA}/gradebook.csv`], [f.tokens.teacher, '/api/classes/nope/gradebook'], [f.tokens.teacher, `/api/classes/${f.classB}/gradebook`]] as const) {
      const r = await get(token, url);
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('class_not_found');
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/classes/${f.classA}/gradebook` })).statusCode).toBe(401);
    const pupil = await t.app.inject({ method: 'GET', url: `/api/classes/${f.classA}/gradebook`, headers: auth(f.tokens.student, f.deviceToken) });
    expect(pupil.statusCode).toBe(403);
    const bad = await get(f.tokens.teacher, '/api/classes/..%2F..%2Fetc/gradebook.csv');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation');
  });

  it('writes numbers with a decimal comma and names the file without anything a header could choke on', () => {
    expect([6.5, 12, 13.333, 0, -1.25].map(frenchNumber)).toEqual(['6,5', '12', '13,33', '0', '-1,25']);
    expect(csvCell(6.5)).toBe('6,5');
    expect(csvCell('-2')).toBe("'-2");
    expect(gradebookFileName('6e « Ève » / "A"', '2026-12-02')).toBe('notes-6e-Eve-A-2026-12-02.csv');
    expect(gradebookFileName('«»', '2026-12-02')).toBe('notes-classe-2026-12-02.csv');
  });
});
