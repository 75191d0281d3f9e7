// Ingests paths into a fresh temporary case with the real runner and SQLite store, and returns the
// ingest result with `threadline stats` figures, for end-to-end format tests.
import { ingest, type IngestOptions, type IngestResult } from '../ingest/runner.js';
import { caseStats, type CaseStats } from '../store/queries/stats.js';
import { tempCase } from './temp-store.js';

export async function ingestAndStats(
  inputs: string[],
  opts: Partial<IngestOptions> = {},
): Promise<{ result: IngestResult; stats: CaseStats }> {
  const t = await tempCase();
  try {
    const result = await ingest(t.store, {
      caseRef: 'TEST-1',
      inputs,
      toolVersion: 'test',
      deviceLabel: 'D1',
      ...opts,
    });
    const stats = await caseStats(t.store, t.kase.id);
    return { result, stats };
  } finally {
    await t.cleanup();
  }
}
