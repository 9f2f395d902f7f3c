/**
 * Importing again brings the roster up to date (issue: class kit and IT referent): name fixes,
 * class moves, new pupils, pupils missing from the file listed (archived only when asked), a
 * dry run that changes nothing and an import that must confirm that very dry run; a line with
 * too many columns is refused; and the SIECLE export (zip or XML, ISO-8859-1) is read with the
 * same report, pupils matched by their SIECLE id, the school's UAI recorded only once shown in
 * a dry run, pupils leaving the SIECLE groups the export no longer lists them in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';
import { parseRoster } from '../../../../server/roster/csv-import.ts';
import { parseSiecle } from '../../../../server/roster/siecle-import.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { siecleXml } from '../../../helpers/siecle-export.ts';

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterAll(async () => { await t.close(); });

const post = (body: Buffer | string, query = '', contentType = 'text/csv') =>
  t.app.inject({ method: 'POST', url: `/api/roster/import${query}`, headers: { ...auth(f.tokens.it), 'content-type': contentType }, payload: body });
/** The console's two steps: check the file (dry run), then confirm that check. `options`: '&archiveMissing=1'. */
async function importFile(body: Buffer | string, options = '', contentType = 'text/csv') {
  const dry = await post(body, `?dryRun=1${options}`, contentType);
  if (dry.statusCode !== 200) return dry;
  return post(body, `?confirm=${dry.json().confirmation}${options}`, contentType);
}
const student = (lastName: string, firstName: string) =>
  t.store.db.prepare('SELECT s.id, s.archived, c.name AS class, s.last_name AS lastName, s.external_id AS externalId FROM students s JOIN classes c ON c.id = s.class_id WHERE s.first_name = ? AND s.last_name = ?')
    .get(firstName, lastName) as { id: string; archived: number; class: string; lastName: string; externalId: string | null } | undefined;
const count = () => t.store.db.prepare('SELECT COUNT(*) FROM students').pluck().get() as number;

describe('CSV re-import', () => {
  it('refuses a line with more columns than the file has, with its line number (never drops them)', () => {
    const r = parseRoster(Buffer.from('5e B;Trop;De;1234;Colonnes\n5e B;Bien;Léo\n', 'utf8'));
    expect(r.refused).toMatchObject([{ line: 1, code: 'roster_too_many_columns', params: { expected: 4 } }]);
    expect(r.rows.map((x) => x.lastName)).toEqual(['Bien']);
    const withHeader = parseRoster(Buffer.from('Classe;Nom;Prénom\n5e B;Trop;De;Plus\n', 'utf8'));
    expect(withHeader.refused).toMatchObject([{ line: 2, code: 'roster_too_many_columns', params: { expected: 3 } }]);
  });

  it('moves a pupil, fixes a name by identifier, creates, and lists the missing — the dry run in the future, nothing changed', async () => {
    // First import with identifiers.
    const first = await importFile('Classe;Nom;Prénom;Identifiant\n4e D;Durand;Jules;E1\n4e D;Petitt;Alice;E2\n4e D;Morel;Sam;E3\n');
    expect(first.json()).toMatchObject({ created: [{ lastName: 'Durand' }, { lastName: 'Petitt' }, { lastName: 'Morel' }], classesCreated: ['4e D'] });
    const before = count();
    // The next year's file: Jules moved to 3e D, Alice's name fixed, Sam gone, Nora new.
    const next = 'Classe;Nom;Prénom;Identifiant\n3e D;Durand;Jules;E1\n4e D;Petit;Alice;E2\n4e D;Haddad;Nora;E4\n';
    const dry = (await post(next, '?dryRun=1')).json();
    expect(dry).toMatchObject({ dryRun: true, classesCreated: ['3e D'], created: [{ lastName: 'Haddad', studentId: null }] });
    expect(dry.updated).toEqual([
      expect.objectContaining({ lastName: 'Durand', changes: ['class'], fromClassName: '4e D', className: '3e D' }),
      expect.objectContaining({ lastName: 'Petit', changes: ['name'], fromName: 'Alice Petitt' }),
    ]);
    expect(dry.missing).toMatchObject([{ lastName: 'Morel', className: '4e D' }]);
    expect(dry.archived).toEqual([]);
    // Nothing has changed yet.
    expect(count()).toBe(before);
    expect(student('Durand', 'Jules')!.class).toBe('4e D');
    expect(student('Petitt', 'Alice')).toBeDefined();

    const done = (await importFile(next)).json();
    expect(done.updated).toHaveLength(2);
    expect(student('Durand', 'Jules')).toMatchObject({ class: '3e D', externalId: 'E1' });
    expect(student('Petit', 'Alice')).toMatchObject({ class: '4e D' });
    expect(student('Morel', 'Sam')).toMatchObject({ archived: 0 }); // listed, not archived unless asked
    expect(count()).toBe(before + 1);

    const archived = (await importFile(next, '&archiveMissing=1')).json();
    expect(archived.archived).toMatchObject([{ lastName: 'Morel' }]);
    expect(archived.unchanged).toBe(3);
    expect(student('Morel', 'Sam')).toMatchObject({ archived: 1 });
  });
});

