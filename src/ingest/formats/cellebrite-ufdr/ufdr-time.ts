// Cellebrite report.xml timestamps: the six text formats (docs/formats.md §1.1, after IPED's
// UfedXmlReader) plus the metadata form `14/09/2016 16:49:42(UTC-3)`, turned into ISO-8601 text
// that keeps the zone as written (a value without a zone stays zone-less: "unknown", never UTC).

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DMY_NAMED =
  /^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(?:\s*([AaPp][Mm]))?\s{1,2}(Z|[+-]\d{2}(?::?\d{2})?)$/;
const DMY_SLASH =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(?:\s*([AaPp][Mm]))?\s+(Z|[+-]\d{2}(?::?\d{2})?)$/;
const DMY_UTC =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})\s*\(UTC(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\)$/;

const p2 = (n: number | string) => String(n).padStart(2, '0');

function zone(z: string): string {
  if (z === 'Z') return 'Z';
  const sign = z[0]!;
  const digits = z.slice(1).replace(':', '');
  return `${sign}${digits.slice(0, 2)}:${(digits.slice(2, 4) || '00').padEnd(2, '0')}`;
}

function valid(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCDate() === d;
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h; // the formats' hh is read as a 24-hour value when no AM/PM marker follows
  const pm = ampm.toLowerCase() === 'pm';
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

/** Two-digit years: 00–69 → 2000s, 70–99 → 1900s (fixed pivot, so the result never depends on today). */
function year(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac: string | undefined,
  z: string | null,
): string | null {
  if (!valid(y, mo, d, h, mi, s)) return null;
  const f = frac ? `.${frac}` : '';
  return `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}${f}${z ?? ''}`;
}

/**
 * ISO-8601 text for a report.xml time value, or null when it is in none of the known formats.
 * The zone is kept exactly as written; a value without one is returned without one.
 */
export function ufdrTimeToIso(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  let m = ISO.exec(t);
  if (m) {
    const [, y, mo, d, h, mi, s, frac, z] = m;
    return build(
      Number(y),
      Number(mo),
      Number(d),
      Number(h),
      Number(mi),
      Number(s),
      frac?.slice(1),
      z ? zone(z) : null,
    );
  }
  m = DMY_NAMED.exec(t);
  if (m) {
    const [, d, mon, y, h, mi, s, frac, ampm, z] = m;
    const mo = MONTHS[mon!.toLowerCase()];
    if (!mo) return null;
    return build(
      year(y!),
      mo,
      Number(d),
      hour12(Number(h), ampm),
      Number(mi),
      Number(s),
      frac,
      zone(z!),
    );
  }
  m = DMY_SLASH.exec(t);
  if (m) {
    const [, d, mo, y, h, mi, s, frac, ampm, z] = m;
    return build(
      Number(y),
      Number(mo),
      Number(d),
      hour12(Number(h), ampm),
      Number(mi),
      Number(s),
      frac,
      zone(z!),
    );
  }
  m = DMY_UTC.exec(t);
  if (m) {
    const [, d, mo, y, h, mi, s, sign, zh, zm] = m;
    const z = sign ? `${sign}${p2(zh!)}:${p2(zm ?? '00')}` : 'Z';
    return build(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), undefined, z);
  }
  return null;
}

/** Seconds of a TimeSpan value (`HH:MM:SS[.fffffff]`, `d.HH:MM:SS`, or plain seconds), or null. */
export function timeSpanSeconds(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t));
  const m = /^(?:(\d+)[.:])?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(t);
  if (!m) return null;
  const [, days, h, mi, s] = m;
  return Number(days ?? 0) * 86400 + Number(h) * 3600 + Number(mi) * 60 + Number(s);
}
