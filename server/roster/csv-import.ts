/**
 * Reads a roster file as French school software exports it: one student per line with
 * class, last name, first name and an optional secret; comma- or semicolon-separated
 * (detected); UTF-8 with or without BOM, or Windows-1252 (detected: bytes that are not
 * valid UTF-8); an optional header row (then columns may come in any order). Bad rows are
 * reported with their line number, never silently dropped.
 */
import { parse } from 'csv-parse/sync';
import { randomInt } from 'node:crypto';
import type { ErrorCode, ErrorParams } from '../../src/protocol/error-codes.ts';
import { englishMessage } from '../domain/domain-error.ts';

export interface RosterRow {
  line: number;
  className: string;
  lastName: string;
  firstName: string;
  /** The secret given by the file, if any. */
  secret: string | null;
  /** The pupil's id in the school's software (an "identifiant" column, SIECLE's ELEVE_ID), if any. */
  externalId: string | null;
  /** The pupil left the school (SIECLE DATE_SORTIE): archived, never created. */
  left: boolean;
  /** Groups named by the file (SIECLE 'G' structures), created in the pupil's class. */
  groups: string[];
}

export interface ParsedRoster {
  rows: RosterRow[];
  /** Rows not read, with the reason as an error code (+ params). */
  refused: RefusedRow[];
  delimiter: ',' | ';';
  encoding: 'utf-8' | 'windows-1252';
  hadHeader: boolean;
}

/** A refused line of a roster file: the code says why (translated by the console), `reason` is English for logs. */
export interface RefusedRow {
  line: number;
  code: ErrorCode;
  params?: ErrorParams;
  reason: string;
}

const refusedRow = (line: number, code: ErrorCode, params?: ErrorParams): RefusedRow =>
  params ? { line, code, params, reason: englishMessage(code, params) } : { line, code, reason: englishMessage(code) };

export const MAX_ROSTER_ROWS = 5000;
const MAX_NAME = 200;

/** Windows-1252 bytes 0x80–0x9F (€, œ, Œ, ’, …): some Node builds decode 'windows-1252' as Latin-1 there. */
const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** UTF-8 when the bytes are valid UTF-8 (BOM dropped), else Windows-1252 (Excel's "CSV" on a French Windows). */
export function decodeRosterBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    const text = new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
    return { text, encoding: 'windows-1252' };
  }
}

/** The separator of the first non-empty line, counting only outside quotes: ';' wins ties (French exports). */
export function detectDelimiter(text: string): ',' | ';' {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return comma > semi ? ',' : ';';
}

const norm = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
type Column = 'className' | 'lastName' | 'firstName' | 'secret' | 'externalId';
const HEADERS: Record<string, Column> = {
  classe: 'className', class: 'className', division: 'className',
  nom: 'lastName', lastname: 'lastName', nomdefamille: 'lastName', surname: 'lastName',
  prenom: 'firstName', firstname: 'firstName',
  secret: 'secret', code: 'secret', pin: 'secret', codesecret: 'secret', motdepasse: 'secret',
  identifiant: 'externalId', id: 'externalId', ine: 'externalId', numero: 'externalId', eleveid: 'externalId',
};

/** A generated 4-digit secret, for students the file gives none. */
export const generateSecret = () => String(randomInt(0, 10_000)).padStart(4, '0');

/** Parses the file's bytes. Throws RosterFileError when the file is not a readable CSV at all. */
export function parseRoster(bytes: Uint8Array): ParsedRoster {
  const { text, encoding } = decodeRosterBytes(bytes);
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, bom: true, info: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    throw new RosterFileError('roster_unreadable', { cause: err });
  }
  const refused: ParsedRoster['refused'] = [];
  const rows: RosterRow[] = [];
  const lineOf = (r: { record: string[]; info: { lines: number } }) => r.info.lines - r.record.join('').split('\n').length + 1;

  // Header: the first record names its columns (Classe;Nom;Prénom[;Secret]).
  let columns: (Column | undefined)[] = ['className', 'lastName', 'firstName', 'secret'];
  let hadHeader = false;
  const head = records[0]?.record.map(norm) ?? [];
  if (head.includes('nom') || head.includes('lastname') || head.some((h) => h === 'classe' || h === 'class')) {
    const mapped = head.map((h) => HEADERS[h]);
    if (mapped.includes('className') && mapped.includes('lastName') && mapped.includes('firstName')) {
      columns = mapped;
      hadHeader = true;
      records = records.slice(1);
    }
  }
  if (records.length > MAX_ROSTER_ROWS) throw new RosterFileError('roster_too_many_rows', { params: { max: MAX_ROSTER_ROWS } });

  for (const r of records) {
    const line = lineOf(r);
    const cells = r.record;
    if (cells.every((c) => c === '')) continue;
    const get = (k: Column) => {
      const i = columns.indexOf(k);
      return i >= 0 ? (cells[i] ?? '').normalize('NFC').replace(/\s+/g, ' ').trim() : '';
    };
    const row: RosterRow = {
      line, className: get('className'), lastName: get('lastName'), firstName: get('firstName'), secret: get('secret') || null,
      externalId: get('externalId') || null, left: false, groups: [],
    };
    // A cell beyond the known columns is not dropped silently: the line is refused (a shifted column, a name with a separator).
    const extra = cells.slice(columns.length).some((c) => c.trim() !== '') || cells.some((c, i) => c.trim() !== '' && columns[i] === undefined);
    if (extra) refused.push(refusedRow(line, 'roster_too_many_columns', { expected: columns.filter(Boolean).length }));
    else if (!row.className) refused.push(refusedRow(line, 'roster_missing_class'));
    else if (!row.lastName) refused.push(refusedRow(line, 'roster_missing_last_name'));
    else if (!row.firstName) refused.push(refusedRow(line, 'roster_missing_first_name'));
    else if ([row.className, row.lastName, row.firstName].some((v) => v.length > MAX_NAME)) refused.push(refusedRow(line, 'roster_name_too_long', { max: MAX_NAME }));
    else if (row.secret !== null && (row.secret.length < 4 || row.secret.length > 64)) refused.push(refusedRow(line, 'roster_secret_length', { min: 4, max: 64 }));
    else rows.push(row);
  }
  return { rows, refused, delimiter, encoding, hadHeader };
}

/** The file cannot be read as a roster at all (answered 400 with its code). */
export class RosterFileError extends Error {
  constructor(readonly code: ErrorCode, readonly options: { params?: ErrorParams; cause?: unknown } = {}) {
    super(englishMessage(code, options.params), { cause: options.cause });
  }
}
