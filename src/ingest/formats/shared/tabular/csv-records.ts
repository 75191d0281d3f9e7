// CSV records from decoded lines, with csv-parse doing the RFC 4180 work and this file doing the
// recovery csv-parse lacks: lines are grouped into records by quote parity, groups are parsed in
// batches, and a malformed record (broken quoting, a quote never closed) is reported with its line
// and skipped, then reading resumes on the next line, so one bad record never takes the rest down.
import { parse } from 'csv-parse/sync';
import type { TextLine } from '../../../../evidence/text-lines.js';

export interface CsvRecord {
  fields: string[];
  /** First and last physical line of the record. */
  line: number;
  endLine: number;
  /** Encoding flags of its lines (`invalid-utf8` …). */
  flags: string[];
  /** Base64 of lines whose bytes were invalid, by line number. */
  rawLines?: Record<string, string>;
}

export interface CsvIssue {
  line: number;
  message: string;
}

export interface CsvRecordOptions {
  delimiter: string;
  /** A quoted field may run over at most this many lines … */
  maxRecordLines?: number;
  /** … and this many characters, before it is declared never closed. */
  maxRecordChars?: number;
  onIssue(issue: CsvIssue): void;
}

const BATCH = 512;

function quoteCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
}

export async function* csvRecords(
  source: AsyncIterable<TextLine>,
  opts: CsvRecordOptions,
): AsyncGenerator<CsvRecord> {
  const maxLines = opts.maxRecordLines ?? 2000;
  const maxChars = opts.maxRecordChars ?? 4 << 20;
  const it = source[Symbol.asyncIterator]();
  const pushback: TextLine[] = [];
  let eof = false;
  const next = async (): Promise<TextLine | null> => {
    const p = pushback.pop();
    if (p) return p;
    if (eof) return null;
    const r = await it.next();
    if (r.done) {
      eof = true;
      return null;
    }
    return r.value;
  };
  const unread = (lines: TextLine[]) => {
    for (let i = lines.length - 1; i >= 0; i--) pushback.push(lines[i]!);
  };

  /** The next group of lines that forms one record by quote parity, or null at the end. */
  const nextGroup = async (): Promise<TextLine[] | null> => {
    for (;;) {
      const first = await next();
      if (!first) return null;
      if (first.text.trim() === '' && quoteCount(first.text) === 0) continue; // blank line
      const group = [first];
      let quotes = quoteCount(first.text);
      let chars = first.text.length;
      let closed = quotes % 2 === 0;
      while (!closed) {
        if (group.length >= maxLines || chars > maxChars) break;
        const l = await next();
        if (!l) break;
        group.push(l);
        quotes += quoteCount(l.text);
        chars += l.text.length + 1;
        closed = quotes % 2 === 0;
      }
      if (closed) return group;
      opts.onIssue({
        line: first.line,
        message: `quoted field opened on line ${first.line} is not closed within ${group.length} line(s); the line is skipped and reading resumes on line ${first.line + 1}`,
      });
      unread(group.slice(1));
    }
  };

  const toRecord = (group: TextLine[], fields: string[]): CsvRecord => {
    const flags = new Set<string>();
    let rawLines: Record<string, string> | undefined;
    for (const l of group) {
      for (const f of l.flags ?? []) flags.add(f);
      if (l.rawBase64) (rawLines ??= {})[String(l.line)] = l.rawBase64;
    }
    return {
      fields,
      line: group[0]!.line,
      endLine: group[group.length - 1]!.line,
      flags: [...flags],
      ...(rawLines ? { rawLines } : {}),
    };
  };

  const parseOne = (text: string): string[][] =>
    parse(text, {
      delimiter: opts.delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: false,
    }) as string[][];

  for (;;) {
    const groups: TextLine[][] = [];
    while (groups.length < BATCH) {
      const g = await nextGroup();
      if (!g) break;
      groups.push(g);
    }
    if (groups.length === 0) return;
    let parsed: string[][] | null;
    try {
      parsed = parseOne(groups.map((g) => g.map((l) => l.text).join('\n')).join('\n'));
      if (parsed.length !== groups.length) parsed = null;
    } catch {
      parsed = null;
    }
    if (parsed) {
      for (let i = 0; i < groups.length; i++) yield toRecord(groups[i]!, parsed[i]!);
      continue;
    }
    // slow path: one group at a time, resynchronising after a malformed one
    const queue = [...groups];
    while (queue.length) {
      const g = queue.shift()!;
      try {
        const rows = parseOne(g.map((l) => l.text).join('\n'));
        if (rows.length !== 1) throw new Error(`${rows.length} records where one was expected`);
        yield toRecord(g, rows[0]!);
      } catch (e) {
        const msg = (e as Error).message.replace(/\s+/g, ' ').slice(0, 300);
        opts.onIssue({ line: g[0]!.line, message: `malformed CSV record: ${msg}` });
        if (g.length > 1) {
          // re-read the lines after the first: put back everything not yet consumed, in order
          const rest = [...g.slice(1), ...queue.flat()];
          queue.length = 0;
          unread(rest);
        }
      }
    }
  }
}
