// Turns what an analyst types into a safe full-text query: words ANDed, "phrases", prefix*,
// never raw FTS syntax (so a stray quote or operator cannot break or widen the search).

export interface ParsedQuery {
  terms: Array<{ text: string; phrase: boolean; prefix: boolean }>;
}

export function parseSearchText(input: string): ParsedQuery {
  const terms: ParsedQuery['terms'] = [];
  const re = /"([^"]*)"|(\S+)/gu;
  for (const m of input.matchAll(re)) {
    if (m[1] !== undefined) {
      const t = m[1].trim();
      if (t) terms.push({ text: t, phrase: true, prefix: false });
    } else if (m[2]) {
      let t = m[2];
      const prefix = t.endsWith('*') && t.length > 1;
      if (prefix) t = t.slice(0, -1);
      // keep letters, marks, numbers and a few joiners inside words
      t = t.replace(/[^\p{L}\p{M}\p{N}@+'._-]/gu, '');
      if (t) terms.push({ text: t, phrase: false, prefix });
    }
  }
  return { terms };
}

/** SQLite FTS5 MATCH expression: each term a quoted string, prefix terms with `*`, ANDed. */
export function toFts5(input: string): string | null {
  const { terms } = parseSearchText(input);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.text.replace(/"/g, '""')}"${t.prefix ? '*' : ''}`).join(' AND ');
}
