/**
 * SIECLE (BEE) pupils exports for tests, written from the format's description in issue 19:
 * `ElevesSansAdresses.xml`, ISO-8859-1, with the school's UAI, pupils (ELEVE_ID, NOM_DE_FAMILLE
 * or the older NOM, PRENOM, DATE_SORTIE for a pupil who left) and their structures (D: the
 * division, G: groups).
 */
export interface SieclePupil { id: string; nom: string; prenom: string; division: string; groupes?: string[]; sortie?: string; oldNom?: boolean }

/** A SIECLE ElevesSansAdresses export, written from the description in the issue, in ISO-8859-1. */
export function siecleXml(uai: string, pupils: SieclePupil[]): Buffer {
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

