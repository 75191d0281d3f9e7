// Opens a delimited text table for import: decodes it (BOM, declared encoding, strict UTF-8), finds
// the header row below any title lines, picks the mapping profile whose fields the header satisfies
// (or checks the one the examiner named), reads facts from the title lines, and streams records.
import { parse } from 'csv-parse/sync';
import type { EvidenceFile } from '../../../../evidence/evidence-file.js';
import {
  readLines,
  sniffEncoding,
  type EncodingSniff,
  type TextLine,
} from '../../../../evidence/text-lines.js';
import { AppError, ErrorCodes } from '../../../../model/errors.js';
import { csvRecords, type CsvRecord } from './csv-records.js';
import { detectDelimiter, mapColumns, normaliseHeader, type ColumnMap } from './column-map.js';
import type { Profile } from './profile-schema.js';
import type { StoredProfile } from './profile-store.js';

/** Lines searched for the header row (title rows above it are allowed). */
const HEADER_SEARCH_LINES = 30;

export interface HeaderMatch {
  stored: StoredProfile;
  map: ColumnMap;
  headers: string[];
  /** Index into the lines searched (0-based) and the physical line number. */
  index: number;
  line: number;
  delimiter: string;
}

function splitLine(text: string, delimiter: string): string[] | null {
  try {
    const rows = parse(text, { delimiter, relax_column_count: true, bom: false }) as string[][];
    return rows.length === 1 ? rows[0]! : null;
  } catch {
    return null;
  }
}

/**
 * The header row and profile for the first lines of a table: the first line that satisfies a
 * profile's required fields, the most specific profile on it (user profiles win ties).
 */
export function matchHeader(
  lines: ReadonlyArray<{ text: string; line: number; cells?: string[] }>,
  candidates: readonly StoredProfile[],
): HeaderMatch | null {
  for (let i = 0; i < lines.length && i < HEADER_SEARCH_LINES; i++) {
    const l = lines[i]!;
    if (!l.text.trim()) continue;
    let best: HeaderMatch | null = null;
    for (const stored of candidates) {
      const p = stored.profile;
      if (p.headerLine !== 'auto' && p.headerLine !== l.line) continue;
      const delimiter = p.delimiter === 'auto' ? detectDelimiter(l.text) : p.delimiter;
      const headers = l.cells ?? splitLine(l.text, delimiter);
      if (!headers || headers.length < 2) continue;
      const map = mapColumns(headers, p);
      if (map.missing.length) continue;
      if (!best || map.score > best.map.score)
        best = { stored, map, headers, index: i, line: l.line, delimiter };
    }
    if (best) return best;
  }
  return null;
}

/** Describe why no profile matched, naming the closest one (for CSV_MAPPING errors). */
export function explainNoMatch(
  lines: ReadonlyArray<{ text: string; line: number; cells?: string[] }>,
  candidates: readonly StoredProfile[],
): string {
  let closest: { name: string; missing: string[]; score: number; line: number } | null = null;
  let firstHeaders: string[] | null = null;
  for (const l of lines.slice(0, HEADER_SEARCH_LINES)) {
    if (!l.text.trim()) continue;
    for (const s of candidates) {
      const delimiter =
        s.profile.delimiter === 'auto' ? detectDelimiter(l.text) : s.profile.delimiter;
      const headers = l.cells ?? splitLine(l.text, delimiter);
      if (!headers || headers.length < 2) continue;
      firstHeaders ??= headers;
      const m = mapColumns(headers, s.profile);
      if (!closest || m.score > closest.score)
        closest = { name: s.profile.name, missing: m.missing, score: m.score, line: l.line };
    }
  }
  const seen = firstHeaders
    ? `columns seen: ${firstHeaders.map((h) => JSON.stringify(h)).join(', ')}`
    : 'no delimited header row found';
  const near =
    closest && closest.score > 0
      ? `; closest profile ${closest.name} (line ${closest.line}) lacks ${closest.missing.join(', ')}`
      : '';
  return `${seen}${near}; name a profile with --csv-profile or save one with \`threadline csv-profile save\``;
}

