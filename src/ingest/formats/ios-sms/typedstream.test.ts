// The typedstream decoder: attributedBody blobs as iOS writes them decode to their text; hostile
// bytes raise TypedStreamError (never anything else) within a time bound.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  attributedStringBytes,
  splitEncodings,
  TypedStreamError,
  TypedStreamReader,
} from './typedstream.js';
import { encodeAttributedBody } from '../../../generator/writers/ios-attributed-body.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

// A real blob from an iOS 13 device ("Thxs "), as stored in sms.db message.attributedBody.
const REAL_THXS =
  '040b73747265616d747970656481e803840140848484194e534d757461626c6541747472696275746564537472696e67008484124e5341747472696275746564537472696e67008484084e534f626a6563740085928484840f4e534d757461626c65537472696e67018484084e53537472696e67019584012b05546878732086840269490105928484840c4e5344696374696f6e617279009584016901928498981d5f5f6b494d4d657373616765506172744174747269627574654e616d658692848484084e534e756d626572008484074e5356616c7565009584012a849b9b00868686';

describe('typedstream', () => {
  it('decodes a real iMessage attributedBody to its text', () => {
    expect(text(attributedStringBytes(Buffer.from(REAL_THXS, 'hex')))).toBe('Thxs ');
  });

  it('reads the header, classes, run attributes and references of a real blob', () => {
    const r = new TypedStreamReader(Buffer.from(REAL_THXS, 'hex'));
    expect(r.streamerVersion).toBe(4);
    const groups = r.readAll();
    expect(r.systemVersion).toBe(1000);
    expect(groups).toHaveLength(1);
    const root = groups[0]!.values[0] as {
      kind: string;
      cls: { name: string; superclass: { name: string } };
      contents: Array<{ encodings: string[]; values: unknown[] }>;
    };
    expect(root.kind).toBe('object');
    expect(root.cls.name).toBe('NSMutableAttributedString');
    expect(root.cls.superclass.name).toBe('NSAttributedString');
    // string, then one run (location 1, length 5) with its attribute dictionary
    expect(root.contents.map((g) => g.encodings.join(''))).toEqual(['@', 'iI', '@']);
    expect(root.contents[1]!.values).toEqual([1, 5]);
  });

  it('encoder output is byte-identical to the real blob', () => {
    expect(encodeAttributedBody('Thxs ').toString('hex')).toBe(REAL_THXS);
  });

  it('round-trips long, multilingual and emoji text (2-byte and 4-byte lengths)', () => {
    for (const t of [
      '',
      'Cześć, gdzie jesteś? Mulțumesc! Faleminderit. Cảm ơn. شکریہ',
      '👨‍👩‍👧 \u202e bidi',
      'x'.repeat(200),
      'y'.repeat(70_000),
    ])
      expect(text(attributedStringBytes(encodeAttributedBody(t)))).toBe(t);
  });

  it('splits type encodings including structs and arrays', () => {
    expect(splitEncodings('iI')).toEqual(['i', 'I']);
    expect(splitEncodings('{_NSRange=QQ}@[4c]')).toEqual(['{_NSRange=QQ}', '@', '[4c]']);
    expect(() => splitEncodings('{_NSRange=QQ')).toThrow(TypedStreamError);
  });

  it('rejects truncated and non-typedstream input with TypedStreamError', () => {
    const blob = Buffer.from(REAL_THXS, 'hex');
    for (const n of [0, 5, 20, 60, blob.length - 1])
      expect(() => attributedStringBytes(blob.subarray(0, n))).toThrow(TypedStreamError);
    expect(() => attributedStringBytes(Buffer.from('bplist00garbage'))).toThrow(TypedStreamError);
  });

  it('property: any bytes decode or raise TypedStreamError, quickly', () => {
    const seed = encodeAttributedBody('seed text for mutation');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc
            .array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), {
              maxLength: 8,
            })
            .map((edits) => {
              const b = Buffer.from(seed);
              for (const [i, v] of edits) b[i] = v;
              return new Uint8Array(b);
            }),
        ),
        (bytes) => {
          const t0 = Date.now();
          try {
            attributedStringBytes(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(TypedStreamError);
          }
          expect(Date.now() - t0).toBeLessThan(2000);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
