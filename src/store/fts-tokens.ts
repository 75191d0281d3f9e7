// The store's own tokenizer: the words SQLite FTS5 (unicode61, remove_diacritics 2) indexes, computed
// in TypeScript so PostgreSQL indexes and matches exactly the same words, and search highlights
// match on both dialects. Word characters are letters, numbers and private-use (L*, N*, Co) plus
// the combining diacritics U+0300–U+036F (then removed); other marks separate words, as in FTS5.
import { parseSearchText } from './fts-query.js';

const WORD = /[\p{L}\p{N}\p{Co}\u0300-\u036f]+/gu;
const COMBINING = /^[\u0300-\u036f]+$/u;
/** Case foldings (Unicode CaseFolding C+S) where lower-casing gives something else. */
const FOLD: Record<string, string> = {
  '\u017f': 's', // ſ
  '\u03c2': '\u03c3', // ς
  '\u03d0': '\u03b2',
  '\u03d1': '\u03b8',
  '\u03d5': '\u03c6',
  '\u03d6': '\u03c0',
  '\u03f0': '\u03ba',
  '\u03f1': '\u03c1',
  '\u03f5': '\u03b5',
  '\u1e9b': '\u1e61',
  '\u1fbe': '\u03b9',
  '\u00b5': '\u03bc', // µ
  '\u0345': '\u03b9',
};

function foldChar(c: string): string {
  if (c >= '\u0300' && c <= '\u036f') return '';
  const lower = FOLD[c] ?? c.toLowerCase();
  const d = lower.normalize('NFD');
  // a Latin letter with combining diacritics becomes its ASCII letter (ǻ → a, ệ → e), as
  // FTS5's remove_diacritics does; other scripts keep theirs (ά, й, ǿ stay)
  if (d.length > 1 && d.charCodeAt(0) < 0x80 && COMBINING.test(d.slice(1))) return d[0]!;
  return lower;
}

/** Fold one word as FTS5 does: case-folded, combining diacritics removed from Latin letters. */
export function foldWord(w: string): string {
  if (/^[\x00-\x7f]*$/.test(w)) return w.toLowerCase();
  let out = '';
  for (const c of w) out += foldChar(c);
  return out;
}

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** The words of a text with their offsets in the original string. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const folded = foldWord(m[0]);
    if (folded) out.push({ text: folded, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export function words(text: string): string[] {
  return tokenize(text).map((t) => t.text);
}

/** A search term as words: a phrase when it has several, the last one a prefix if asked. */
export interface TermWords {
  words: string[];
  prefix: boolean;
}

/** What an analyst typed, as terms of words (terms without a word are dropped, as FTS5 does). */
export function searchTerms(input: string): TermWords[] {
  return parseSearchText(input)
    .terms.map((t) => ({ words: words(t.text), prefix: t.prefix }))
    .filter((t) => t.words.length > 0);
}

function matchesAt(tokens: readonly Token[], i: number, term: TermWords): boolean {
  const n = term.words.length;
  if (i + n > tokens.length) return false;
  for (let k = 0; k < n; k++) {
    const w = term.words[k]!;
    const t = tokens[i + k]!.text;
    if (k === n - 1 && term.prefix ? !t.startsWith(w) : t !== w) return false;
  }
  return true;
}

/** The text with every match of every term wrapped in \u0002 … \u0003 (as FTS5 highlight() does). */
export function highlight(text: string | null, terms: readonly TermWords[]): string | null {
  if (text === null) return null;
  const tokens = tokenize(text);
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++)
    for (const term of terms)
      if (matchesAt(tokens, i, term))
        spans.push([tokens[i]!.start, tokens[i + term.words.length - 1]!.end]);
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] < last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  let out = '';
  let at = 0;
  for (const [a, b] of merged) {
    out += text.slice(at, a) + '\u0002' + text.slice(a, b) + '\u0003';
    at = b;
  }
  return out + text.slice(at);
}
