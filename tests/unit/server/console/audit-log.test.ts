/**
 * The audit log over HTTP: the adults' actions land in it (who, what, on what), the IT referent
 * filters it and exports it as a French spreadsheet's CSV (`;`, UTF-8 BOM, formulas neutralised);
 * others are refused, bad filters are 400 with a code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { csvCell } from '../../../../server/domain/csv.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';

let t: TestApp;
let f: Fixture;
beforeEach(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterEach(async () => { await t.close(); });

const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(token) });

describe('audit log', () => {
  it('records publish, return, tablet revoke, import, enrolment code, account and password changes, with who and on what', async () => {
    const asTeacher = (method: 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: auth(f.tokens.teacher), payload });
    expect((await asTeacher('POST', `/api/lessons/${f.lessonA}/publish`, {})).statusCode).toBe(200);
    expect((await asTeacher('PUT', `/api/submissions/${f.submissionA}/feedback`, { perQuestion: [], comment: 'Bien', mark: 15, maxMark: 20 })).statusCode).toBe(200);
    expect((await asTeacher('POST', `/api/submissions/${f.submissionA}/return`)).statusCode).toBe(200);
    const it = (method: 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, headers: auth(f.tokens.it), payload });
    expect((await it('POST', `/api/devices/${f.deviceId}/revoke`)).statusCode).toBe(200);
    expect((await it('POST', '/api/devices/codes', { classId: f.classA })).statusCode).toBe(201);
    expect((await it('PATCH', `/api/users/${f.ids.teacher2}`, { password: 'un-nouveau-mot-de-passe' })).statusCode).toBe(200);
    const roster = (query: string) => t.app.inject({ method: 'POST', url: `/api/roster/import?${query}`, headers: { ...auth(f.tokens.it), 'content-type': 'text/csv' }, payload: 'classe;nom;prénom\n5e B;Moreau;Jules\n' });
    const csv = await roster(`confirm=${(await roster('dryRun=1')).json().confirmation}`);
    expect(csv.statusCode).toBe(200);

    const res = await get(f.tokens.it, '/api/audit');
    expect(res.statusCode).toBe(200);
    const all = res.json() as { action: string; actorName: string; targetLabel: string | null; targetType: string | null; details: Record<string, unknown> }[];
    const entries = all.filter((e) => e.actorName !== ''); // the fixture's own set-up is the command line's (SYSTEM)
    expect(entries.map((e) => e.action)).toEqual(['roster_import', 'password_reset', 'enrolment_code_create', 'device_revoke', 'return', 'publish', 'enrolment_code_create']); // the last: the fixture's tablet code
    expect(entries.find((e) => e.action === 'publish')).toMatchObject({ actorName: 'Prof A', targetType: 'lesson', targetLabel: 'Les fractions' });
    expect(entries.find((e) => e.action === 'return')).toMatchObject({ actorName: 'Prof A', targetLabel: 'Léa Martin', details: { mark: 15 } });
    expect(entries.find((e) => e.action === 'password_reset')).toMatchObject({ actorName: 'IT A', targetLabel: 'Prof A2' });
    expect(entries.find((e) => e.action === 'roster_import')).toMatchObject({ details: { created: 1, refused: 0 } });
    expect(JSON.stringify(entries)).not.toContain('un-nouveau-mot-de-passe');

    // Filters: an action, a person, a period.
    expect((await get(f.tokens.it, '/api/audit?action=publish')).json().map((e: { action: string }) => e.action)).toEqual(['publish', 'publish']);
    expect((await get(f.tokens.it, `/api/audit?actorId=${f.ids.teacher}`)).json().map((e: { action: string }) => e.action)).toEqual(['return', 'publish']);
    expect((await get(f.tokens.it, '/api/audit?to=2001-12-31')).json()).toEqual([]);
    // The other school's referent sees none of it; a teacher is refused; a bad filter is a 400 with a code.
    expect((await get(f.tokens.itB, '/api/audit?action=publish')).json()).toEqual([]);
    expect((await get(f.tokens.teacher, '/api/audit')).json().error.code).toBe('it_only');
    const bad = await get(f.tokens.it, '/api/audit?from=hier');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation');
    expect((await get(f.tokens.it, '/api/audit?from=2026-02-30')).statusCode).toBe(400);
  });

  it('exports CSV for a French spreadsheet: `;`, UTF-8 with BOM, CRLF, French action names, formulas neutralised', async () => {
    // A teacher named like a formula publishes: the cell must not run in the spreadsheet.
    t.store.db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run('=HYPERLINK("http://x";"clic")', f.ids.teacher);
    await t.app.inject({ method: 'POST', url: `/api/lessons/${f.lessonA}/publish`, headers: auth(f.tokens.teacher), payload: {} });
    const res = await get(f.tokens.it, '/api/audit.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="journal-cartable-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Date (UTC);Qui;Action;Type;Cible;Détails');
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T[^;]+;"'=HYPERLINK\(""http:\/\/x"";""clic""\)";Publication;lesson;Les fractions;/);
    expect(lines.at(-1)).toBe('');
    expect((await get(f.tokens.teacher, '/api/audit.csv')).statusCode).toBe(403);
  });

  it('neutralises every cell a spreadsheet would take for a formula, and quotes separators', () => {
    expect(['=1+1', '+33 6', '-2', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+1", "'+33 6", "'-2", "'@SUM(A1)", "'\tx", "\"'\rx\""]);
    expect(csvCell('Lefèvre; Zoé')).toBe('"Lefèvre; Zoé"');
    expect(csvCell('dit "non"')).toBe('"dit ""non"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell('5e B')).toBe('5e B');
  });
});
