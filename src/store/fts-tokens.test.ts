// The store's tokenizer finds exactly the words SQLite FTS5 (unicode61, remove_diacritics 2)
// indexes, checked against FTS5 itself on generated text in many scripts; highlights as FTS5 does.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { highlight, searchTerms, words } from './fts-tokens.js';
import { tsqueryLiteral, tsvectorLiteral } from './postgres/pg-fts.js';

const fts = new Database(':memory:');
fts.exec(
  "CREATE VIRTUAL TABLE f USING fts5(body, tokenize = 'unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance');",
);
function fts5Words(text: string): string[] {
  fts.exec('DELETE FROM f');
  fts.prepare('INSERT INTO f(rowid, body) VALUES (1, ?)').run(text);
  return (fts.prepare('SELECT term FROM v ORDER BY offset').all() as Array<{ term: string }>).map(
    (r) => r.term,
  );
}

const PIECES = [
  'station',
  'Gară',
  'în',
  'wieczorem',
  'się',
  'ÉTÉ',
  'cafe\u0301',
  'Straße',
  'łódź',
  'Øre',
  'привет',
  'Москва',
  'مرحبا',
  'שלום',
  'नमस्ते',
  '你好世界',
  'こんにちは',
  '안녕하세요',
  'Ελλάδα',
  '07700',
  '+447700900123',
  'a@example.org',
  "don't",
  'co-op',
  '£5',
  '€10',
  '😀',
  'x²',
  'Ⅻ',
  'ǅemal',
  'ﬁne',
  'ＡＢＣ',
  '①',
  '_',
  '...',
  ' ',
  '\n',
  '\t',
  '—',
  '“quoted”',
  '#tag',
  'ß',
  'İstanbul',
  'ŞĞ',
  'ſ',
  'ς',
  'µ',
  'Ǿ',
  'ǻ',
  'Ḁ',
  'Việt',
  'шёл',
  'йод',
  'שָׁלוֹם',
  'مَرْحَبًا',
  'か\u3099',
  'a\u0483b',
  'e\u0301',
  '\u0301',
  'Å',
  'K',
  'ᾼ',
  'ŉ',
  'ĳ',
  'Ǆ',
];

describe('store tokenizer', () => {
  it('splits and folds words exactly as FTS5 unicode61 remove_diacritics 2', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }),
        fc.array(fc.constantFrom(' ', '', ',', '-', '.'), { maxLength: 12 }),
        (pieces, seps) => {
          const text = pieces.map((p, i) => p + (seps[i] ?? ' ')).join('');
          expect(words(text)).toEqual(fts5Words(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('highlights words, prefixes and phrases as FTS5 highlight() does', () => {
    fts.exec('DELETE FROM f');
    const text = 'Meet me at the Station; the station is closed, stations elsewhere';
    fts.prepare('INSERT INTO f(rowid, body) VALUES (1, ?)').run(text);
    for (const [q, fq] of [
      ['station', '"station"'],
      ['stat*', '"stat"*'],
      ['"station is" closed', '"station is" AND "closed"'],
      ['"the station"', '"the station"'],
    ] as const) {
      const expected = (
        fts
          .prepare('SELECT highlight(f, 0, char(2), char(3)) AS h FROM f WHERE f MATCH ?')
          .get(fq) as { h: string }
      ).h;
      expect(highlight(text, searchTerms(q))).toBe(expected);
    }
    expect(highlight(null, searchTerms('x'))).toBeNull();
  });

  it('writes PostgreSQL tsvector and tsquery literals that cannot be broken out of', () => {
    expect(tsvectorLiteral("it's the station, the end")).toBe(
      "'it':1 's':2 'the':3,5 'station':4 'end':6",
    );
    expect(tsvectorLiteral('!!!')).toBeNull();
    expect(tsvectorLiteral(null)).toBeNull();
    expect(searchTerms('"station is" clos* a\'b').map(tsqueryLiteral)).toEqual([
      "'station' <-> 'is'",
      "'clos':*",
      "'a' <-> 'b'",
    ]);
    expect(searchTerms('OR AND NOT * "" \' :*')).toHaveLength(3);
  });
});
