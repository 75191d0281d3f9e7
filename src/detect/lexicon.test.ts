// Lexicon files (one per crime type and language, each with sources), matching with spans and
// word boundaries, bad files refused with a typed error naming the file, and per-case overrides.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { LEXICON_DIR, buildLexicon, loadLexicon, readLexiconFiles, termRegExp } from './lexicon.js';
import { CRIME_TYPES } from './rule.js';

describe('lexicons', () => {
  it('has a valid file with sources for every crime type, and several languages', () => {
    for (const crime of CRIME_TYPES) {
      const files = readLexiconFiles(crime);
      expect(files.length, crime).toBeGreaterThan(0);
      for (const f of files) {
        expect(f.sources.length).toBeGreaterThan(0);
        expect(Object.keys(f.indicators).length).toBeGreaterThan(0);
      }
    }
    expect(readdirSync(join(LEXICON_DIR, 'modern-slavery')).sort()).toEqual([
      'en.json',
      'es.json',
      'ro.json',
      'sq.json',
      'vi.json',
    ]);
  });

  it('matches whole words and phrases, case-insensitively, with exact spans', () => {
    const lex = loadLexicon('county-lines');
    const text = 'U still OWE ME 300. Friday or I come round ur mums';
    const debt = lex.match('debt', text);
    expect(debt.map((m) => text.slice(m.start, m.end))).toEqual(['OWE ME']);
    const threat = lex.match('threat', text);
    expect(threat.map((m) => text.slice(m.start, m.end))).toEqual(['I come round']);
    // no match inside a word
    expect(lex.match('slang', 'whitewash the darkroom')).toEqual([]);
    expect(termRegExp("don't tell").test('dont tell')).toBe(true);
  });

  it('matches every language file against any text, without being told the language', () => {
    const lex = loadLexicon('modern-slavery');
    for (const text of [
      'Pasaporta mbetet tek unë derisa të ma kthesh borxhin.',
      'Pașaportul rămâne la mine până îți plătești datoria.',
      'Giấy tờ chị giữ, khi nào trả hết nợ thì chị đưa lại.',
      'keep the passports in the safe',
    ])
      expect(lex.match('documents', text).length, text).toBeGreaterThan(0);
  });

  it("applies a case's added and removed terms", () => {
    const base = loadLexicon('county-lines');
    expect(base.match('slang', 'got some zoot')).toEqual([]);
    const lex = loadLexicon('county-lines', [
      { crime: 'county-lines', indicator: 'slang', term: 'zoot', action: 'add' },
      { crime: 'county-lines', indicator: 'slang', term: 'food', action: 'remove' },
      { crime: 'grooming', indicator: 'slang', term: 'other crime', action: 'add' },
    ]);
    expect(lex.match('slang', 'got some zoot').map((m) => m.term)).toEqual(['zoot']);
    expect(lex.match('slang', 'any food?')).toEqual([]);
    expect(base.match('slang', 'any food?')).toHaveLength(1);
    expect(lex.size('slang')).toBe(base.size('slang'));
  });

  it('refuses a malformed lexicon file with CONFIG_INVALID naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-lex-'));
    mkdirSync(join(dir, 'grooming'));
    writeFileSync(join(dir, 'grooming', 'xx.json'), '{"crime":"grooming","language":"xx"}');
    expect(() => readLexiconFiles('grooming', dir)).toThrowError(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        details: expect.objectContaining({ file: join(dir, 'grooming', 'xx.json') }),
      }),
    );
    writeFileSync(join(dir, 'grooming', 'xx.json'), '{not json');
    expect(() => readLexiconFiles('grooming', dir)).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() =>
      buildLexicon('grooming', [
        {
          crime: 'grooming',
          language: 'xx',
          version: 1,
          sources: ['t'],
          indicators: { a: { terms: [], patterns: ['(('] } },
        },
      ]),
    ).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
