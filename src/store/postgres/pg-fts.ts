// PostgreSQL full-text values built from the store's tokenizer: tsvector and tsquery literals that
// PostgreSQL stores and compares verbatim (no parser, no dictionary), so a word matches in
// PostgreSQL exactly when it matches in SQLite FTS5.
import { tokenize, type TermWords } from '../fts-tokens.js';

/** PostgreSQL's limits: positions above 16383 are clamped; at most 256 positions per word. */
const MAX_POS = 16383;
const MAX_POSITIONS_PER_WORD = 256;
const MAX_WORD_BYTES = 2046;

function quote(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The tsvector literal of a text (null when it has no words). */
export function tsvectorLiteral(text: string | null | undefined): string | null {
  if (!text) return null;
  const positions = new Map<string, number[]>();
  let pos = 0;
  for (const t of tokenize(text)) {
    pos = Math.min(pos + 1, MAX_POS);
    if (Buffer.byteLength(t.text) > MAX_WORD_BYTES) continue;
    let list = positions.get(t.text);
    if (!list) positions.set(t.text, (list = []));
    if (list.length < MAX_POSITIONS_PER_WORD && list[list.length - 1] !== pos) list.push(pos);
  }
  if (positions.size === 0) return null;
  const parts: string[] = [];
  for (const [w, list] of positions) parts.push(`${quote(w)}:${list.join(',')}`);
  return parts.join(' ');
}

/** The tsquery literal of one term: a word, a word prefix, or a phrase of adjacent words. */
export function tsqueryLiteral(term: TermWords): string {
  return term.words
    .map((w, i) => quote(w) + (term.prefix && i === term.words.length - 1 ? ':*' : ''))
    .join(' <-> ');
}