/** Decode the first bytes of a file leniently (for bidding only: never throws). */
export function headLines(head: Buffer): Array<{ text: string; line: number }> {
  let enc: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  let skip = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) skip = 3;
  else if (head[0] === 0xff && head[1] === 0xfe) [enc, skip] = ['utf-16le', 2];
  else if (head[0] === 0xfe && head[1] === 0xff) [enc, skip] = ['utf-16be', 2];
  const text = new TextDecoder(enc, { fatal: false, ignoreBOM: true }).decode(head.subarray(skip));
  const parts = text.split('\n');
  if (parts.length > 1) parts.pop(); // the last line may be cut by the head's end
  return parts.map((t, i) => ({ text: t.replace(/\r$/, ''), line: i + 1 }));
}

export interface OpenedTable {
  match: HeaderMatch;
  /** The sheet read, for a workbook. */
  sheet?: string;
  profile: Profile;
  encoding: EncodingSniff;
  /** Facts read from title lines above the header (`Target MSISDN` → value), by field. */
  preamble: Record<string, string>;
  /** Title lines above the header, as read. */
  titleLines: string[];
  records: AsyncGenerator<CsvRecord>;
  close(): void;
}

export interface OpenTableOptions {
  /** Profiles to choose from (in preference order), or exactly the one the examiner named. */
  candidates: readonly StoredProfile[];
  forced: boolean;
  onIssue(
    code: 'CSV_MALFORMED' | 'CSV_MAPPING' | 'ENCODING_INVALID',
    message: string,
    line: number,
  ): void;
  onBytes?(n: number): void;
}

/** Open a table file: throws ENCODING_INVALID or CSV_MAPPING (naming file and line) when it cannot be read. */
export async function openTable(file: EvidenceFile, opts: OpenTableOptions): Promise<OpenedTable> {
  const head = await file.head(65536);
  const declared = opts.forced ? opts.candidates[0]!.profile.encoding : 'auto';
  const sniff = sniffEncoding(head, declared, { file: file.path });
  const stream = await file.open();
  const lines = readLines(stream, sniff, { file: file.path, onBytes: opts.onBytes });
  const prelude: TextLine[] = [];
  // manual iteration: a `break` out of for-await would close the line generator
  while (prelude.length < HEADER_SEARCH_LINES) {
    const r = await lines.next();
    if (r.done) break;
    prelude.push(r.value);
  }
  const match = matchHeader(prelude, opts.candidates);
  if (!match) {
    stream.destroy();
    const what = opts.forced
      ? `profile ${opts.candidates[0]!.profile.name} does not fit this file: `
      : 'no mapping profile fits this file: ';
    throw new AppError(ErrorCodes.CSV_MAPPING, what + explainNoMatch(prelude, opts.candidates), {
      file: file.path,
      record: 'line 1',
    });
  }
  const profile = match.stored.profile;
  const titleLines = prelude.slice(0, match.index).map((l) => l.text);
  const preamble: Record<string, string> = {};
  const labels = new Map(Object.entries(profile.preamble).map(([k, v]) => [normaliseHeader(k), v]));
  for (const t of titleLines) {
    const m = /^\s*"?([^:,;\t"]+?)"?\s*[:,;\t]\s*"?(.*?)"?\s*[,;\t]*$/.exec(t);
    if (!m) continue;
    const field = labels.get(normaliseHeader(m[1]!));
    if (field && m[2]) preamble[field] = m[2].trim();
  }
  if (match.map.unexpected.length)
    opts.onIssue(
      'CSV_MAPPING',
      `columns not in profile ${profile.name} are kept as raw values only: ${match.map.unexpected.map((u) => JSON.stringify(u.header)).join(', ')}`,
      match.line,
    );
  const rest = prelude.slice(match.index + 1);
  async function* remaining(): AsyncGenerator<TextLine> {
    yield* rest;
    for (;;) {
      const r = await lines.next();
      if (r.done) return;
      yield r.value;
    }
  }
  async function* flagged(): AsyncGenerator<TextLine> {
    for await (const l of remaining()) {
      if (l.flags?.length)
        opts.onIssue(
          'ENCODING_INVALID',
          `bytes not valid ${sniff.encoding}: the line is kept with replacement characters, flagged, and its bytes stored`,
          l.line,
        );
      yield l;
    }
  }
  const records = csvRecords(flagged(), {
    delimiter: match.delimiter,
    onIssue: (i) => opts.onIssue('CSV_MALFORMED', i.message, i.line),
  });
  return {
    match,
    profile,
    encoding: sniff,
    preamble,
    titleLines,
    records,
    close: () => stream.destroy(),
  };
}
