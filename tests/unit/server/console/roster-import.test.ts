/** Roster CSV files as French school software exports them, parsed and imported through the route. */
import { SYSTEM } from '../../../../server/access/actor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';
import { decodeRosterBytes, detectDelimiter, parseRoster } from '../../../../server/roster/csv-import.ts';
import { verifySecret } from '../../../../server/auth/secrets.ts';

/** Windows-1252 bytes of a Latin-1-range string (what Excel saves as "CSV (séparateur : point-virgule)"). */
const cp1252 = (s: string) => Buffer.from(s, 'latin1');

describe('roster CSV parsing', () => {
  it('reads semicolon-separated Windows-1252 with accents, and a header in French', () => {
    const bytes = cp1252('Classe;Nom;Prénom\r\n5e B;Lefèvre;Zoé\r\n5e B;Müller;Anaïs\r\n');
    expect(bytes.includes(0xe9)).toBe(true); // é as one byte: not UTF-8
    const r = parseRoster(bytes);
    expect(r).toMatchObject({ delimiter: ';', encoding: 'windows-1252', hadHeader: true, refused: [] });
    expect(r.rows).toEqual([
      { line: 2, className: '5e B', lastName: 'Lefèvre', firstName: 'Zoé', secret: null, externalId: null, left: false, groups: [] },
      { line: 3, className: '5e B', lastName: 'Müller', firstName: 'Anaïs', secret: null, externalId: null, left: false, groups: [] },
    ]);
  });

  it('reads comma-separated UTF-8 with a BOM, no header, quoted fields and an optional secret', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('4e A,"Da Silva, Jr",Inès,9876\n4e A,Nguyễn,Đức\n', 'utf8')]);
    const r = parseRoster(bytes);
    expect(r).toMatchObject({ delimiter: ',', encoding: 'utf-8', hadHeader: false });
    expect(r.rows).toEqual([
      { line: 1, className: '4e A', lastName: 'Da Silva, Jr', firstName: 'Inès', secret: '9876', externalId: null, left: false, groups: [] },
      { line: 2, className: '4e A', lastName: 'Nguyễn', firstName: 'Đức', secret: null, externalId: null, left: false, groups: [] },
    ]);
  });

  it('maps header columns in any order and reports bad rows with their line numbers', () => {
    const r = parseRoster(Buffer.from('Nom;Prénom;Classe;Code\nDurand;Léo;6e C;12\n;Sans;6e C\nPetit;Éva;6e C;4444\n\nMartin;;6e C\n', 'utf8'));
    expect(r.rows).toEqual([{ line: 4, className: '6e C', lastName: 'Petit', firstName: 'Éva', secret: '4444', externalId: null, left: false, groups: [] }]);
    expect(r.refused).toEqual([
      { line: 2, code: 'roster_secret_length', params: { min: 4, max: 64 }, reason: expect.stringMatching(/secret/) },
      { line: 3, code: 'roster_missing_last_name', reason: expect.stringMatching(/last name is missing/) },
      { line: 6, code: 'roster_missing_first_name', reason: expect.stringMatching(/first name is missing/) },
    ]);
  });

  it('detects the delimiter outside quotes, and decodes invalid UTF-8 as Windows-1252', () => {
    expect(detectDelimiter('"a;b;c",d,e\n')).toBe(',');
    expect(detectDelimiter('a;b,c;d\n')).toBe(';');
    expect(decodeRosterBytes(Buffer.from([0x80, 0x20, 0xe7, 0x61, 0x20, 0x9c, 0x92])).text).toBe('€ ça œ’');
    expect(parseRoster(cp1252('5e B;C\x9cur;L\x9ctitia\n')).rows[0]).toMatchObject({ lastName: 'Cœur', firstName: 'Lœtitia' });
  });
});