describe('SIECLE import', () => {
  const year1 = siecleXml('0751234A', [
    { id: '1001', nom: 'LEFÈVRE', prenom: 'Zoé', division: '6E1', groupes: ['LATIN'] },
    { id: '1002', nom: 'GARÇON', prenom: 'Noël', division: '6E1' },
    { id: '1003', nom: 'MÜLLER', prenom: 'Anaïs', division: '6E2', groupes: ['LATIN'], oldNom: true },
  ]);
  const uaiOfSchool = () => t.store.db.prepare('SELECT uai FROM schools WHERE id = ?').pluck().get(f.schoolA) as string | null;
  const groupsOf = (lastName: string) =>
    (t.store.db.prepare('SELECT g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id JOIN students s ON s.id = gm.student_id WHERE s.last_name = ? ORDER BY g.name').pluck().all(lastName) as string[]);

  it('reads the ISO-8859-1 XML: accents, old NOM exports, divisions and groups', () => {
    expect(year1.includes(0xc8)).toBe(true); // È as one byte: ISO-8859-1, not UTF-8
    const r = parseSiecle(year1);
    expect(r.uai).toBe('0751234A');
    expect(r.rows).toEqual([
      { line: 1, className: '6E1', lastName: 'LEFÈVRE', firstName: 'Zoé', secret: null, externalId: 'siecle:1001', left: false, groups: ['LATIN'] },
      { line: 2, className: '6E1', lastName: 'GARÇON', firstName: 'Noël', secret: null, externalId: 'siecle:1002', left: false, groups: [] },
      { line: 3, className: '6E2', lastName: 'MÜLLER', firstName: 'Anaïs', secret: null, externalId: 'siecle:1003', left: false, groups: ['LATIN'] },
    ]);
  });

  it('imports the zip, then next year matches pupils by their SIECLE id: a division change moves, a date of leaving archives', async () => {
    const zip = Buffer.from(zipSync({ 'ElevesSansAdresses.xml': new Uint8Array(year1) }));
    // The school has no UAI yet: the check says which one it will get, and records nothing.
    expect(uaiOfSchool()).toBeNull();
    const check = (await post(zip, '?dryRun=1', 'application/octet-stream')).json();
    expect(check.uai).toEqual({ value: '0751234A', adopted: true });
    expect(uaiOfSchool()).toBeNull();
    const r = (await post(zip, `?confirm=${check.confirmation}`, 'application/octet-stream')).json();
    expect(r.uai).toEqual({ value: '0751234A', adopted: true });
    expect(uaiOfSchool()).toBe('0751234A');
    expect(r).toMatchObject({ source: 'siecle', classesCreated: ['6E1', '6E2'], groupsCreated: ['6E1 — LATIN', '6E2 — LATIN'] });
    expect(r.created).toHaveLength(3);
    expect(r.secrets).toHaveLength(3);
    expect(student('LEFÈVRE', 'Zoé')).toMatchObject({ class: '6E1', externalId: 'siecle:1001' });
    const latin = t.store.db.prepare("SELECT COUNT(*) FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.name = 'LATIN'").pluck().get();
    expect(latin).toBe(2);

    const year2 = siecleXml('0751234A', [
      { id: '1001', nom: 'LEFÈVRE', prenom: 'Zoé', division: '5E1' },
      { id: '1002', nom: 'GARÇON', prenom: 'Noël', division: '6E1', sortie: '03/02/2027' },
      { id: '1003', nom: 'MÜLLER', prenom: 'Anaïs', division: '6E2', groupes: ['LATIN'] },
    ]);
    const dry = (await post(year2, '?dryRun=1', 'application/xml')).json();
    expect(dry.uai).toEqual({ value: '0751234A', adopted: false });
    expect(dry.updated).toMatchObject([{ lastName: 'LEFÈVRE', changes: ['class'], fromClassName: '6E1', className: '5E1' }]);
    expect(dry.archived).toMatchObject([{ lastName: 'GARÇON' }]);
    expect(student('GARÇON', 'Noël')).toMatchObject({ archived: 0 });
    const done = (await importFile(year2, '', 'application/xml')).json();
    expect(done).toMatchObject({ unchanged: 1, created: [] });
    expect(student('LEFÈVRE', 'Zoé')).toMatchObject({ class: '5E1' });
    expect(student('GARÇON', 'Noël')).toMatchObject({ archived: 1 });
  });

  it('a pupil the export no longer lists in a group leaves it (the dry run says so first); groups made by hand are left alone', async () => {
    const v1 = siecleXml('0751234A', [
      { id: '2001', nom: 'DUPRÉ', prenom: 'Hugo', division: '4E3', groupes: ['LATIN', 'CHORALE'] },
      { id: '2002', nom: 'NAÏT', prenom: 'Inès', division: '4E3', groupes: ['LATIN'] },
    ]);
    await importFile(v1, '', 'application/xml');
    expect(groupsOf('DUPRÉ')).toEqual(['CHORALE', 'LATIN']);
    // A teacher's own group, that SIECLE never names.
    const classId = t.store.db.prepare("SELECT id FROM classes WHERE name = '4E3'").pluck().get() as string;
    const soutien = await t.store.roster.createGroup(SYSTEM, classId, { name: 'Soutien', studentIds: [student('DUPRÉ', 'Hugo')!.id] });
    expect(groupsOf('DUPRÉ')).toEqual(['CHORALE', 'LATIN', 'Soutien']);

    // Next term: Hugo dropped Latin and took an English group; Inès left every group.
    const v2 = siecleXml('0751234A', [
      { id: '2001', nom: 'DUPRÉ', prenom: 'Hugo', division: '4E3', groupes: ['CHORALE', 'ANGLAIS-G2'] },
      { id: '2002', nom: 'NAÏT', prenom: 'Inès', division: '4E3' },
    ]);
    const dry = (await post(v2, '?dryRun=1', 'application/xml')).json();
    expect(dry.updated).toEqual(expect.arrayContaining([
      expect.objectContaining({ lastName: 'DUPRÉ', changes: ['groups'], groupsJoined: ['ANGLAIS-G2'], groupsLeft: ['LATIN'] }),
      expect.objectContaining({ lastName: 'NAÏT', changes: ['groups'], groupsLeft: ['LATIN'] }),
    ]));
    expect(dry.groupsCreated).toEqual(['4E3 — ANGLAIS-G2']);
    expect(groupsOf('DUPRÉ')).toEqual(['CHORALE', 'LATIN', 'Soutien']); // nothing changed yet
    const latin = t.store.db.prepare("SELECT id FROM groups WHERE class_id = ? AND name = 'LATIN'").pluck().get(classId) as string;
    const latinChange = () => t.store.db.prepare("SELECT seq FROM changes WHERE scope = ? AND entity = 'group' AND entity_id = ?").pluck().get(`class:${classId}`, latin) as number;
    const latinBefore = latinChange();

    const done = (await post(v2, `?confirm=${dry.confirmation}`, 'application/xml')).json();
    expect(done.updated.find((u: { lastName: string }) => u.lastName === 'DUPRÉ')).toMatchObject({ groupsJoined: ['ANGLAIS-G2'], groupsLeft: ['LATIN'] });
    expect(groupsOf('DUPRÉ')).toEqual(['ANGLAIS-G2', 'CHORALE', 'Soutien']);
    expect(groupsOf('NAÏT')).toEqual([]);
    expect((await t.store.roster.listGroups(SYSTEM, classId)).find((g) => g.id === soutien.id)?.studentIds).toHaveLength(1);
    // The tablets of 4E3 learn the new memberships.
    expect(latinChange()).toBeGreaterThan(latinBefore);
    // The same export again: nothing to do.
    const again = (await importFile(v2, '', 'application/xml')).json();
    expect(again).toMatchObject({ updated: [], unchanged: 2 });
  });

  it('an import must confirm a check of that very file, option and roster: otherwise refused with a code, nothing changed', async () => {
    const file = 'Classe;Nom;Prénom\n3e F;Roussel;Léon\n';
    const before = count();
    const unchecked = await post(file);
    expect(unchecked.statusCode).toBe(428);
    expect(unchecked.json().error.code).toBe('roster_preview_required');
    const check = (await post(file, '?dryRun=1')).json();
    expect(check.confirmation).toMatch(/^[a-f0-9]{64}$/);
    // Another file, or another option, under this check.
    expect((await post('Classe;Nom;Prénom\n3e F;Roussel;Léa\n', `?confirm=${check.confirmation}`)).json().error.code).toBe('roster_preview_stale');
    expect((await post(file, `?confirm=${check.confirmation}&archiveMissing=1`)).json().error.code).toBe('roster_preview_stale');
    // The roster changed meanwhile (someone added Léon by hand): the check no longer says what would happen.
    const cls = await t.store.roster.createClass(SYSTEM, { name: '3e F' }, f.schoolA);
    const leon = await t.store.roster.createStudent(SYSTEM, cls.id, { firstName: 'Léon', lastName: 'Roussel', secret: '1234' });
    const stale = await post(file, `?confirm=${check.confirmation}`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('roster_preview_stale');
    expect(count()).toBe(before + 1); // only Léon, by hand
    // Checked again, confirmed: Léon is found again, not created twice.
    const ok = await importFile(file);
    expect(ok.json()).toMatchObject({ dryRun: false, created: [], unchanged: 1 });
    expect(student('Roussel', 'Léon')!.id).toBe(leon.id);
    // The check's seal is not a malformed value either.
    expect((await post(file, '?confirm=nope')).json().error.code).toBe('validation');
  });

  it("refuses another school's export, and an unreadable one, with a code and nothing changed", async () => {
    const before = count();
    const other = await importFile(siecleXml('0999999Z', [{ id: '9', nom: 'X', prenom: 'Y', division: '6E1' }]), '', 'application/xml');
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: 'siecle_wrong_school', params: { uai: '0999999Z', expected: '0751234A' } });
    const broken = await importFile(Buffer.from('PK\u0003\u0004 not really a zip'), '', 'application/octet-stream');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('siecle_unreadable');
    const noRoot = await importFile(Buffer.from('<?xml version="1.0"?><AUTRE/>'), '', 'application/xml');
    expect(noRoot.json().error.code).toBe('siecle_unreadable');
    expect(count()).toBe(before);
  });
});
