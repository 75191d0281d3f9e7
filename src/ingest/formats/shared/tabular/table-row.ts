// One record of an imported table as the parsers use it: its width checked against the header,
// its cells kept as raw values by header name, and its time read with the zone that applies.
import type { RawTime } from '../../../../model/entities.js';
import { ErrorCodes } from '../../../../model/errors.js';
import type { CsvRecord } from './csv-records.js';
import { Cells, type WarnLimiter } from './cell-values.js';
import { readTime } from './date-format.js';
import type { OpenedTable } from './table-reader.js';

export interface TableRow {
  cells: Cells;
  locator: string;
  raw: Record<string, unknown>;
  flags: string[];
}

/**
 * The record as a row, or null (with a CSV_MALFORMED warning naming the line) when its width does
 * not match the header: a short row may be truncated and a long one may have shifted columns, so
 * neither is trusted. Trailing empty cells beyond the header are tolerated.
 */
export function tableRow(t: OpenedTable, rec: CsvRecord, warn: WarnLimiter): TableRow | null {
  const headers = t.match.headers;
  let fields = rec.fields;
  if (fields.length > headers.length && fields.slice(headers.length).every((f) => f.trim() === ''))
    fields = fields.slice(0, headers.length);
  if (fields.length !== headers.length) {
    warn.warn(
      ErrorCodes.CSV_MALFORMED,
      `row has ${fields.length} field(s) where the header (line ${t.match.line}) has ${headers.length}; the row is skipped`,
      `line ${rec.line}`,
    );
    return null;
  }
  const raw: Record<string, unknown> = {};
  headers.forEach((h, i) => {
    const v = fields[i]!;
    if (v === '') return;
    let key = h.trim() || `column ${i + 1}`;
    if (key in raw) key = `${key} (column ${i + 1})`;
    raw[key] = v;
  });
  if (rec.rawLines) raw['invalid bytes (base64, by line)'] = rec.rawLines;
  return {
    cells: new Cells(t.match.map, fields),
    locator: rec.endLine > rec.line ? `line:${rec.line}-${rec.endLine}` : `line:${rec.line}`,
    raw,
    flags: [...rec.flags],
  };
}

/**
 * The row's time from `timestamp`, or `date` + `time`, in the first declared format that fits and
 * the zone of the column, else the profile's, else the device's. A cell that fits no format is
 * warned about (CSV_MAPPING) and flagged `time-unparsed`; its text stays in the raw values.
 */
export function rowTime(
  row: TableRow,
  t: OpenedTable,
  deviceZone: string | null,
  warn: WarnLimiter,
  fields: { timestamp: string; date?: string; time?: string } = {
    timestamp: 'timestamp',
    date: 'date',
    time: 'time',
  },
): RawTime | null {
  const c = row.cells;
  let text = c.get(fields.timestamp);
  let col = c.column(fields.timestamp);
  if (!text && fields.date) {
    const d = c.get(fields.date);
    const tm = fields.time ? c.get(fields.time) : null;
    if (d) text = tm ? `${d} ${tm}` : d;
    col = c.column(fields.date);
  }
  if (!text) return null;
  const zone = col?.timezone ?? t.profile.dates.timezone ?? deviceZone ?? null;
  const r = readTime(text, t.profile.dates.formats, zone);
  if (!r) {
    row.flags.push('time-unparsed');
    warn.warn(
      ErrorCodes.CSV_MAPPING,
      `time ${JSON.stringify(text.slice(0, 60))} fits none of the formats ${t.profile.dates.formats.join(' | ')} of profile ${t.profile.name}`,
      row.locator.replace(':', ' '),
    );
    return null;
  }
  row.flags.push(...r.flags);
  return r.time;
}
