// Magnet AXIOM date columns carry their zone and date order in the column name:
// `Call Date/Time - UTC+01:00 (M/d/yyyy)`; the cells hold `3/1/2024 9:30:15 AM`. Both are read
// here into ISO-8601 text with the column's offset (docs/formats.md §1.5).

export interface AxiomDateColumn {
  /** The column name without the zone and format suffix (`Call Date/Time`). */
  prefix: string;
  /** `+01:00`, or null when the column names no zone. */
  offset: string | null;
  /** Date order: day first or month first (year-first dates are recognised from the value). */
  dayFirst: boolean;
}

/** Read a date column name, or null when the name is not a date column. */
export function axiomDateColumn(name: string): AxiomDateColumn | null {
  const n = name.trim();
  const zone = /\s-\s*UTC\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?/i.exec(n);
  if (!zone && !/date\/time|timestamp/i.test(n)) return null;
  const fmt = /\(([^)]*)\)\s*$/.exec(n);
  const prefix = (zone ? n.slice(0, zone.index) : n.replace(/\([^)]*\)\s*$/, '')).trim();
  const [, sign, hh, mm] = zone ?? [];
  const offset = zone
    ? sign
      ? `${sign}${hh!.padStart(2, '0')}:${(mm ?? '00').padStart(2, '0')}`
      : '+00:00'
    : null;
  return { prefix, offset, dayFirst: /^\s*d/i.test(fmt?.[1] ?? '') };
}

const VALUE =
  /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*([AaPp][Mm])?$/;

const p2 = (n: number) => String(n).padStart(2, '0');

/** ISO-8601 text for a date cell in the given column, or null when it cannot be read. */
export function axiomTimeToIso(value: string, col: AxiomDateColumn | null): string | null {
  const v = value.trim();
  if (!v) return null;
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return v; // already ISO
  const m = VALUE.exec(v);
  if (!m) return null;
  const [, a, b, c, hh, mi, ss, frac, ampm] = m;
  let y: number;
  let mo: number;
  let d: number;
  if (a!.length === 4) {
    y = Number(a);
    mo = Number(b);
    d = Number(c);
  } else if (col?.dayFirst) {
    d = Number(a);
    mo = Number(b);
    y = Number(c);
  } else {
    mo = Number(a);
    d = Number(b);
    y = Number(c);
  }
  if (String(y).length < 4) return null;
  let h = Number(hh);
  if (ampm) {
    const pm = ampm.toLowerCase() === 'pm';
    if (h < 1 || h > 12) return null;
    h = h === 12 ? (pm ? 12 : 0) : pm ? h + 12 : h;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || Number(mi) > 59 || Number(ss ?? 0) > 60)
    return null;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCDate() !== d) return null;
  const f = frac ? `.${frac}` : '';
  return `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${mi}:${ss ?? '00'}${f}${col?.offset ?? ''}`;
}

/** Seconds of a duration cell (`00:02:05`, `125`, `2:05`), or null. */
export function axiomDurationSeconds(value: string | null | undefined): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v));
  const parts = v.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.reduce((acc, p) => acc * 60 + Number(p), 0);
}
