// Date/time formats declared in a mapping profile (`dd/MM/yyyy HH:mm:ss`, `M/d/yyyy h:mm:ss a`,
// `iso`, `unix-s` …) compiled to fast matchers, and the conversion of a cell to a raw time value with
// the zone that applies (the column's, the profile's, the device's) and flags when a zone is unknown
// or a local time was ambiguous.
import type { RawTime } from '../../../../model/entities.js';
import { isoWithOffset, wallToUtc, type WallTime } from './zoned-time.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface Compiled {
  re: RegExp;
  fields: string[];
}

const TOKENS: Array<[string, string, string]> = [
  ['yyyy', '(\\d{4})', 'y'],
  ['yy', '(\\d{2})', 'yy'],
  ['MMMM', '([A-Za-z]{3,9})', 'mon'],
  ['MMM', '([A-Za-z]{3,4})', 'mon'],
  ['MM', '(\\d{1,2})', 'mo'],
  ['M', '(\\d{1,2})', 'mo'],
  ['dd', '(\\d{1,2})', 'd'],
  ['d', '(\\d{1,2})', 'd'],
  ['HH', '(\\d{1,2})', 'h'],
  ['H', '(\\d{1,2})', 'h'],
  ['hh', '(\\d{1,2})', 'h12'],
  ['h', '(\\d{1,2})', 'h12'],
  ['mm', '(\\d{1,2})', 'mi'],
  ['m', '(\\d{1,2})', 'mi'],
  ['ss', '(\\d{1,2})', 's'],
  ['s', '(\\d{1,2})', 's'],
  ['SSS', '(\\d{1,9})', 'frac'],
  ['a', '([AaPp]\\.?[Mm]\\.?)', 'ampm'],
  ['XXX', '(Z|[+-]\\d{2}:?\\d{2})', 'off'],
];

const cache = new Map<string, Compiled>();

/** Compile a format such as `dd/MM/yyyy HH:mm[:ss]`: brackets mark an optional part. */
export function compileDateFormat(fmt: string): Compiled {
  const hit = cache.get(fmt);
  if (hit) return hit;
  const fields: string[] = [];
  let re = '';
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i]!;
    if (ch === '[') {
      re += '(?:';
      i++;
      continue;
    }
    if (ch === ']') {
      re += ')?';
      i++;
      continue;
    }
    if (ch === "'") {
      const end = fmt.indexOf("'", i + 1);
      const lit = fmt.slice(i + 1, end < 0 ? fmt.length : end);
      re += lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i = end < 0 ? fmt.length : end + 1;
      continue;
    }
    const tok = TOKENS.find(([t]) => fmt.startsWith(t, i));
    if (tok) {
      re += tok[1];
      fields.push(tok[2]);
      i += tok[0].length;
      continue;
    }
    if (/\s/.test(ch)) {
      re += '\\s+';
      while (i < fmt.length && /\s/.test(fmt[i]!)) i++;
      continue;
    }
    re += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    i++;
  }
  const c = { re: new RegExp(`^\\s*${re}\\s*$`), fields };
  cache.set(fmt, c);
  return c;
}

export interface ParsedWall {
  wall: WallTime;
  /** Offset written in the text itself (minutes east), if any. */
  offsetMin: number | null;
}

