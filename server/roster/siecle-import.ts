/**
 * Reads a SIECLE (BEE) pupils export, as French collèges download it: `ExportXML_ElevesSansAdresses.zip`
 * holding `ElevesSansAdresses.xml` (ISO-8859-1), or the XML itself. What Cartable takes from it:
 * - `BEE_ELEVES/PARAMETRES/UAJ`: the school's UAI (a file of another school is refused);
 * - `DONNEES/ELEVES/ELEVE[@ELEVE_ID]`: the pupil, matched on later imports by ELEVE_ID (stable in
 *   SIECLE for the pupil's whole schooling), with `NOM_USAGE` (else `NOM_DE_FAMILLE`, older exports
 *   `NOM`) and `PRENOM`; a pupil with a `DATE_SORTIE` has left: archived;
 * - `DONNEES/STRUCTURES/STRUCTURES_ELEVE[@ELEVE_ID]/STRUCTURE`: `TYPE_STRUCTURE` 'D' (division) is
 *   the class, 'G' a group (created in the pupil's class).
 * Dates of birth, MEF codes and national ids are not kept: Cartable needs no more than it shows.
 */
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import type { ErrorCode, ErrorParams } from '../../src/protocol/error-codes.ts';
import { englishMessage } from '../domain/domain-error.ts';
import { RosterFileError, type RefusedRow, type RosterRow } from './csv-import.ts';

/** Whether these bytes look like a SIECLE export (a zip, or XML naming BEE_ELEVES) rather than a CSV. */
export function looksLikeSiecle(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return true;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).trimStart();
  return head.startsWith('<?xml') || head.startsWith('<BEE_ELEVES');
}

/** The XML text of the export: unzipped when needed, decoded by its declared encoding (ISO-8859-1 by default in SIECLE). */
function xmlText(bytes: Uint8Array): string {
  let xml = bytes;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, { filter: (f) => /\.xml$/i.test(f.name) && f.originalSize < 64 * 1024 * 1024 });
    } catch (err) {
      throw new RosterFileError('siecle_unreadable', { cause: err });
    }
    const name = Object.keys(files).find((n) => /ElevesSansAdresses/i.test(n)) ?? Object.keys(files)[0];
    if (!name) throw new RosterFileError('siecle_unreadable');
    xml = files[name]!;
  }
  const declared = /encoding=["']([\w-]+)["']/i.exec(new TextDecoder('latin1').decode(xml.subarray(0, 200)))?.[1]?.toLowerCase() ?? 'utf-8';
  const encoding = declared === 'utf-8' || declared === 'utf8' ? 'utf-8' : 'latin1';
  return new TextDecoder(encoding).decode(xml);
}

type XmlValue = string | number | XmlNode | XmlValue[];
interface XmlNode {
  [key: string]: XmlValue | undefined;
}
const isNode = (v: XmlValue | undefined): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const child = (v: XmlValue | undefined, key: string): XmlValue | undefined => (isNode(v) ? v[key] : undefined);
const all = (v: XmlValue | undefined): XmlValue[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: XmlValue | undefined): string => (typeof v === 'string' || typeof v === 'number' ? String(v).normalize('NFC').replace(/\s+/g, ' ').trim() : '');

export interface ParsedSiecle {
  rows: RosterRow[];
  refused: RefusedRow[];
  /** The school's UAI named by the export. */
  uai: string;
}

const refusedRow = (line: number, code: ErrorCode, params?: ErrorParams): RefusedRow =>
  params ? { line, code, params, reason: englishMessage(code, params) } : { line, code, reason: englishMessage(code) };

/** Parses the export. Throws RosterFileError when it is not a readable SIECLE pupils export. */
export function parseSiecle(bytes: Uint8Array): ParsedSiecle {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, processEntities: true });
  let doc: XmlNode;
  try {
    doc = parser.parse(xmlText(bytes));
  } catch (err) {
    if (err instanceof RosterFileError) throw err;
    throw new RosterFileError('siecle_unreadable', { cause: err });
  }
  const root = doc.BEE_ELEVES;
  const uai = text(child(child(root, 'PARAMETRES'), 'UAJ'));
  const donnees = child(root, 'DONNEES');
  if (!isNode(root) || !uai || !isNode(donnees)) throw new RosterFileError('siecle_unreadable');

  // Structures of each pupil: their division (class) and their groups.
  const divisions = new Map<string, string>();
  const groups = new Map<string, string[]>();
  for (const se of all(child(child(donnees, 'STRUCTURES'), 'STRUCTURES_ELEVE'))) {
    const id = text(child(se, '@ELEVE_ID'));
    for (const st of all(child(se, 'STRUCTURE'))) {
      const code = text(child(st, 'CODE_STRUCTURE'));
      const type = text(child(st, 'TYPE_STRUCTURE'));
      if (!code) continue;
      if (type === 'D') divisions.set(id, code);
      else if (type === 'G') groups.set(id, [...(groups.get(id) ?? []), code]);
    }
  }

  const rows: RosterRow[] = [];
  const refused: RefusedRow[] = [];
  all(child(child(donnees, 'ELEVES'), 'ELEVE')).forEach((e, i) => {
    const line = i + 1; // the pupil's position in the export (SIECLE has no lines to speak of)
    const externalId = text(child(e, '@ELEVE_ID'));
    const lastName = text(child(e, 'NOM_USAGE')) || text(child(e, 'NOM_DE_FAMILLE')) || text(child(e, 'NOM'));
    const firstName = text(child(e, 'PRENOM'));
    const left = text(child(e, 'DATE_SORTIE')) !== '';
    const className = divisions.get(externalId) ?? '';
    if (!externalId || !lastName) refused.push(refusedRow(line, 'roster_missing_last_name'));
    else if (!firstName) refused.push(refusedRow(line, 'roster_missing_first_name'));
    else if (!className && !left) refused.push(refusedRow(line, 'siecle_no_division'));
    else rows.push({ line, className, lastName, firstName, secret: null, externalId: `siecle:${externalId}`, left, groups: groups.get(externalId) ?? [] });
  });
  if (rows.length === 0 && refused.length === 0) throw new RosterFileError('roster_empty');
  return { rows, refused, uai };
}
