// Timestamp decoding: every encoding, exact raw values, unconvertible values marked, never clamped.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeIsoTime, decodeTime, encodeTime, isoUtc, MAX_TIME_MS } from './timestamps.js';

const iso = (v: number | bigint | string, enc: Parameters<typeof decodeTime>[1]) =>
  isoUtc(decodeTime(v, enc).ms);

describe('decodeTime', () => {
  it('decodes each integer encoding to the same instant', () => {
    const want = '2021-04-08T09:14:07.692Z';
    expect(iso(1617873247, 'unix-s')).toBe('2021-04-08T09:14:07.000Z');
    expect(iso(1617873247692, 'unix-ms')).toBe(want);
    expect(iso(1617873247692000n, 'unix-us')).toBe(want);
    expect(iso(1617873247692000000n, 'unix-ns')).toBe(want);
    expect(iso(639566047.692, 'cocoa-s')).toBe(want);
    expect(iso(639566047692000000n, 'cocoa-ns')).toBe(want);
    expect(iso(13262346847692000n, 'webkit')).toBe(want);
    expect(iso(132623468476920000n, 'filetime')).toBe(want);
  });
  it('cocoa-auto decides ns or s per value (sms.db mixes them in one row)', () => {
    expect(decodeTime(639566047692000000n, 'cocoa-auto').encoding).toBe('cocoa-ns');
    expect(decodeTime(639566047, 'cocoa-auto').encoding).toBe('cocoa-s');
    expect(iso(639566047, 'cocoa-auto')).toBe('2021-04-08T09:14:07.000Z');
  });
  it('keeps 64-bit raw values exactly', () => {
    const t = decodeTime(1700000000123456789n, 'unix-ns');
    expect(t.raw).toBe('1700000000123456789');
    expect(t.ms).toBe(1700000000123);
  });
  it('marks values outside the JavaScript date range as unconvertible, never clamps', () => {
    const t = decodeTime(9_223_372_036_854_775_807n, 'unix-ms');
    expect(t.ms).toBeNull();
    expect(t.unconvertible).toBe(true);
    expect(t.raw).toBe('9223372036854775807');
    expect(decodeTime('not a number', 'unix-s').unconvertible).toBe(true);
    expect(decodeTime(8.64e15 / 1000 + 1, 'unix-s').ms).toBeNull();
    expect(decodeTime(MAX_TIME_MS, 'unix-ms').ms).toBe(MAX_TIME_MS);
  });
  it('round-trips raw → decode → encode for every integer encoding (property)', () => {
    const encs = ['unix-ms', 'unix-us', 'unix-ns', 'webkit', 'filetime'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        fc.constantFrom(...encs),
        (ms, enc) => {
          const raw = encodeTime(ms, enc);
          const d = decodeTime(raw, enc);
          expect(d.ms).toBe(ms);
          expect(d.raw).toBe(raw.toString());
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('never throws for any 64-bit integer (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.constantFrom(
          'unix-s',
          'unix-ms',
          'cocoa-s',
          'cocoa-ns',
          'cocoa-auto',
          'webkit',
          'filetime',
        ) as fc.Arbitrary<Parameters<typeof decodeTime>[1]>,
        (v, enc) => {
          const d = decodeTime(v, enc);
          expect(d.raw).toBe(v.toString());
          if (d.ms !== null) expect(Math.abs(d.ms)).toBeLessThanOrEqual(MAX_TIME_MS);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('decodeIsoTime', () => {
  it('reads zones and marks missing zones unknown', () => {
    expect(decodeIsoTime('2021-05-21T02:38:43.000+00:00')).toMatchObject({
      ms: Date.UTC(2021, 4, 21, 2, 38, 43),
      zone: 'explicit',
    });
    expect(decodeIsoTime('2021-05-21T02:38:43Z').zone).toBe('utc');
    expect(decodeIsoTime('2021-05-21T03:38:43+01:00').ms).toBe(Date.UTC(2021, 4, 21, 2, 38, 43));
    expect(decodeIsoTime('2021-05-21T02:38:43.123').zone).toBe('unknown');
    expect(decodeIsoTime('2021-05-21T03:38:43', 60)).toMatchObject({
      ms: Date.UTC(2021, 4, 21, 2, 38, 43),
      zone: 'device',
    });
    expect(decodeIsoTime('yesterday').unconvertible).toBe(true);
  });
});
