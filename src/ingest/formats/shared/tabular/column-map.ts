// Maps a table's header row to a profile's fields by header name (never by position): names are
// compared after normalisation (case, punctuation, spacing), each column is claimed once, and the
// columns no field claims are reported as unexpected.
import type { ColumnSpec, Profile } from './profile-schema.js';

/** Fields whose every matching column is kept (each is one entry: Mobile, Home, Work …). */
const MULTI = new Set(['phone', 'email', 'whatsapp', 'telegram', 'recipients']);

export interface MappedColumn {
  index: number;
  header: string;
  timezone?: string;
  label?: string;
}

export interface ColumnMap {
  fields: Map<string, MappedColumn[]>;
  /** Headers no field claims, with their column index. */
  unexpected: Array<{ index: number; header: string }>;
  /** Required entries that are not satisfied. */
  missing: string[];
  /** Count of mapped columns (higher is a more specific match). */
  score: number;
}

export function normaliseHeader(h: string): string {
  return h
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function specOf(s: ColumnSpec): { header: string; timezone?: string; label?: string } {
  return typeof s === 'string' ? { header: s } : s;
}

export function mapColumns(headers: readonly string[], profile: Profile): ColumnMap {
  const norm = headers.map(normaliseHeader);
  const claimed = new Set<number>();
  const fields = new Map<string, MappedColumn[]>();
  for (const [field, specs] of Object.entries(profile.columns)) {
    const out: MappedColumn[] = [];
    for (const raw of specs) {
      const spec = specOf(raw);
      const want = normaliseHeader(spec.header);
      for (let i = 0; i < norm.length; i++) {
        if (claimed.has(i) || norm[i] !== want) continue;
        claimed.add(i);
        out.push({
          index: i,
          header: headers[i]!,
          ...(spec.timezone ? { timezone: spec.timezone } : {}),
          label: spec.label ?? headers[i]!.trim(),
        });
        if (!MULTI.has(field)) break;
      }
      if (out.length && !MULTI.has(field)) break;
    }
    if (out.length) fields.set(field, out);
  }
  const missing = profile.required.filter((r) => !r.split('|').some((f) => fields.has(f)));
  const unexpected = headers
    .map((header, index) => ({ index, header }))
    .filter((h) => !claimed.has(h.index) && h.header.trim() !== '');
  return { fields, unexpected, missing, score: claimed.size };
}

/** The delimiter that splits a header line into the most fields (quotes respected). */
export function detectDelimiter(line: string): ',' | ';' | '\t' | '|' {
  let best: ',' | ';' | '\t' | '|' = ',';
  let bestN = 0;
  for (const d of [',', ';', '\t', '|'] as const) {
    let n = 0;
    let inQ = false;
    for (const ch of line) {
      if (ch === '"') inQ = !inQ;
      else if (!inQ && ch === d) n++;
    }
    if (n > bestN) {
      best = d;
      bestN = n;
    }
  }
  return best;
}
