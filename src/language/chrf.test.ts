// chrF against values computed by hand (statistics and score) and against values sacreBLEU itself
// publishes (its test suite test/test_chrf.py and the Hugging Face chrF metric card, which wraps it).
import { describe, expect, it } from 'vitest';
import { chrfFromStatistics, chrfStatistics, corpusChrf, sentenceChrf } from './chrf.js';

describe('chrF computed by hand', () => {
  it('"aa" against "ab": P = R = 1/2 at n=1, 0 at n=2, no n-grams beyond → 25', () => {
    const s = chrfStatistics('aa', 'ab');
    expect(s).toEqual([
      [2, 2, 1],
      [1, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    // avgP = avgR = (1/2 + 0) / 2 = 1/4; F2 = 5·(1/16) / (4/4 + 1/4) = 0.25
    expect(chrfFromStatistics(s)).toBeCloseTo(25, 10);
  });

  it('"ab" against "abc": P = 1, 1; R = 2/3, 1/2 → F2 = 5·(7/12) / (4 + 7/12) = 7/11', () => {
    expect(chrfStatistics('ab', 'abc').slice(0, 3)).toEqual([
      [2, 3, 2],
      [1, 2, 1],
      [0, 1, 0],
    ]);
    expect(sentenceChrf('ab', 'abc')).toBeCloseTo(700 / 11, 10);
    // beta weighs recall: with beta 1 it is the plain harmonic mean 2·(7/12) / (1 + 7/12) = 14/19
    expect(sentenceChrf('ab', 'abc', { beta: 1 })).toBeCloseTo(1400 / 19, 10);
  });

  it('identical text is 100, disjoint text 0, whitespace is ignored by default', () => {
    expect(sentenceChrf('Hola amigo', 'Hola amigo')).toBe(100);
    expect(sentenceChrf('abcdefg', 'hijklmnop')).toBe(0);
    expect(sentenceChrf('a b c', 'abc')).toBe(100);
    expect(sentenceChrf('a\u3000b\tc\n', 'abc')).toBe(100);
    expect(sentenceChrf('a b c', 'abc', { whitespace: true })).toBeLessThan(100);
    expect(sentenceChrf('', 'reference')).toBe(0);
  });

  it('counts code points, not UTF-16 units (emoji sharing a high surrogate do not match)', () => {
    expect(chrfStatistics('😀', '😁')[0]).toEqual([1, 1, 0]);
    expect(sentenceChrf('😀', '😁')).toBe(0);
    expect(sentenceChrf('😀ab', '😀ab')).toBe(100);
  });

  it('sums statistics over the corpus before scoring (not an average of sentence scores)', () => {
    // n=1: hyp 2, ref 2, match 1 → P = R = 1/2; no higher orders → 50
    expect(corpusChrf(['a', 'b'], ['a', 'c'])).toBeCloseTo(50, 10);
    const hyps = ['el gato', 'the cat sat on the mat'];
    const refs = ['the cat', 'the cat sat on a mat'];
    const mean = (sentenceChrf(hyps[0]!, refs[0]!) + sentenceChrf(hyps[1]!, refs[1]!)) / 2;
    expect(corpusChrf(hyps, refs)).not.toBeCloseTo(mean, 3);
    expect(() => corpusChrf(['a'], [])).toThrow(RangeError);
  });
});

describe('chrF against sacreBLEU published values', () => {
  it('chrF2 defaults (Hugging Face metric card, computed by sacreBLEU)', () => {
    expect(
      corpusChrf(
        ['The relationship between Obama and Netanyahu is not exactly friendly.'],
        ['The ties between Obama and Netanyahu are not particularly friendly.'],
      ),
    ).toBeCloseTo(61.576379378113785, 9);
    expect(
      corpusChrf(
        [
          'The relationship between cats and dogs is not exactly friendly.',
          'a good bookshop is just a genteel black hole that knows how to read.',
        ],
        [
          'The relationship between dogs and cats is not exactly friendly.',
          'A good bookshop is just a genteel Black Hole that knows how to read.',
        ],
      ),
    ).toBeCloseTo(84.64214891738334, 9);
  });

  it('effective-order mode with beta 3 (sacreBLEU test_chrf_eff_order)', () => {
    const cases: Array<[string[], string[], number]> = [
      [['a'], ['a'], 100],
      [[''], ['reference'], 0],
      [['a b c'], ['a b c'], 100],
      [['a b c'], ['abc'], 100],
      [[''], ['c'], 0],
      [['a', 'b'], ['a', 'c'], 50],
      [['aa'], ['ab'], 25],
    ];
    for (const [h, r, want] of cases) expect(corpusChrf(h, r, { beta: 3 })).toBeCloseTo(want, 4);
  });

  it('epsilon smoothing with beta 3 (sacreBLEU test_chrf)', () => {
    const cases: Array<[string[], string[], number]> = [
      [['abcdefg'], ['hijklmnop'], 0],
      [['aa'], ['ab'], 8.3333],
      [['a', 'b'], ['a', 'c'], 8.3333],
      [['a'], ['a'], 16.6667],
      [['a b c'], ['a b c'], 50],
      [
        [
          ' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .',
        ],
        [
          'risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .',
        ],
        63.36173,
      ],
      [
        [' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
        ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
        64.1302698,
      ],
    ];
    for (const [h, r, want] of cases)
      expect(Math.abs(corpusChrf(h, r, { beta: 3, epsSmoothing: true }) - want)).toBeLessThan(1e-4);
  });

  it('sentence level with epsilon smoothing, beta 2 (sacreBLEU test_chrf_sentence_level)', () => {
    const cases: Array<[string, string, number]> = [
      [
        'Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.',
        'Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.',
        39.14078509,
      ],
      [
        'Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.',
        'A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.',
        31.22557079,
      ],
      [
        'Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.',
        'Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.',
        57.15704367,
      ],
    ];
    for (const [h, r, want] of cases)
      expect(Math.abs(sentenceChrf(h, r, { epsSmoothing: true }) - want)).toBeLessThan(1e-4);
  });
});
