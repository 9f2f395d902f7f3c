#!/usr/bin/env node
/**
 * Puts French typography's no-break spaces (U+00A0) into the string literals of the given files:
 * after « and before », and before : ; ! ? % — the rule tests/unit/ui/french-typography.test.ts
 * holds for every French catalogue. For strings written (or merged) with plain spaces:
 *
 *   node scripts/fix-french-typography.mjs src/i18n/*fr*.ts
 *
 * Only string literals and template texts are touched (found with the TypeScript parser), never
 * code; review the diff (git diff --word-diff) before committing.
 */
import ts from 'typescript';
import { readFileSync, writeFileSync } from 'node:fs';

const NB = '\u00a0';
const fix = (s) => s
  .replace(/«[ \u202f]?(?!\u00a0)/g, `«${NB}`)
  .replace(/(?<!\u00a0)[ \u202f]?»/g, `${NB}»`)
  .replace(/[ \u202f]([:;!?%])/g, `${NB}$1`);

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edits = [];
  const visit = (n) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      const start = n.getStart(sf);
      const raw = text.slice(start, n.getEnd());
      const fixed = fix(raw);
      if (fixed !== raw) edits.push([start, n.getEnd(), fixed]);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  let out = text;
  for (const [s, e, f] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, s) + f + out.slice(e);
  if (out !== text) writeFileSync(file, out);
  console.log(`${file}: ${edits.length} string(s) fixed`);
}
