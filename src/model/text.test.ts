// Text fidelity: strict decoding, no silent replacement, visible hidden characters.
import { describe, expect, it } from 'vitest';
import { decodeBytes, revealHidden, textFlags } from './text.js';
import { canonicalJson } from './canonical-json.js';
import { caseIdFor, itemId, makeId } from './ids.js';

describe('text', () => {
  it('decodes valid UTF-8 and UTF-16 without flags', () => {
    expect(decodeBytes(Buffer.from('Zażółć gęślą jaźń 👍🏽', 'utf8'))).toEqual({
      text: 'Zażółć gęślą jaźń 👍🏽',
      flags: [],
    });
    expect(decodeBytes(Buffer.from('\ufeffسلام', 'utf16le'), 'utf-16le').text).toBe('سلام');
  });
  it('flags invalid bytes and keeps the originals', () => {
    const bytes = Buffer.from([0x61, 0xff, 0x62]);
    const d = decodeBytes(bytes);
    expect(d.flags).toContain('invalid-utf8');
    expect(Buffer.from(d.rawBase64!, 'base64')).toEqual(bytes);
  });
  it('flags lone surrogates, bidi controls, zero-width characters and NUL', () => {
    expect(textFlags('\ud800x')).toContain('lone-surrogate');
    expect(textFlags('invoice\u202egpj.exe')).toContain('bidi-control');
    expect(textFlags('a\u200bb')).toContain('zero-width');
    expect(textFlags('a\u0000b')).toContain('nul');
    expect(textFlags('plain')).toEqual([]);
  });
  it('reveals hidden characters but leaves emoji ZWJ sequences alone', () => {
    expect(revealHidden('invoice\u202egpj.exe')).toBe('invoice⟨RLO⟩gpj.exe');
    expect(revealHidden('a\u200bb')).toBe('a⟨ZWSP⟩b');
    expect(revealHidden('👩\u200d💻')).toBe('👩\u200d💻');
  });
});

describe('ids and canonical JSON', () => {
  it('ids are deterministic and depend on every part', () => {
    const c = caseIdFor('OP-1');
    expect(c).toBe(caseIdFor(' OP-1 '));
    expect(itemId('message', c, 'a'.repeat(64), 'sms:1')).toBe(
      itemId('message', c, 'a'.repeat(64), 'sms:1'),
    );
    expect(itemId('message', c, 'a'.repeat(64), 'sms:1')).not.toBe(
      itemId('message', c, 'a'.repeat(64), 'sms:2'),
    );
    expect(makeId('message', ['ab', 'c'])).not.toBe(makeId('message', ['a', 'bc']));
    expect(itemId('message', c, 'x', 'y')).toMatch(/^msg_[0-9a-f]{24}$/);
  });
  it('sorts keys at every level and writes bigints exactly', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 10n ** 20n } })).toBe(
      '{"a":{"c":"100000000000000000000","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
});