/** Match text against a compiled format; null when it does not fit or names an impossible date. */
export function matchDateFormat(text: string, fmt: string): ParsedWall | null {
  const c = compileDateFormat(fmt);
  const m = c.re.exec(text);
  if (!m) return null;
  const w: WallTime = { y: 1970, mo: 1, d: 1, h: 0, mi: 0, s: 0, ms: 0 };
  let h12: number | null = null;
  let pm: boolean | null = null;
  let off: number | null = null;
  c.fields.forEach((f, k) => {
    const v = m[k + 1];
    if (v === undefined) return;
    switch (f) {
      case 'y':
        w.y = Number(v);
        break;
      case 'yy':
        w.y = 2000 + Number(v) - (Number(v) >= 70 ? 100 : 0);
        break;
      case 'mon':
        w.mo = MONTHS.indexOf(v.slice(0, 3).toLowerCase()) + 1;
        break;
      case 'mo':
        w.mo = Number(v);
        break;
      case 'd':
        w.d = Number(v);
        break;
      case 'h':
        w.h = Number(v);
        break;
      case 'h12':
        h12 = Number(v);
        break;
      case 'mi':
        w.mi = Number(v);
        break;
      case 's':
        w.s = Number(v);
        break;
      case 'frac':
        w.ms = Math.floor(Number(`0.${v}`) * 1000);
        break;
      case 'ampm':
        pm = v[0]!.toLowerCase() === 'p';
        break;
      case 'off': {
        if (v === 'Z') off = 0;
        else {
          const digits = v.slice(1).replace(':', '');
          off =
            (v[0] === '-' ? -1 : 1) *
            (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
        }
        break;
      }
    }
  });
  if (h12 !== null) {
    if (h12 < 1 || h12 > 12) return null;
    w.h = (h12 % 12) + (pm ? 12 : 0);
  }
  if (w.mo < 1 || w.mo > 12 || w.d < 1 || w.h > 23 || w.mi > 59 || w.s > 60) return null;
  const dim = new Date(Date.UTC(w.y, w.mo, 0)).getUTCDate();
  if (w.d > dim) return null;
  return { wall: w, offsetMin: off };
}

export interface TimeReading {
  time: RawTime;
  flags: string[];
}

/**
 * Read a cell as a time with the declared formats (first that fits wins) and zone. Numeric formats
 * (`unix-s`, `unix-ms`, `excel-serial`) keep the integer; text formats become ISO-8601 with the
 * offset applied (the original cell text stays in the row's raw values). Null when nothing fits.
 */
export function readTime(
  text: string,
  formats: readonly string[],
  zone: string | null,
): TimeReading | null {
  const t = text.trim();
  if (!t) return null;
  for (const fmt of formats) {
    if (fmt === 'unix-s' || fmt === 'unix-ms') {
      // seconds up to 11 digits (to the year 5138), milliseconds 12 to 14: listing both disambiguates
      const re = fmt === 'unix-s' ? /^-?\d{1,11}$/ : /^-?\d{12,14}$/;
      if (re.test(t)) return { time: { value: t, encoding: fmt }, flags: [] };
      continue;
    }
    if (fmt === 'excel-serial') {
      if (!/^\d{1,6}(\.\d+)?$/.test(t)) continue;
      const days = Number(t);
      const ms = Math.round((days - 25569) * 86_400_000);
      const d = new Date(ms);
      const wall: WallTime = {
        y: d.getUTCFullYear(),
        mo: d.getUTCMonth() + 1,
        d: d.getUTCDate(),
        h: d.getUTCHours(),
        mi: d.getUTCMinutes(),
        s: d.getUTCSeconds(),
        ms: d.getUTCMilliseconds(),
      };
      return fromWall({ wall, offsetMin: null }, zone);
    }
    const f = fmt === 'iso' ? "yyyy-MM-dd['T'][ ]HH:mm[:ss][.SSS][XXX]" : fmt;
    const p = matchDateFormat(t, f);
    if (p) return fromWall(p, zone);
  }
  return null;
}

function fromWall(p: ParsedWall, zone: string | null): TimeReading {
  if (p.offsetMin !== null)
    return { time: { value: isoWithOffset(p.wall, p.offsetMin), encoding: 'iso' }, flags: [] };
  if (!zone)
    return {
      time: { value: isoWithOffset(p.wall, null), encoding: 'iso' },
      flags: ['time-zone-unknown'],
    };
  const z = wallToUtc(p.wall, zone);
  return {
    time: { value: isoWithOffset(p.wall, z.offsetMin), encoding: 'iso' },
    flags: z.flag ? [z.flag] : [],
  };
}

/** Seconds from `123`, `1:02`, `01:02:03`, `1h 2m 3s`, `00:01:02.5`; null when not a duration. */
export function readDuration(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t));
  let m = /^(\d+):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?$/.exec(t);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  m = /^(\d+):(\d{1,2})(?:[.,]\d+)?$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s(?:ec)?)?$/i.exec(t);
  if (m && (m[1] || m[2] || m[3]))
    return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return null;
}
