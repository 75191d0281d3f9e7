// Timestamp decoders for every integer encoding phones use, keeping the raw value exactly (BigInt)
// and marking values outside the JavaScript date range as unconvertible instead of clamping.
import { AppError, ErrorCodes } from './errors.js';

/** How a raw time value is encoded. */
export type TimeEncoding =
  | 'unix-s'
  | 'unix-ms'
  | 'unix-us'
  | 'unix-ns'
  | 'cocoa-s'
  | 'cocoa-ns'
  /** Apple 2001 epoch where the unit is decided per value (> 1e15 ⇒ ns, else s), as iLEAPP does. */
  | 'cocoa-auto'
  | 'webkit'
  | 'filetime'
  /** ISO-8601 text (zone optional) */
  | 'iso';

export const TIME_ENCODINGS: readonly TimeEncoding[] = [
  'unix-s',
  'unix-ms',
  'unix-us',
  'unix-ns',
  'cocoa-s',
  'cocoa-ns',
  'cocoa-auto',
  'webkit',
  'filetime',
  'iso',
];

/** Where the zone of a decoded time came from. */
export type ZoneSource = 'utc' | 'explicit' | 'device' | 'unknown';

export interface DecodedTime {
  /** UTC epoch milliseconds, or null when the value cannot be represented. */
  ms: number | null;
  /** The raw value exactly as read, as text (integers in full precision). */
  raw: string;
  /** The encoding actually used to decode (cocoa-auto resolves to cocoa-s or cocoa-ns). */
  encoding: TimeEncoding;
  zone: ZoneSource;
  /** Set when the value is outside ±8.64e15 ms or not a number at all. */
  unconvertible?: true;
}

/** Largest magnitude of a JavaScript time value (ECMA-262 §21.4.1.1). */
export const MAX_TIME_MS = 8.64e15;
const COCOA_OFFSET_MS = 978_307_200_000n;
const FILETIME_UNIX_OFFSET_100NS = 116_444_736_000_000_000n; // 1601-01-01 to 1970-01-01
const WEBKIT_UNIX_OFFSET_US = 11_644_473_600_000_000n;

type RawTime = number | bigint | string;

function rawText(raw: RawTime): string {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw.toFixed(0) : String(raw);
  return String(raw).trim();
}

/** Division rounding toward negative infinity for bigints. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function finish(
  msBig: bigint | number,
  raw: string,
  encoding: TimeEncoding,
  zone: ZoneSource,
): DecodedTime {
  const ms = typeof msBig === 'bigint' ? msBig : msBig;
  const n = typeof ms === 'bigint' ? Number(ms) : ms;
  if (!Number.isFinite(n) || Math.abs(n) > MAX_TIME_MS) {
    return { ms: null, raw, encoding, zone, unconvertible: true };
  }
  return { ms: Math.round(n), raw, encoding, zone };
}

/** Parse raw as an exact integer when possible; returns null for non-integers. */
function asBigInt(raw: RawTime): bigint | null {
  if (typeof raw === 'bigint') return raw;
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? BigInt(raw) : null;
  const t = raw.trim();
  return /^-?\d+$/.test(t) ? BigInt(t) : null;
}

function asNumber(raw: RawTime): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'bigint') return Number(raw);
  const t = raw.trim();
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  return Number(t);
}

/**
 * Decode a raw time value. Integers are converted with BigInt arithmetic so nothing is lost;
 * fractional seconds (Core Data REAL) are converted with doubles. Never throws for numeric input:
 * values out of range come back with `ms: null, unconvertible: true`.
 */
