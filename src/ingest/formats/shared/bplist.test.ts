// The bounded binary plist reader: agrees with plist's writer and bplist-parser on real and
// generated files, and refuses cycles, reference bombs, bad offsets and truncation quickly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { buildBinary } from 'plist';
import * as bplistParser from 'bplist-parser';
import { BinaryPlistError, parseBinaryPlist } from './bplist.js';
import { corpusPath } from '../../../testkit/corpus.js';

/** A bplist00 file from raw objects (each a byte array) with 1-byte offsets and refs. */
function craft(objects: number[][], top = 0): Buffer {
  const head = Buffer.from('bplist00', 'latin1');
  const bodies: Buffer[] = [];
  const offsets: number[] = [];
  let at = head.length;
  for (const o of objects) {
    offsets.push(at);
    bodies.push(Buffer.from(o));
    at += o.length;
  }
  const table = Buffer.from(offsets.map((o) => o & 0xff));
  const trailer = Buffer.alloc(32);
  trailer[6] = 1;
  trailer[7] = 1;
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(BigInt(top), 16);
  trailer.writeBigUInt64BE(BigInt(at), 24);
  return Buffer.concat([head, ...bodies, table, trailer]);
}

const json = (v: unknown) =>
  JSON.stringify(v, (_k, x) =>
    typeof x === 'bigint'
      ? x.toString()
      : x instanceof Uint8Array || (x && x.type === 'Buffer')
        ? Buffer.from(x.data ?? x).toString('hex')
        : x,
  );

describe('parseBinaryPlist', () => {
  it('reads what plist writes: strings, UTF-16, numbers, dates, data, nesting', () => {
    const v = {
      a: 'ascii',
      u: 'Zażółć 👍',
      n: 42,
      big: 2 ** 40,
      neg: -7,
      r: 1.5,
      t: true,
      f: false,
      d: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      b: new Uint8Array([1, 2, 3]),
      arr: [1, 'two', { three: 3 }],
    };
    const out = parseBinaryPlist(buildBinary(v)) as Record<string, unknown>;
    expect(out.a).toBe('ascii');
    expect(out.u).toBe('Zażółć 👍');
    expect([out.n, out.big, out.neg, out.r, out.t, out.f]).toEqual([
      42,
      2 ** 40,
      -7,
      1.5,
      true,
      false,
    ]);
    expect((out.d as Date).toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect([...(out.b as Uint8Array)]).toEqual([1, 2, 3]);
    expect(out.arr).toEqual([1, 'two', { three: 3 }]);
  });

  const CC = corpusPath(
    'ileapp-josh-ios15/filesystem2/wireless/Library/Preferences/com.apple.commcenter.device_specific_nobackup.plist',
  );
  it.skipIf(!CC)('agrees with bplist-parser on a real CommCenter plist', () => {
    const bytes = readFileSync(CC!);
    expect(json(parseBinaryPlist(bytes))).toBe(json(bplistParser.parseBuffer(bytes)[0]));
  });

  it('refuses a container that contains itself', () => {
    // object 0: array of one ref → object 0
    expect(() => parseBinaryPlist(craft([[0xa1, 0x00]]))).toThrow(/contains itself/);
  });

  it('refuses a reference bomb (each level twice the one below) within the value budget', () => {
    const objs: number[][] = [];
    for (let i = 0; i < 60; i++) objs.push(i === 59 ? [0x10, 0x01] : [0xa2, i + 1, i + 1]);
    expect(() => parseBinaryPlist(craft(objs), { maxValues: 100_000, maxDepth: 128 })).toThrow(
      /more than 100000 values/,
    );
    // without the budget this file would expand to 2^59 values
  });

  it('keeps __proto__ as an ordinary key', () => {
    const out = parseBinaryPlist(
      craft([
        [0xd1, 1, 2],
        [0x59, ...Buffer.from('__proto__')],
        [0x10, 0x05],
      ]),
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(out['__proto__']).toBe(5);
  });

  it('property: any bytes, edits and truncations read or raise BinaryPlistError', () => {
    const seed = Buffer.from(
      buildBinary({
        imeis: [{ first: '1:kOne', second: '356938035643809' }],
        n: 1,
        s: 'x'.repeat(40),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(seed.length - 1), fc.nat(255)), { maxLength: 6 }),
        fc.option(fc.nat(seed.length), { nil: undefined }),
        (edits, cut) => {
          const b = Buffer.from(seed);
          for (const [i, v] of edits) b[i] = v;
          try {
            parseBinaryPlist(cut === undefined ? b : b.subarray(0, cut));
          } catch (e) {
            expect(e).toBeInstanceOf(BinaryPlistError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
