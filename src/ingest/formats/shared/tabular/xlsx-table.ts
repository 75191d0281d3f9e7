// The same mapped-table view as a CSV, over the first matching sheet of an XLSX workbook (operators
// disclose call data records as Excel as often as CSV): header found below title rows, profile
// matched or named, rows streamed from the budgeted XLSX reader with `Sheet!row N` locations.
import type { ParseContext } from '../../../parser.js';
import { XlsxWorkbook } from '../../../../evidence/xlsx-workbook.js';
import { AppError, ErrorCodes } from '../../../../model/errors.js';
import type { CsvRecord } from './csv-records.js';
import type { StoredProfile } from './profile-store.js';
import { explainNoMatch, matchHeader, type OpenedTable } from './table-reader.js';

const SEARCH_ROWS = 30;

interface Row {
  text: string;
  line: number;
  cells: string[];
}

/** Stop marker thrown out of the row callback once the header search has seen enough rows. */
class Enough extends Error {}

async function firstRows(wb: XlsxWorkbook, sheet: XlsxWorkbook['sheets'][number]): Promise<Row[]> {
  const rows: Row[] = [];
  await wb
    .readRows(
      sheet,
      (r) => {
        rows.push({ text: r.cells.join(','), line: r.r, cells: r.cells });
        if (rows.length >= SEARCH_ROWS) throw new Enough();
      },
      () => undefined,
    )
    .catch((e: unknown) => {
      if (!(e instanceof Enough)) throw e;
    });
  return rows;
}

export async function openXlsxTable(
  ctx: ParseContext,
  opts: {
    candidates: readonly StoredProfile[];
    forced: boolean;
    onIssue(
      code: 'CSV_MALFORMED' | 'CSV_MAPPING' | 'ENCODING_INVALID' | 'PARSE_ERROR',
      message: string,
      record: string,
    ): void;
  },
): Promise<OpenedTable> {
  const wb = await XlsxWorkbook.open(ctx.file, { zip: await ctx.openZip() });
  const seen: Row[] = [];
  for (const sheet of wb.sheets) {
    const rows = await firstRows(wb, sheet);
    seen.push(...rows);
    const match = matchHeader(rows, opts.candidates);
    if (!match) continue;
    const profile = match.stored.profile;
    if (match.map.unexpected.length)
      opts.onIssue(
        'CSV_MAPPING',
        `columns not in profile ${profile.name} are kept as raw values only: ${match.map.unexpected.map((u) => JSON.stringify(u.header)).join(', ')}`,
        `${sheet.name}!row ${match.line}`,
      );
    const titleLines = rows.slice(0, match.index).map((r) => r.cells.filter(Boolean).join(' '));
    const preamble: Record<string, string> = {};
    for (const t of titleLines) {
      const m = /^\s*([^:]+?)\s*:\s*(.+?)\s*$/.exec(t);
      const field =
        m &&
        Object.entries(profile.preamble).find(
          ([k]) => k.toLowerCase() === m[1]!.toLowerCase(),
        )?.[1];
      if (field) preamble[field] = m[2]!;
    }
    // rows after the header, delivered through a one-row hand-off (the reader waits for the parser)
    let give: ((r: IteratorResult<CsvRecord>) => void) | null = null;
    let take: (() => void) | null = null;
    let failure: unknown = null;
    let closed = false;
    const width = match.headers.length;
    const next = () => new Promise<IteratorResult<CsvRecord>>((res) => (give = res));
    let pending = next();
    const done = wb
      .readRows(
        sheet,
        async (r) => {
          if (r.r <= match.line) return;
          // a sheet row omits trailing empty cells: pad it to the header's width
          const fields =
            r.cells.length < width
              ? [...r.cells, ...Array<string>(width - r.cells.length).fill('')]
              : r.cells;
          give!({ value: { fields, line: r.r, endLine: r.r, flags: [] }, done: false });
          await new Promise<void>((res) => (take = res));
          if (closed) throw new Enough();
        },
        (message, record) => opts.onIssue('PARSE_ERROR', message, record),
        ctx.signal,
      )
      .catch((e: unknown) => {
        if (!(e instanceof Enough)) failure = e;
      })
      .finally(() => give?.({ value: undefined, done: true }));
    async function* records(): AsyncGenerator<CsvRecord> {
      for (;;) {
        const r = await pending;
        if (r.done) break;
        pending = next();
        yield r.value;
        take?.();
      }
      await done;
      if (failure) throw failure;
    }
    return {
      match: { ...match, delimiter: ',' },
      sheet: sheet.name,
      profile,
      encoding: { encoding: 'utf-8', bomBytes: 0, source: 'default' },
      preamble,
      titleLines,
      records: records(),
      close: () => {
        closed = true;
        take?.();
      },
    };
  }
  const what = opts.forced
    ? `profile ${opts.candidates[0]!.profile.name} does not fit any sheet: `
    : 'no mapping profile fits any sheet of this workbook: ';
  throw new AppError(ErrorCodes.CSV_MAPPING, what + explainNoMatch(seen, opts.candidates), {
    file: ctx.file.path,
    record: wb.sheets[0]?.name ?? 'workbook',
  });
}
