// What the CSV-based parsers share: choosing candidate profiles (the one the examiner named, or all
// of a format's), bidding on a file's first lines, and opening it with warnings routed to the source.
import type { EvidenceFile } from '../../../../evidence/evidence-file.js';
import { AppError, ErrorCodes } from '../../../../model/errors.js';
import type { ParseContext, ParserOptions, Probe } from '../../../parser.js';
import { WarnLimiter } from './cell-values.js';
import type { Profile } from './profile-schema.js';
import { allProfiles, findProfile, type StoredProfile } from './profile-store.js';
import { headLines, matchHeader, openTable, type OpenedTable } from './table-reader.js';
import { openXlsxTable } from './xlsx-table.js';
import { ZipContainer } from '../../../../evidence/zip-container.js';
import { XlsxWorkbook } from '../../../../evidence/xlsx-workbook.js';

export type ProfileFormat = Profile['format'];

const TABLE_EXTS = new Set(['csv', 'tsv', 'txt', 'tab', '']);

/** The profiles a parser may use for this ingest, or null when the named profile is another format's. */
export function candidateProfiles(
  format: ProfileFormat,
  options: ParserOptions | undefined,
): { candidates: StoredProfile[]; forced: boolean } | null {
  if (options?.csvProfile) {
    const p = findProfile(options.csvProfile, options.profileDir);
    return p.profile.format === format ? { candidates: [p], forced: true } : null;
  }
  return {
    candidates: allProfiles(options?.profileDir).filter((p) => p.profile.format === format),
    forced: false,
  };
}

/**
 * Bid for a table format: `matched` when a profile fits the header in the first 4 KiB, `named`
 * when the examiner named this format's profile (so a misfit is reported, not skipped), `fallback`
 * for a delimited .csv/.tsv nothing fits (so the examiner gets CSV_MAPPING naming the columns).
 */
export function tableBid(
  probe: Probe,
  format: ProfileFormat,
  scores: { matched: number; named: number; fallback: number },
): number {
  if (probe.isSqlite || probe.isZip || !TABLE_EXTS.has(probe.ext)) return 0;
  let c: ReturnType<typeof candidateProfiles>;
  try {
    c = candidateProfiles(format, probe.options);
  } catch {
    // a broken or unknown profile: claim CSV files so the parse reports it by name
    return probe.ext === 'csv' || probe.ext === 'tsv' ? scores.fallback : 0;
  }
  if (!c) return 0;
  const lines = headLines(probe.head);
  const m = matchHeader(lines, c.candidates);
  if (c.forced) return scores.named;
  if (m) return m.stored.origin === 'user' ? Math.min(100, scores.matched + 5) : scores.matched;
  const first = lines.find((l) => l.text.trim());
  const delimited = !!first && /[,;\t|]/.test(first.text);
  return delimited && (probe.ext === 'csv' || probe.ext === 'tsv') ? scores.fallback : 0;
}

/**
 * Bid for an XLSX workbook: `matched` when a profile of the format fits a sheet's header in its
 * first rows, `named` when the examiner named one; never throws.
 */
export async function xlsxTableBid(
  probe: Probe,
  format: ProfileFormat,
  scores: { matched: number; named: number },
): Promise<number> {
  if (!probe.isZip || probe.ext !== 'xlsx') return 0;
  let zip: ZipContainer | null = null;
  try {
    const c = candidateProfiles(format, probe.options);
    if (!c) return 0;
    if (c.forced) return scores.named;
    zip = await ZipContainer.open(probe.file);
    const wb = await XlsxWorkbook.open(probe.file, { zip });
    for (const sheet of wb.sheets) {
      const rows: Array<{ text: string; line: number; cells: string[] }> = [];
      await wb
        .readRows(
          sheet,
          (r) => {
            rows.push({ text: r.cells.join(','), line: r.r, cells: r.cells });
            if (rows.length >= 30) throw new Error('enough');
          },
          () => undefined,
        )
        .catch(() => undefined);
      if (matchHeader(rows, c.candidates)) return scores.matched;
    }
    return 0;
  } catch {
    return 0;
  } finally {
    zip?.close();
  }
}

/** Open the file with this format's profiles; warnings go to the source through a limiter. */
export async function openForParse(
  ctx: ParseContext,
  format: ProfileFormat,
): Promise<{ table: OpenedTable; warn: WarnLimiter }> {
  const c = candidateProfiles(format, ctx.options);
  if (!c)
    throw new AppError(
      ErrorCodes.CSV_MAPPING,
      `profile ${ctx.options?.csvProfile ?? ''} is not a ${format} profile`,
      { file: ctx.file.path },
    );
  const warn = new WarnLimiter(ctx);
  const head = await ctx.file.head(4);
  if (head[0] === 0x50 && head[1] === 0x4b) {
    const table = await openXlsxTable(ctx, {
      candidates: c.candidates,
      forced: c.forced,
      onIssue: (code, message, record) => warn.warn(ErrorCodes[code], message, record),
    });
    return { table, warn };
  }
  let bytes = 0;
  const table = await openTable(ctx.file as EvidenceFile, {
    candidates: c.candidates,
    forced: c.forced,
    onIssue: (code, message, line) => warn.warn(ErrorCodes[code], message, `line ${line}`),
    onBytes: (n) => ctx.progress((bytes += n)),
  });
  return { table, warn };
}
