/**
 * A roster import's report in words (src/i18n/roster-report.ts), as the admin command line prints
 * it and the console shows a pupil's changes: French by default, in the console's sentences, the
 * refusals from their codes, French typography; English on request.
 */
import { describe, expect, test } from 'vitest';
import { rosterReportLines } from '../../../src/i18n/roster-report.ts';
import type { RosterImportReport } from '../../../src/protocol/console.ts';

const NB = '\u00a0';
const report = (dryRun: boolean): RosterImportReport => ({
  dryRun, source: 'siecle',
  created: [{ line: 1, className: '4E1', lastName: 'MARTIN', firstName: 'Léa', studentId: null }],
  updated: [{ line: 2, className: '4E1', lastName: 'DUPRÉ', firstName: 'Hugo', studentId: 's2', changes: ['class', 'groups'], fromClassName: '5E2', groupsJoined: ['ANGLAIS-G2'], groupsLeft: ['LATIN'] }],
  unchanged: 12,
  archived: [],
  missing: [{ line: 0, className: '4E1', lastName: 'ROUX', firstName: 'Noé', studentId: 's3' }],
  groupsCreated: ['4E1 — ANGLAIS-G2'],
  refused: [{ line: 4, code: 'roster_missing_last_name', reason: 'The last name is missing.' }],
  classesCreated: [],
  secrets: dryRun ? [] : [{ studentId: 's1', className: '4E1', lastName: 'MARTIN', firstName: 'Léa', secret: '4821' }],
  uai: { value: '0690001A', adopted: true },
});

describe('roster import report in words', () => {
  test('a check, in French: future tense, who changes and how, who is missing, refusals by code', () => {
    const lines = rosterReportLines(report(true), 'fr', false);
    expect(lines).toEqual([
      `Vérification (--dry-run)${NB}: rien n’a été modifié. Relancez sans --dry-run pour importer.`,
      `L’établissement sera identifié par l’UAI 0690001A${NB}: seuls les exports SIECLE de cet UAI seront acceptés ensuite.`,
      `Groupes qui seront créés${NB}: 4E1 — ANGLAIS-G2`,
      'Seront créés (1)',
      '  4E1 — MARTIN Léa',
      'Seront mis à jour (1)',
      `  4E1 — DUPRÉ Hugo${NB}: sera déplacé de 5E2 vers 4E1${NB}; rejoindra le groupe ANGLAIS-G2${NB}; sera retiré du groupe LATIN`,
      `Déjà à jour${NB}: 12`,
      'Absents du fichier (1) (ajoutez --archive-missing pour les archiver)',
      '  4E1 — ROUX Noé',
      'Refusés (1)',
      `  Élève n° 4${NB}: Le nom manque.`,
    ]);
    expect(lines.join('\n')).not.toContain('The last name is missing'); // the server's English is for logs only
  });

  test('an import, in English on request: past tense and the secrets to print', () => {
    const lines = rosterReportLines(report(false), 'en', true);
    expect(lines[0]).toBe('Import done.');
    expect(lines).toContain('  4E1 — DUPRÉ Hugo: moved from 5E2 to 4E1; joined the group ANGLAIS-G2; taken out of the group LATIN');
    expect(lines.some((l) => l.startsWith('Not in the file'))).toBe(false); // --archive-missing was given
    expect(lines.slice(-2)).toEqual(['Generated secret codes (print and hand out)', '  4E1\tMARTIN\tLéa\t4821']);
  });
});
