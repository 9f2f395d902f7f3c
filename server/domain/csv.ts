/**
 * CSV for a French spreadsheet (LibreOffice Calc, Excel set to French): `;` separated, UTF-8
 * with a BOM (so Excel reads the accents), CRLF lines, numbers with a decimal comma, and every
 * cell that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a
 * CR) prefixed with a `'` (OWASP's advice against CSV injection) — a pupil named « =1+1 » or
 * « @SOMME(A1) » stays text.
 */

/** One cell: quoted when needed, neutralised when a spreadsheet would run it. Numbers get a decimal comma. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (typeof value === 'number') return frenchNumber(value);
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** « 6,5 », « 12 », « 13,33 »: at most two decimals, a comma, no thousands separator (a spreadsheet reads it as a number). */
export function frenchNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  return String(Math.round(n * 100) / 100).replace('.', ',');
}

/** The whole file: BOM, one line per row, CRLF. */
export function csvDocument(rows: Array<Array<string | number | boolean | null | undefined>>): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
