/**
 * Importing again brings the roster up to date (issue: class kit and IT referent): name fixes,
 * class moves, new pupils, pupils missing from the file listed (archived only when asked), a
 * dry run that changes nothing; a line with too many columns is refused; and the SIECLE export
 * (zip or XML, ISO-8859-1) is read with the same report, pupils matched by their SIECLE id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';
import { parseRoster } from '../../../../server/roster/csv-import.ts';
import { parseSiecle } from '../../../../server/roster/siecle-import.ts';

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterAll(async () => { await t.close(); });

const post = (body: Buffer | string, query = '', contentType = 'text/csv') =>
  t.app.inject({ method: 'POST', url: `/api/roster/import${query}`, headers: { ...auth(f.tokens.it), 'content-type': contentType }, payload: body });
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
    const first = await post('Classe;Nom;Prénom;Identifiant\n4e D;Durand;Jules;E1\n4e D;Petitt;Alice;E2\n4e D;Morel;Sam;E3\n');
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

    const done = (await post(next)).json();
    expect(done.updated).toHaveLength(2);
    expect(student('Durand', 'Jules')).toMatchObject({ class: '3e D', externalId: 'E1' });
    expect(student('Petit', 'Alice')).toMatchObject({ class: '4e D' });
    expect(student('Morel', 'Sam')).toMatchObject({ archived: 0 }); // listed, not archived unless asked
    expect(count()).toBe(before + 1);

    const archived = (await post(next, '?archiveMissing=1')).json();
    expect(archived.archived).toMatchObject([{ lastName: 'Morel' }]);
    expect(archived.unchanged).toBe(3);
    expect(student('Morel', 'Sam')).toMatchObject({ archived: 1 });
  });
});

/** A SIECLE ElevesSansAdresses export, written from the description in the issue, in ISO-8859-1. */
function siecleXml(uai: string, pupils: { id: string; nom: string; prenom: string; division: string; groupes?: string[]; sortie?: string; oldNom?: boolean }[]): Buffer {
  const eleves = pupils.map((p) => `    <ELEVE ELEVE_ID="${p.id}">
      <ID_NATIONAL>0${p.id}12345AB</ID_NATIONAL>
      <${p.oldNom ? 'NOM' : 'NOM_DE_FAMILLE'}>${p.nom}</${p.oldNom ? 'NOM' : 'NOM_DE_FAMILLE'}>
      <PRENOM>${p.prenom}</PRENOM>
      <DATE_NAISS>12/03/2013</DATE_NAISS>
      <CODE_MEF>10110001110</CODE_MEF>
      ${p.sortie ? `<DATE_SORTIE>${p.sortie}</DATE_SORTIE>` : ''}
    </ELEVE>`).join('\n');
  const structures = pupils.map((p) => `    <STRUCTURES_ELEVE ELEVE_ID="${p.id}">
      <STRUCTURE><CODE_STRUCTURE>${p.division}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>
      ${(p.groupes ?? []).map((g) => `<STRUCTURE><CODE_STRUCTURE>${g}</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>`).join('')}
    </STRUCTURES_ELEVE>`).join('\n');
  const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<BEE_ELEVES VERSION="3.1">
  <PARAMETRES><UAJ>${uai}</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
  <ELEVES>
${eleves}
  </ELEVES>
  <STRUCTURES>
${structures}
  </STRUCTURES>
  </DONNEES>
</BEE_ELEVES>`;
  return Buffer.from(xml, 'latin1');
}

describe('SIECLE import', () => {
  const year1 = siecleXml('0751234A', [
    { id: '1001', nom: 'LEFÈVRE', prenom: 'Zoé', division: '6E1', groupes: ['LATIN'] },
    { id: '1002', nom: 'GARÇON', prenom: 'Noël', division: '6E1' },
    { id: '1003', nom: 'MÜLLER', prenom: 'Anaïs', division: '6E2', groupes: ['LATIN'], oldNom: true },
  ]);

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
    const r = (await post(zip, '', 'application/octet-stream')).json();
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
    expect(dry.updated).toMatchObject([{ lastName: 'LEFÈVRE', changes: ['class'], fromClassName: '6E1', className: '5E1' }]);
    expect(dry.archived).toMatchObject([{ lastName: 'GARÇON' }]);
    expect(student('GARÇON', 'Noël')).toMatchObject({ archived: 0 });
    const done = (await post(year2, '', 'application/xml')).json();
    expect(done).toMatchObject({ unchanged: 1, created: [] });
    expect(student('LEFÈVRE', 'Zoé')).toMatchObject({ class: '5E1' });
    expect(student('GARÇON', 'Noël')).toMatchObject({ archived: 1 });
  });

  it("refuses another school's export, and an unreadable one, with a code and nothing changed", async () => {
    const before = count();
    const other = await post(siecleXml('0999999Z', [{ id: '9', nom: 'X', prenom: 'Y', division: '6E1' }]), '', 'application/xml');
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: 'siecle_wrong_school', params: { uai: '0999999Z', expected: '0751234A' } });
    const broken = await post(Buffer.from('PK\u0003\u0004 not really a zip'), '', 'application/octet-stream');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('siecle_unreadable');
    const noRoot = await post(Buffer.from('<?xml version="1.0"?><AUTRE/>'), '', 'application/xml');
    expect(noRoot.json().error.code).toBe('siecle_unreadable');
    expect(count()).toBe(before);
  });
});