describe('POST /api/roster/import', () => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
  });
  afterAll(async () => { await t.close(); });
  const post = (body: Buffer | string, query = '', contentType = 'text/csv') =>
    t.app.inject({ method: 'POST', url: `/api/roster/import${query}`, headers: { ...auth(f.tokens.it), 'content-type': contentType }, payload: body });
  /** The console's two steps: check, then confirm that check. */
  const importFile = async (body: Buffer | string) => {
    const dry = await post(body, '?dryRun=1');
    return dry.statusCode === 200 ? post(body, `?confirm=${dry.json().confirmation}`) : dry;
  };

  it('imports new students with generated 4-digit secrets, creates missing classes, finds existing ones again, refuses duplicates in the file', async () => {
    const file = cp1252('5e B;Martin;Léa\n6e A;Lefèvre;Zoé\n6e A;Lefèvre;Zoé\n6e A;GARÇON;Noël;5555\n6e A;;\n6e A;Roux;Théo\n');
    const dry = await post(file, '?dryRun=1');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, classesCreated: ['6e A'], secrets: [] });
    expect(dry.json().created.map((r: { line: number; studentId: unknown }) => [r.line, r.studentId])).toEqual([[2, null], [4, null], [6, null]]);
    expect((await t.store.roster.listClasses(SYSTEM, f.schoolA)).map((c) => c.name)).not.toContain('6e A');

    const res = await post(file, `?confirm=${dry.json().confirmation}`);
    const report = res.json();
    expect(report.dryRun).toBe(false);
    expect(report.unchanged).toBe(1); // Léa Martin is already in 5e B: found again, not refused
    expect(report.refused).toEqual([
      { line: 3, code: 'roster_duplicate_in_file', params: { line: 2 }, reason: expect.stringMatching(/already on line 2/) },
      { line: 5, code: 'roster_missing_last_name', reason: expect.stringMatching(/last name is missing/) },
    ]);
    expect(report.created.map((r: { lastName: string; firstName: string }) => `${r.firstName} ${r.lastName}`)).toEqual(['Zoé Lefèvre', 'Noël GARÇON', 'Théo Roux']);
    // Generated secrets only for rows without one; they are the students' real secrets.
    expect(report.secrets).toHaveLength(2);
    for (const s of report.secrets) {
      expect(s.secret).toMatch(/^\d{4}$/);
      const hash = t.store.db.prepare('SELECT secret_hash FROM students WHERE id = ?').pluck().get(s.studentId) as string;
      expect(await verifySecret(s.secret, hash)).toBe(true);
    }
    const noel = report.created.find((r: { firstName: string }) => r.firstName === 'Noël');
    expect(await verifySecret('5555', t.store.db.prepare('SELECT secret_hash FROM students WHERE id = ?').pluck().get(noel.studentId) as string)).toBe(true);

    // The same file again brings nothing new: everyone is found again as they are (only the file's own duplicate and empty line are refused).
    const again = (await importFile(file)).json();
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged).toBe(4);
    expect(again.refused.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([[3, 'roster_duplicate_in_file'], [5, 'roster_missing_last_name']]);
  });

  it('brings back an archived student found again in the file', async () => {
    const st = await t.store.roster.createStudent(SYSTEM, f.classA, { firstName: 'Jules', lastName: 'Blanc', secret: 'xxxx' });
    await t.store.roster.updateStudent(SYSTEM, st.id, { archived: true });
    const r = (await importFile('5e B;blanc;JULES\n')).json();
    expect(r.updated).toMatchObject([{ line: 1, studentId: st.id, changes: ['back'] }]);
    expect((await t.store.database.read((tx) => tx.students.byId(st.id)))!.archived).toBe(false);
  });

  it('answers an empty, non-CSV or oversized file with a 400/413/415, never a 500', async () => {
    expect((await post('', '?dryRun=1')).statusCode).toBe(400);
    expect((await post('\n\n  \n', '?dryRun=1')).statusCode).toBe(400);
    expect((await post('a;"unterminated\n', '?dryRun=1')).statusCode).toBeLessThan(500);
    expect((await post('{"a":1}', '?dryRun=1', 'application/json')).statusCode).toBe(400);
    expect((await post('x', '?dryRun=1', 'image/png')).statusCode).toBe(415);
    expect((await post('x', '?dryRun=maybe')).statusCode).toBe(400);
    expect((await post(Buffer.alloc(3 * 1024 * 1024, 0x41), '?dryRun=1')).statusCode).toBe(413);
    expect((await post('5e B;Nom;Prénom\n')).statusCode).toBe(428); // never without a check
  });
});
