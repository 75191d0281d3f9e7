// RFC 4180 CSV text for the synthetic writers: a cell is quoted when it holds the delimiter, a quote,
// a line break or edge spaces; quotes are doubled.
export function csvCell(v: string | number | null | undefined, delimiter = ','): string {
  const s = v === null || v === undefined ? '' : String(v);
  if (s.includes(delimiter) || /["\r\n]/.test(s) || /^\s|\s$/.test(s))
    return `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function csvLine(
  cells: ReadonlyArray<string | number | null | undefined>,
  delimiter = ',',
  eol = '\r\n',
): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter) + eol;
}

/** `dd/MM/yyyy HH:mm:ss` of a UTC instant shifted by `offsetMin` (wall time in that offset). */
export function dayFirst(ms: number, offsetMin = 0): string {
  const d = new Date(ms + offsetMin * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** `h:mm:ss` of a number of seconds. */
export function hms(s: number): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}`;
}
