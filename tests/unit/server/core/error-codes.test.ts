/**
 * Every code the server can refuse with has an HTTP status, an English and a French text
 * (with the same placeholders), and every code written in the server's sources is a known
 * one — so no refusal can reach a pupil or a teacher untranslated.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../../../src/protocol/error-codes.ts';
import { serverErrorsEn } from '../../../../src/i18n/server-errors-en.ts';
import { serverErrorsFr } from '../../../../src/i18n/server-errors-fr.ts';
import { ERROR_STATUS } from '../../../../server/http/error-status.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('server error codes', () => {
  it.each([...ERROR_CODES])('%s has a status and a French and an English text', (code) => {
    expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(ERROR_STATUS[code]).toBeLessThan(600);
    expect(serverErrorsFr[code]?.trim().length).toBeGreaterThan(5);
    expect(serverErrorsEn[code]?.trim().length).toBeGreaterThan(5);
    // The French text uses no placeholder the English one lacks (the params are the same).
    for (const p of placeholders(serverErrorsFr[code])) expect(placeholders(serverErrorsEn[code])).toContain(p);
  });

  it('has no catalogue entry for a code that does not exist, and no code twice', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(Object.keys(serverErrorsFr).sort()).toEqual([...ERROR_CODES].sort());
    expect(Object.keys(serverErrorsEn).sort()).toEqual([...ERROR_CODES].sort());
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('knows every code the server sources emit', () => {
    const emitted = new Set<string>();
    const patterns = [/\bfail\('([a-z_]+)'/g, /\brefuse\('([a-z_]+)'/g, /\brefusal\(m, '([a-z_]+)'/g, /refusedRow\(line, '([a-z_]+)'/g, /refused\(row\.line, '([a-z_]+)'/g, /(?:\{|m\.mutationId,) code: '([a-z_]+)'/g, /\banswer\('([a-z_]+)'/g];
    for (const file of [...sources('server'), 'src/protocol/console.ts']) {
      const text = readFileSync(file, 'utf8');
      for (const re of patterns) for (const m of text.matchAll(re)) emitted.add(m[1]!);
    }
    expect(emitted.size).toBeGreaterThan(60); // the scan really reads the sources
    const known = new Set<string>(ERROR_CODES);
    expect([...emitted].filter((c) => !known.has(c))).toEqual([]);
  });

  it('never speaks English in French: no French text equals its English one', () => {
    const same = ERROR_CODES.filter((c) => serverErrorsFr[c] === serverErrorsEn[c]);
    expect(same).toEqual([]);
  });
});
