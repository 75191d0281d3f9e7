// The one CSV cell writer of every CSV Threadline produces: RFC 4180 quoting, and formula
// injection neutralised (OWASP "CSV Injection", ASVS 5.0 1.2.10) so a spreadsheet opening an export
// never runs a cell that came from evidence.

/**
 * A cell a spreadsheet would read as a formula or command: it starts with = + - @ (or their
 * full-width forms), possibly after spaces, or with a tab, carriage return, line feed or NUL.
 */
const FORMULA_START = /^(?:[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r\n\0])/u;

export function isFormulaLike(s: string): boolean {
  return FORMULA_START.test(s);
}

/** Prefix a formula-like text with a single quote (shown by spreadsheets as text, not run). */
export function neutraliseFormula(s: string): string {
  return isFormulaLike(s) ? `'${s}` : s;
}

/**
 * One CSV cell, safe by default: text that looks like a formula is neutralised, then the cell is
 * quoted when it holds the delimiter, a quote, a line break or edge whitespace. Numbers are
 * written as numbers (a negative number is data, not a formula).
 */
export function csvCell(v: string | number | bigint | null | undefined, delimiter = ','): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  const s = neutraliseFormula(v);
  return /["\r\n]/.test(s) || s.includes(delimiter) || /^\s|\s$/u.test(s)
    ? `"${s.replace(/"/g, '""')}"`
    : s;
}

/** One CSV record (no line ending). */
export function csvRow(
  cells: ReadonlyArray<string | number | bigint | null | undefined>,
  delimiter = ',',
): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter);
}
