// Provenance of every item of a case: each row read from evidence names a recorded source of the same
// case, a locator and a parser; derived rows (translations, language detections, media, messages in
// threads) name an existing parent, and a translation's source-text hash matches its message's text.
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import type { Store } from '../store.js';

export type ProvenanceProblem =
  | 'source-missing'
  | 'locator-missing'
  | 'parser-missing'
  | 'parent-missing'
  | 'source-text-changed';

export interface ProvenanceIssue {
  table: string;
  /** The row's id (or its key columns joined with `|` for tables without one). */
  row: string;
  problem: ProvenanceProblem;
  detail: string;
}

export interface ProvenanceReport {
  /** Rows checked per table. */
  checked: Record<string, number>;
  /** Broken rows per table and problem (complete counts). */
  counts: Record<string, number>;
  /** The first `maxIssues` broken rows, in table and id order. */
  issues: ProvenanceIssue[];
  truncated: boolean;
}

interface ItemTable {
  table: string;
  /** SQL expression identifying a row. */
  rowKey: string;
  parser: boolean;
}

/** Tables of items read from a source, with their provenance columns. */
export const PROVENANCE_TABLES: readonly ItemTable[] = [
  { table: 'messages', rowKey: 't.id', parser: true },
  { table: 'calls', rowKey: 't.id', parser: true },
  { table: 'contacts', rowKey: 't.id', parser: true },
  { table: 'threads', rowKey: 't.id', parser: true },
  { table: 'locations', rowKey: 't.id', parser: true },
  { table: 'media', rowKey: 't.id', parser: true },
  { table: 'identifier_links', rowKey: 't.id', parser: true },
  {
    table: 'identifier_names',
    rowKey: "t.key || '|' || t.device_id || '|' || t.locator",
    parser: false,
  },
  {
    table: 'device_identifiers',
    rowKey: "t.device_id || '|' || t.key || '|' || t.role",
    parser: false,
  },
];

const PAGE = 5000;

interface TranslationRow {
  id: string;
  message_id: string;
  source_sha256: string;
  body: string | null;
  found: string | null;
}

interface BadRow {
  row: string;
  source_ok: number | string | null;
  locator: string | null;
  parser?: string | null;
}

export async function checkProvenance(
  store: Store,
  caseId: string,
  opts: { maxIssues?: number; onTable?: (table: string) => void } = {},
): Promise<ProvenanceReport> {
  const max = opts.maxIssues ?? 200;
  const report: ProvenanceReport = { checked: {}, counts: {}, issues: [], truncated: false };
  const add = (table: string, row: string, problem: ProvenanceProblem, detail: string) => {
    const k = `${table}:${problem}`;
    report.counts[k] = (report.counts[k] ?? 0) + 1;
    if (report.issues.length < max) report.issues.push({ table, row, problem, detail });
    else report.truncated = true;
  };
  const count = async (table: string) => {
    const r = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}
      WHERE case_id = ${caseId}`.execute(store.db);
    report.checked[table] = Number(r.rows[0]?.n ?? 0);
  };

  for (const t of PROVENANCE_TABLES) {
    opts.onTable?.(t.table);
    await count(t.table);
    const parserCol = t.parser ? sql`, t.parser AS parser` : sql``;
    const parserBad = t.parser ? sql` OR t.parser IS NULL OR t.parser = ''` : sql``;
    const bad = await sql<BadRow>`SELECT ${sql.raw(t.rowKey)} AS row, s.id AS source_ok,
        t.locator AS locator ${parserCol}
      FROM ${sql.table(t.table)} t
      LEFT JOIN sources s ON s.id = t.source_id AND s.case_id = t.case_id
      WHERE t.case_id = ${caseId}
        AND (s.id IS NULL OR t.locator IS NULL OR t.locator = ''${parserBad})
      ORDER BY 1`.execute(store.db);
    for (const r of bad.rows) {
      if (r.source_ok === null)
        add(t.table, r.row, 'source-missing', 'names no recorded source of this case');
      if (!r.locator) add(t.table, r.row, 'locator-missing', 'has no locator');
      if (t.parser && !r.parser) add(t.table, r.row, 'parser-missing', 'names no parser');
    }
  }

  // derived rows: their parent must exist in the same case
  const parents: Array<{ table: string; rowKey: string; column: string; parent: string }> = [
    { table: 'media', rowKey: 't.id', column: 'message_id', parent: 'messages' },
    { table: 'messages', rowKey: 't.id', column: 'thread_id', parent: 'threads' },
    {
      table: 'language_detections',
      rowKey: 't.message_id',
      column: 'message_id',
      parent: 'messages',
    },
  ];
  for (const p of parents) {
    opts.onTable?.(p.table);
    if (report.checked[p.table] === undefined) await count(p.table);
    const bad = await sql<{ row: string; ref: string }>`SELECT ${sql.raw(p.rowKey)} AS row,
        t.${sql.raw(p.column)} AS ref
      FROM ${sql.table(p.table)} t
      LEFT JOIN ${sql.table(p.parent)} p ON p.id = t.${sql.raw(p.column)} AND p.case_id = t.case_id
      WHERE t.case_id = ${caseId} AND t.${sql.raw(p.column)} IS NOT NULL AND p.id IS NULL
      ORDER BY 1`.execute(store.db);
    for (const r of bad.rows)
      add(p.table, r.row, 'parent-missing', `${p.column} ${r.ref} is not in ${p.parent}`);
  }

  // translations: the message exists and its text is the text that was translated
  opts.onTable?.('translations');
  await count('translations');
  let after = '';
  for (;;) {
    const page = await sql<TranslationRow>`
      SELECT t.id AS id, t.message_id AS message_id, t.source_sha256 AS source_sha256,
        m.body AS body, m.id AS found
      FROM translations t
      LEFT JOIN messages m ON m.id = t.message_id AND m.case_id = t.case_id
      WHERE t.case_id = ${caseId} AND t.id > ${after}
      ORDER BY t.id
      LIMIT ${PAGE}`.execute(store.db);
    for (const r of page.rows) {
      if (r.found === null) {
        add('translations', r.id, 'parent-missing', `message ${r.message_id} is not in messages`);
        continue;
      }
      const h = createHash('sha256')
        .update(r.body ?? '', 'utf8')
        .digest('hex');
      if (h !== r.source_sha256)
        add(
          'translations',
          r.id,
          'source-text-changed',
          `translated text had SHA-256 ${r.source_sha256}; message ${r.message_id} text now has ${h}`,
        );
    }
    if (page.rows.length < PAGE) break;
    after = page.rows[page.rows.length - 1]!.id;
  }
  return report;
}
