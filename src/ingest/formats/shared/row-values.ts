// Reading values out of evidence rows: exact integers, strict text, raw columns kept for provenance.
import { num, str, type EvidenceRow } from '../../../evidence/evidence-sqlite.js';

export { num, str };

/**
 * The named columns of a row, as read (bigints stay exact), for the draft's `raw` field. Null
 * columns are left out, and so are columns equal to a documented default of the format (`defaults`
 * maps column → the default's text), which keeps the stored raw record small.
 */
export function pickRaw(
  row: EvidenceRow,
  cols: readonly string[],
  defaults?: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of cols) {
    const v = row[c];
    if (v === null || v === undefined) continue;
    if (defaults && defaults[c] !== undefined && String(v) === defaults[c]) continue;
    out[c] = v;
  }
  return out;
}

/** A column list that only names columns present in the table (schemas vary by version and vendor). */
export function presentColumns(
  available: Set<string>,
  wanted: readonly string[],
  alias = '',
): string {
  return wanted
    .filter((c) => available.has(c))
    .map((c) => (alias ? `${alias}.${c}` : c))
    .join(', ');
}

/** The value of an integer column as a bigint (for raw time values), or null. */
export function big(v: unknown): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  return null;
}
