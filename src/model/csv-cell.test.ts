// The shared CSV cell writer: formula-like cells (ASCII and full-width, after spaces, control
// starts) are prefixed with a quote; everything else round-trips exactly through a CSV parser.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvCell, csvRow, isFormulaLike, neutraliseFormula } from './csv-cell.js';

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 7700 900123', "'+44 7700 900123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', '"\'\r=cmd"'],
    ['\n=cmd', '"\'\n=cmd"'],
    ['\0x', "'\0x"],
    ['  =HYPERLINK("http://example.org")', `"'  =HYPERLINK(""http://example.org"")"`],
    ["\uff1dcmd|'/c calc'!A1", "'\uff1dcmd|'/c calc'!A1"],
    ['\uff0b1', "'\uff0b1"],
    ['\uff0d1', "'\uff0d1"],
    ['\uff20SUM(1)', "'\uff20SUM(1)"],
    ['\u3000=1', "'\u3000=1"],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves ordinary text, numbers and empty cells alone (quoting only when needed)', () => {
    expect(csvCell('hello')).toBe('hello');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('x=1')).toBe('x=1');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvRow(['=x', 1, null, 'y'])).toBe("'=x,1,,y");
  });

  it('property: every cell parses back as the text, quote-prefixed exactly when formula-like', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme-composite', maxLength: 20 }), {
          minLength: 1,
          maxLength: 6,
        }),
        (cells) => {
          const line = csvRow(cells) + '\r\n';
          const back = parse(line, { relax_quotes: false }) as string[][];
          expect(back).toHaveLength(1);
          expect(back[0]).toEqual(cells.map((c) => (isFormulaLike(c) ? `'${c}` : c)));
          for (const c of back[0]!) expect(isFormulaLike(c)).toBe(false);
        },
      ),
      { numRuns: 500, seed: 8 },
    );
    expect(neutraliseFormula('ok')).toBe('ok');
  });
});
