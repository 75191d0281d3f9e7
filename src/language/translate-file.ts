// Bulk translation of a CSV phone download ("translate-file"): streams the file, identifies each
// row's language in the chosen column, translates through the router (cache, glossary, fallback
// chain) and writes the same rows with language, confidence, translation and engine columns.
// Rows stream through in bounded chunks, so a file of any size uses constant memory.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { AppError, ErrorCodes } from '../model/errors.js';
import { csvCell } from '../model/csv-cell.js';
import type { LangIdPool } from './langid/langid-pool.js';
import { UNDETERMINED } from './langid/language-identifier.js';
import type { TranslationRouter } from './translation-router.js';
import { needsTranslation } from './translate-case.js';

export const ADDED_COLUMNS = [
  'language',
  'language_confidence',
  'translation',
  'translation_engine',
  'translation_model',
  'translation_error',
] as const;

export interface TranslateFileOptions {
  input: string;
  output: string;
  column: string;
  target: string;
  router: TranslationRouter;
  langid: LangIdPool;
  delimiter?: string;
  /** Rows per chunk (default 2000). */
  chunk?: number;
  onProgress?: (p: { rows: number; chars: number; translated: number; elapsedMs: number }) => void;
}

export interface TranslateFileResult {
  rows: number;
  chars: number;
  translated: number;
  sameLanguage: number;
  undetermined: number;
  errors: number;
  cacheHits: number;
  byLanguage: Record<string, number>;
  elapsedMs: number;
}

/** One CSV cell (the shared writer: every cell formula-safe, then quoted as RFC 4180 asks). */
export { csvCell };

/** Kept for callers of the old name: every cell is formula-safe now. */
export const safeCell = csvCell;

export async function translateFile(o: TranslateFileOptions): Promise<TranslateFileResult> {
  const t0 = performance.now();
  const delimiter = o.delimiter ?? ',';
  const chunkSize = o.chunk ?? 2000;
  try {
    if (!statSync(o.input).isFile()) throw new Error('not a file');
  } catch (e) {
    throw new AppError(
      ErrorCodes.SOURCE_UNREADABLE,
      `cannot read the input: ${(e as Error).message}`,
      { file: o.input },
    );
  }
  const source = createReadStream(o.input);
  const parser = source.pipe(
    parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: false }),
  );
  source.on('error', (e) => parser.destroy(e));
  const out = createWriteStream(o.output, { flags: 'w', mode: 0o600 });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const r: TranslateFileResult = {
    rows: 0,
    chars: 0,
    translated: 0,
    sameLanguage: 0,
    undetermined: 0,
    errors: 0,
    cacheHits: 0,
    byLanguage: {},
    elapsedMs: 0,
  };
  let header: string[] | null = null;
  let col = -1;
  let chunk: string[][] = [];
  let line = 1;

  const flush = async () => {
    if (!chunk.length) return;
    const texts = chunk.map((row) => row[col] ?? '');
    const guesses = await o.langid.identifyMany(texts);
    const items = chunk
      .map((_, i) => ({ i, g: guesses[i]! }))
      .filter(({ i, g }) => texts[i]!.trim() && needsTranslation(g.language, o.target))
      .map(({ i, g }) => ({
        id: String(i),
        text: texts[i]!,
        source: g.language,
        target: o.target,
      }));
    const hits = o.router.stats.cacheHits;
    const outcomes = new Map((await o.router.translate(items)).map((x) => [x.id, x]));
    r.cacheHits += o.router.stats.cacheHits - hits;
    let buf = '';
    chunk.forEach((row, i) => {
      const g = guesses[i]!;
      const text = texts[i]!;
      const res = outcomes.get(String(i));
      r.rows++;
      r.chars += text.length;
      r.byLanguage[g.language] = (r.byLanguage[g.language] ?? 0) + 1;
      if (g.language === UNDETERMINED) r.undetermined++;
      else if (!needsTranslation(g.language, o.target)) r.sameLanguage++;
      const added = [g.language, g.confidence.toFixed(3), '', '', '', ''];
      if (res?.ok) {
        added[2] = res.text;
        added[3] = res.engine;
        added[4] = res.model;
        r.translated++;
      } else if (res) {
        added[5] = `${res.code}: ${res.message}`;
        r.errors++;
      }
      buf +=
        [...row.map((v) => csvCell(v, delimiter)), ...added.map((v) => csvCell(v, delimiter))].join(
          delimiter,
        ) + '\r\n';
    });
    await write(buf);
    chunk = [];
    o.onProgress?.({
      rows: r.rows,
      chars: r.chars,
      translated: r.translated,
      elapsedMs: performance.now() - t0,
    });
  };

  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      if (!header) {
        header = record;
        col = header.findIndex((h) => h.trim() === o.column);
        if (col < 0)
          throw new AppError(
            ErrorCodes.CSV_MAPPING,
            `no column ${JSON.stringify(o.column)} in the header (columns: ${header.map((h) => JSON.stringify(h)).join(', ')})`,
            { file: o.input, record: 'line 1' },
          );
        const clash = ADDED_COLUMNS.filter((c) => header!.includes(c));
        await write(
          [
            ...header.map((v) => csvCell(v, delimiter)),
            ...ADDED_COLUMNS.map((c) => (clash.length ? `threadline_${c}` : c)),
          ].join(delimiter) + '\r\n',
        );
        continue;
      }
      chunk.push(record);
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
  } catch (e) {
    out.destroy();
    if (e instanceof AppError) throw e;
    throw new AppError(
      ErrorCodes.CSV_MALFORMED,
      `cannot read CSV: ${(e as Error).message}`,
      { file: o.input, record: `line ${line}` },
      { cause: e },
    );
  }
  out.end();
  await once(out, 'finish');
  if (!header)
    throw new AppError(ErrorCodes.CSV_MALFORMED, 'the file is empty (no header row)', {
      file: o.input,
    });
  r.elapsedMs = performance.now() - t0;
  return r;
}
