// The `finding` objects of the canonical export: each finding (an indicator for review, never a
// conclusion) with its rule and version, subjects, the indicators its score adds up from, the
// evidence with highlight spans and which text was used, benign explanations, missing data, and
// every review decision (who, when, accept or reject, why, on which rule version and evidence).
// Ordered by id; analysis run times are left out, so the export stays byte-identical.
import type { ExportSection } from '../report/export-sections.js';
import { isoUtc } from '../model/timestamps.js';
import { FINDING_NOTICE, getFinding } from './findings-store.js';

export const findingSection: ExportSection = {
  kind: 'finding',
  async *rows({ store, caseId }) {
    const ids = await store.db
      .selectFrom('findings')
      .select('id')
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute();
    for (const { id } of ids) {
      const f = await getFinding(store, caseId, id);
      yield {
        id: f.id,
        rule: f.ruleId,
        ruleVersion: f.ruleVersion,
        crimeType: f.crimeType,
        title: f.title,
        severity: f.severity,
        score: f.score,
        status: f.status,
        active: f.active,
        subjects: f.subject,
        indicators: f.indicators,
        evidence: f.evidence.map((e) => ({
          kind: e.kind,
          id: e.id,
          textUsed: e.textUsed ?? null,
          spans: e.spans ?? [],
          note: e.note ?? null,
        })),
        evidenceHash: f.evidenceHash,
        benign: f.benign,
        missing: f.missing,
        reviews: f.reviews.map((r) => ({
          seq: r.seq,
          decision: r.decision,
          reason: r.reason,
          by: r.actorId,
          byName: r.actorName,
          at: isoUtc(r.createdAt),
          ruleVersion: r.ruleVersion,
          evidenceHash: r.evidenceHash,
        })),
        notice: FINDING_NOTICE,
      };
    }
  },
};
