/**
 * French typography in every French catalogue (src/i18n/*fr*.ts: the tablet, the console, the
 * paper pack and correction, the CSV words): the rule is ONE no-break space, U+00A0, after « and
 * before », and before : ; ! ? % — so a guillemet or a colon never ends up alone at the start or
 * the end of a line (seen at 800×1280 on « Reconnecte-toi… « Changer d’élève » »). The narrow
 * U+202F is not used (one rule; the PDFs' standard fonts and some tablet fonts lack it).
 * The files are found by name, so a new French catalogue is checked without being listed here.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const NBSP = '\u00a0';

/** The typographic faults of one French string, each as a short excerpt with the fault marked. */
export function frenchTypographyFaults(text: string): string[] {
  const rules: [string, RegExp][] = [
    ['no no-break space after «', /«(?!\u00a0)/g],
    ['no no-break space before »', /(?<!\u00a0)»/g],
    ['breaking (or narrow) space before : ; ! ? %', /[\s\u202f](?<!\u00a0)[:;!?%]/g],
    ['no space before ; ! ?', /[\p{L}\p{N}»)][;!?](?=[\s\u00a0]|$)/gu],
    ['no space before :', /[\p{L}»)]:(?=[\s\u00a0]|$)/gu],
    ['narrow no-break space (the rule is U+00A0)', /\u202f/g],
  ];
  const out: string[] = [];
  for (const [name, re] of rules) {
    for (const m of text.matchAll(re)) {
      const at = m.index;
      out.push(`${name}: “${text.slice(Math.max(0, at - 20), at)}⟦${m[0]}⟧${text.slice(at + m[0].length, at + m[0].length + 12)}”`.replace(/\u00a0/g, '⍽'));
    }
  }
  return out;
}

/** Every string in `value` (objects, arrays, nested), with its path. */
function strings(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

const dir = new URL('../../../src/i18n/', import.meta.url);
const frenchFiles = readdirSync(dir).filter((f) => /(^|-)fr(-|\.)/.test(f) && f.endsWith('.ts')).sort();

describe('French typography in the catalogues', () => {
  test('the French catalogues are found (tablet, console, paper, errors)', () => {
    for (const f of ['messages-fr.ts', 'messages-fr-work.ts', 'console-fr.ts', 'live-fr.ts', 'paper-pack-fr.ts', 'server-errors-fr.ts']) expect(frenchFiles).toContain(f);
  });

  test.each(frenchFiles)('%s: no-break spaces in guillemets and before the high punctuation', async (file) => {
    const module = (await import(new URL(file, dir).href)) as Record<string, unknown>;
    const all = Object.entries(module).flatMap(([name, v]) => strings(v, name));
    expect(all.length, `${file} has strings`).toBeGreaterThan(0);
    const faults = all.flatMap(([path, s]) => frenchTypographyFaults(s).map((f) => `${path} — ${f}`));
    expect(faults, `write U+00A0 (a no-break space) at these places in ${file} — node scripts/fix-french-typography.mjs ${file} does it`).toEqual([]);
  });

  test('the checker itself catches each fault and passes correct text', () => {
    expect(frenchTypographyFaults('appuie sur « Changer d’élève »')).toHaveLength(2);
    expect(frenchTypographyFaults('Pas de réseau : ton travail')).toHaveLength(1);
    expect(frenchTypographyFaults('Qui es-tu ?')).toHaveLength(1);
    expect(frenchTypographyFaults('Qui es-tu?')).toHaveLength(1);
    expect(frenchTypographyFaults('Note: 12')).toHaveLength(1);
    expect(frenchTypographyFaults('Zoom : 50 %')).toHaveLength(2);
    expect(frenchTypographyFaults('Zoom\u202f: 50\u00a0%')).toHaveLength(2); // the narrow one is not the rule
    expect(frenchTypographyFaults(`appuie sur «${NBSP}Changer d’élève${NBSP}»${NBSP}: c’est fait${NBSP}! Ça va${NBSP}? Oui${NBSP}; 50${NBSP}%`)).toEqual([]);
    expect(frenchTypographyFaults('à 14:05, le 3/4 — https://exemple.fr/a?b=1')).toEqual([]);
  });
});
