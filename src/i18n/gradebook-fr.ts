/** The gradebook CSV's words (server side; the console's own words are in console-fr.ts). */
import type { GradebookStatus } from '../protocol/gradebook.ts';

/** What the CSV says, in the reader's language. */
export interface GradebookCsvWords {
  lastName: string;
  firstName: string;
  average: string;
  late: string;
  missing: string;
  /** The column of one assignment: its title and what its marks are out of. */
  column: (title: string, outOf: number) => string;
  status: Record<Exclude<GradebookStatus, 'marked' | 'returned'>, string> & { returnedWithoutMark: string };
  classAverage: string;
}

export const GRADEBOOK_CSV_FR: GradebookCsvWords = {
  lastName: 'Nom',
  firstName: 'Prénom',
  average: 'Moyenne sur 20',
  late: 'Travaux rendus en retard',
  missing: 'Travaux non rendus',
  column: (title, max) => `${title} (sur ${String(max).replace('.', ',')})`,
  status: { not_assigned: 'non concerné', pending: 'à venir', missing: 'non rendu', to_mark: 'à corriger', returnedWithoutMark: 'corrigé, sans note' },
  classAverage: 'Moyenne de la classe (sur 20)',
};
