// Bidi controls and zero-width characters are shown as visible markers; emoji ZWJ sequences and
// ordinary text (Arabic, Hebrew, CJK, combining marks) are left as they are.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findInvisibles, revealInvisibles } from './visible-controls.js';

describe('revealInvisibles', () => {
  it.each([
    ['invoice\u202efdp.exe', 'invoice⟨RLO⟩fdp.exe'],
    ['Ali\u200bce', 'Ali⟨ZWSP⟩ce'],
    ['\ufeffname', '⟨BOM⟩name'],
    ['a\u2066b\u2069c', 'a⟨LRI⟩b⟨PDI⟩c'],
    ['x\u202a\u202b\u202c\u202dy', 'x⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩y'],
    ['\u200c\u200d\u200e\u200f', '⟨ZWNJ⟩⟨ZWJ⟩⟨LRM⟩⟨RLM⟩'],
    ['07700\u2060900123', '07700⟨WJ⟩900123'],
    ['tag\u{e0041}', 'tag⟨TAG⟩'],
    ['\u3164', '⟨HF⟩'],
  ])('reveals %j', (input, shown) => {
    expect(revealInvisibles(input)).toBe(shown);
  });

  it('keeps emoji joiners, right-to-left scripts, CJK and combining marks', () => {
    for (const s of ['👨‍👩‍👧', '🏳️‍🌈', 'مرحبا بك', 'שלום', '你好', 'e\u0301', 'Zoë']) {
      expect(revealInvisibles(s)).toBe(s);
      expect(findInvisibles(s)).toEqual([]);
    }
  });

  it('lists what it found with positions and whether it changes direction', () => {
    expect(findInvisibles('a\u202eb\u200bc')).toEqual([
      { index: 1, codePoint: 0x202e, name: 'RLO', bidi: true },
      { index: 3, codePoint: 0x200b, name: 'ZWSP', bidi: false },
    ]);
  });

  it('property: nothing invisible survives; text without any is unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const shown = revealInvisibles(s);
        expect(findInvisibles(shown)).toEqual([]);
        if (findInvisibles(s).length === 0) expect(shown).toBe(s);
        else expect(shown).toContain('⟨');
      }),
      { numRuns: 500, seed: 5 },
    );
  });
});