export function decodeTime(
  raw: RawTime,
  encoding: TimeEncoding,
  zone: ZoneSource = 'utc',
): DecodedTime {
  const text = rawText(raw);
  if (encoding === 'iso') return decodeIsoTime(text);
  if (encoding === 'cocoa-auto') {
    const n = asNumber(raw);
    const enc: TimeEncoding = n !== null && Math.abs(n) > 1e15 ? 'cocoa-ns' : 'cocoa-s';
    return decodeTime(raw, enc, zone);
  }
  const big = asBigInt(raw);
  if (big !== null) {
    switch (encoding) {
      case 'unix-s':
        return finish(big * 1000n, text, encoding, zone);
      case 'unix-ms':
        return finish(big, text, encoding, zone);
      case 'unix-us':
        return finish(floorDiv(big, 1000n), text, encoding, zone);
      case 'unix-ns':
        return finish(floorDiv(big, 1_000_000n), text, encoding, zone);
      case 'cocoa-s':
        return finish(big * 1000n + COCOA_OFFSET_MS, text, encoding, zone);
      case 'cocoa-ns':
        return finish(floorDiv(big, 1_000_000n) + COCOA_OFFSET_MS, text, encoding, zone);
      case 'webkit':
        return finish(floorDiv(big - WEBKIT_UNIX_OFFSET_US, 1000n), text, encoding, zone);
      case 'filetime':
        return finish(floorDiv(big - FILETIME_UNIX_OFFSET_100NS, 10_000n), text, encoding, zone);
    }
  }
  const n = asNumber(raw);
  if (n === null) return { ms: null, raw: text, encoding, zone, unconvertible: true };
  const factor: Record<Exclude<TimeEncoding, 'iso' | 'cocoa-auto'>, [number, number]> = {
    'unix-s': [1000, 0],
    'unix-ms': [1, 0],
    'unix-us': [1e-3, 0],
    'unix-ns': [1e-6, 0],
    'cocoa-s': [1000, 978_307_200_000],
    'cocoa-ns': [1e-6, 978_307_200_000],
    webkit: [1e-3, -11_644_473_600_000],
    filetime: [1e-4, -11_644_473_600_000],
  };
  const [mul, add] = factor[encoding];
  return finish(n * mul + add, text, encoding, zone);
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Decode ISO-8601 text. A value without a zone is read as UTC wall time and marked `zone: 'unknown'`
 * unless a device offset (minutes east of UTC) is given.
 */
export function decodeIsoTime(text: string, deviceOffsetMinutes?: number): DecodedTime {
  const t = text.trim();
  const m = ISO_RE.exec(t);
  if (!m) return { ms: null, raw: t, encoding: 'iso', zone: 'unknown', unconvertible: true };
  const [, y, mo, d, h, mi, s, frac, z] = m;
  const base = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
  );
  const fracMs = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let ms = base + fracMs;
  let zone: ZoneSource = 'unknown';
  if (z === 'Z') zone = 'utc';
  else if (z) {
    const sign = z.startsWith('-') ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    const off = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    ms -= sign * off * 60_000;
    zone = 'explicit';
  } else if (deviceOffsetMinutes !== undefined) {
    ms -= deviceOffsetMinutes * 60_000;
    zone = 'device';
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS)
    return { ms: null, raw: t, encoding: 'iso', zone, unconvertible: true };
  return { ms, raw: t, encoding: 'iso', zone };
}

/** Encode epoch ms back into the raw integer of an encoding (used by the generator and round-trip tests). */
export function encodeTime(
  ms: number,
  encoding: Exclude<TimeEncoding, 'iso' | 'cocoa-auto'>,
): bigint {
  const b = BigInt(Math.round(ms));
  switch (encoding) {
    case 'unix-s':
      return floorDiv(b, 1000n);
    case 'unix-ms':
      return b;
    case 'unix-us':
      return b * 1000n;
    case 'unix-ns':
      return b * 1_000_000n;
    case 'cocoa-s':
      return floorDiv(b - COCOA_OFFSET_MS, 1000n);
    case 'cocoa-ns':
      return (b - COCOA_OFFSET_MS) * 1_000_000n;
    case 'webkit':
      return b * 1000n + WEBKIT_UNIX_OFFSET_US;
    case 'filetime':
      return b * 10_000n + FILETIME_UNIX_OFFSET_100NS;
  }
}

/** ISO-8601 UTC text for epoch ms, or null. */
export function isoUtc(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS)
    return null;
  return new Date(ms).toISOString();
}

/** Throwing variant for callers that require a convertible time. */
export function requireTime(
  t: DecodedTime,
  details: { file?: string; record?: string } = {},
): number {
  if (t.ms === null) {
    throw new AppError(
      ErrorCodes.TIMESTAMP_OUT_OF_RANGE,
      `time value ${t.raw} (${t.encoding}) is outside the representable range`,
      details,
    );
  }
  return t.ms;
}
