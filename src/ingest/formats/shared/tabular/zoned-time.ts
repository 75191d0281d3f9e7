// Local wall-clock time in an IANA zone to UTC, saying when the local time was ambiguous (the hour
// repeated when clocks go back: BST to GMT in October) or did not exist (the hour skipped in spring).
import { AppError, ErrorCodes } from '../../../../model/errors.js';

export interface WallTime {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

export interface ZonedResult {
  /** UTC epoch milliseconds. */
  ms: number;
  /** Offset east of UTC in minutes that was applied. */
  offsetMin: number;
  /** `time-ambiguous-dst` (earlier instant chosen) or `time-nonexistent-dst` (pre-change offset used). */
  flag?: 'time-ambiguous-dst' | 'time-nonexistent-dst';
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** True when the zone is a known IANA zone (or UTC). */
export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new AppError(ErrorCodes.INVALID_ARGUMENT, `unknown time zone ${JSON.stringify(zone)}`);
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC (minutes east) at a UTC instant; cached per zone per quarter hour. */
export function zoneOffsetAt(zone: string, utcMs: number): number {
  const bucket = Math.floor(utcMs / 900_000);
  const key = `${zone}\u0000${bucket}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const at = bucket * 900_000;
  const parts = formatter(zone).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const off = Math.round((asUtc - at) / 60_000);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

/** Convert a wall time in `zone` to UTC. UTC and fixed zones never flag. */
export function wallToUtc(w: WallTime, zone: string): ZonedResult {
  const t0 = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms);
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT') return { ms: t0, offsetMin: 0 };
  const before = zoneOffsetAt(zone, t0 - 36 * 3_600_000);
  const after = zoneOffsetAt(zone, t0 + 36 * 3_600_000);
  const candidates = new Set([before, after]);
  const valid: number[] = [];
  for (const o of candidates) {
    const u = t0 - o * 60_000;
    if (zoneOffsetAt(zone, u) === o) valid.push(o);
  }
  if (valid.length === 0) {
    // the local time was skipped (clocks went forward): read it with the offset before the change
    return { ms: t0 - before * 60_000, offsetMin: before, flag: 'time-nonexistent-dst' };
  }
  if (valid.length === 2 && valid[0] !== valid[1]) {
    // the local time happened twice (clocks went back): take the earlier instant (larger offset)
    const o = Math.max(valid[0]!, valid[1]!);
    return { ms: t0 - o * 60_000, offsetMin: o, flag: 'time-ambiguous-dst' };
  }
  return { ms: t0 - valid[0]! * 60_000, offsetMin: valid[0]! };
}

function pad(n: number, w = 2): string {
  return String(Math.abs(n)).padStart(w, '0');
}

/** ISO-8601 text of the wall time with its offset (`2024-10-27T01:30:00.000+01:00`). */
export function isoWithOffset(w: WallTime, offsetMin: number | null): string {
  const base = `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}.${pad(w.ms, 3)}`;
  if (offsetMin === null) return base;
  if (offsetMin === 0) return `${base}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${base}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
