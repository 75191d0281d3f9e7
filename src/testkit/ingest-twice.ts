// End-to-end ingest of generated files into two fresh stores: the result, the stored rows and a
// proof that ids are deterministic (the same files in a second store give the same ids).
import { ingest, type IngestResult } from '../ingest/runner.js';
import { caseStats, type CaseStats } from '../store/queries/stats.js';
import { tempCase } from './temp-store.js';

export interface EndToEnd {
  result: IngestResult;
  stats: CaseStats;
  /** Ids per table, sorted, from the first store. */
  ids: Record<string, string[]>;
  /** Ids per table from a second, independent ingest of the same inputs. */
  idsAgain: Record<string, string[]>;
  /** Rows of a table from the first store, ordered by locator. */
  rows: Record<string, Array<Record<string, unknown>>>;
}

const TABLES = ['messages', 'calls', 'contacts', 'threads', 'locations', 'media'] as const;

async function once(inputs: string[], label: string) {
  const t = await tempCase({ ref: 'E2E-1' });
  try {
    const result = await ingest(t.store, {
      caseRef: 'E2E-1',
      inputs,
      deviceLabel: label,
      toolVersion: 'test',
    });
    const ids: Record<string, string[]> = {};
    const rows: Record<string, Array<Record<string, unknown>>> = {};
    for (const table of TABLES) {
      const all = (await t.store.db
        .selectFrom(table)
        .selectAll()
        .orderBy('locator')
        .execute()) as Array<Record<string, unknown>>;
      rows[table] = all;
      ids[table] = all.map((r) => String(r.id)).sort();
    }
    for (const table of ['identifier_links', 'device_identifiers'] as const) {
      rows[table] = (await t.store.db
        .selectFrom(table)
        .selectAll()
        .orderBy('locator')
        .execute()) as Array<Record<string, unknown>>;
    }
    const stats = await caseStats(t.store, t.kase.id);
    return { result, ids, rows, stats };
  } finally {
    await t.cleanup();
  }
}

/** Ingest `inputs` as one device into two fresh stores. */
export async function ingestTwice(inputs: string[], label = 'DEV-1'): Promise<EndToEnd> {
  const a = await once(inputs, label);
  const b = await once(inputs, label);
  return { result: a.result, stats: a.stats, ids: a.ids, idsAgain: b.ids, rows: a.rows };
}
