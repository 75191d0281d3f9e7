// `threadline verify`: evidence integrity of a case. Every source is re-hashed where it was read and
// every item's provenance is checked; the verdict fails on any changed or missing source or any
// broken provenance row, each reported with a stable error code.
import { ErrorCodes, type ErrorCode } from '../model/errors.js';
import type { Store } from '../store/store.js';
import { checkProvenance, type ProvenanceReport } from '../store/queries/provenance-check.js';
import { verifySources, type SourceCheck, type VerifySourcesOptions } from './verify-sources.js';

export interface VerifyReport {
  caseId: string;
  ok: boolean;
  sources: SourceCheck[];
  /** Sources per status. */
  summary: Record<string, number>;
  provenance: ProvenanceReport;
  /** Every failure as a stable code and a count (empty when the case verifies). */
  failures: Array<{ code: ErrorCode; count: number; what: string }>;
}

export async function verifyCase(
  store: Store,
  caseId: string,
  opts: VerifySourcesOptions & { maxIssues?: number } = {},
): Promise<VerifyReport> {
  const sources = await verifySources(store, caseId, opts);
  const provenance = await checkProvenance(store, caseId, { maxIssues: opts.maxIssues });
  const summary: Record<string, number> = {};
  for (const s of sources) summary[s.status] = (summary[s.status] ?? 0) + 1;
  const failures: VerifyReport['failures'] = [];
  const push = (code: ErrorCode, count: number, what: string) => {
    if (count > 0) failures.push({ code, count, what });
  };
  push(ErrorCodes.SOURCE_CHANGED, summary.CHANGED ?? 0, 'sources whose bytes changed');
  push(ErrorCodes.SOURCE_MISSING, summary.MISSING ?? 0, 'sources not found');
  push(ErrorCodes.SOURCE_UNREADABLE, summary.UNREADABLE ?? 0, 'sources that cannot be read');
  push(
    ErrorCodes.PROVENANCE_BROKEN,
    Object.values(provenance.counts).reduce((a, b) => a + b, 0),
    'items with broken provenance',
  );
  return { caseId, ok: failures.length === 0, sources, summary, provenance, failures };
}
