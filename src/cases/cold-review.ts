// Cold-case re-review: re-run today's cross-case matching and detection over a case and report
// what the re-run added compared with what the case held before (new crossovers, new findings),
// kept per review, with a prioritised queue across closed cases.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { requireCase, toCaseRecord, type CaseRecord } from '../store/queries/cases.js';
import { rebuildCrossmatchIndex } from '../store/queries/crossmatch-index.js';
import { runDetection } from '../detect/runner.js';
import { caseContact, type CrossmatchAccess } from './crossmatch.js';
import { displayIdentifier } from '../model/identifiers.js';
import { isoUtc } from '../model/timestamps.js';
import { AppError, ErrorCodes } from '../model/errors.js';

interface Snapshot {
  /** Identifier key → other case ids holding it. */
  crossovers: Record<string, string[]>;
  findings: string[];
}

export interface NewCrossover {
  key: string;
  display: string;
  /** The other case, as the reviewer may see it. */
  caseRef: string | null;
  status: string | null;
  access: 'open' | 'restricted';
  contact: string;
}

export interface ColdReviewReport {
  caseRef: string;
  reviewedAt: string;
  /** When the case was last reviewed (null: first review, compared with what it held before). */
  previousReview: string | null;
  newCrossovers: NewCrossover[];
  newFindings: Array<{ id: string; rule: string; title: string; score: number }>;
  /** Higher first in the queue: crossovers with live cases weigh most. */
  priority: number;
  /** What this re-run did not redo (translation and link analysis are not re-run yet). */
  notRerun: string[];
}

async function snapshot(store: Store, caseId: string): Promise<Snapshot> {
  const mine = store.db
    .selectFrom('crossmatch_index')
    .select('match_key')
    .where('case_id', '=', caseId);
  const rows = await store.db
    .selectFrom('crossmatch_index')
    .select(['match_key', 'case_id'])
    .distinct()
    .where('match_key', 'in', mine)
    .where('case_id', '<>', caseId)
    .orderBy('match_key')
    .orderBy('case_id')
    .execute();
  const crossovers: Record<string, string[]> = {};
  for (const r of rows) (crossovers[r.match_key] ??= []).push(r.case_id);
  const findings = (
    await store.db
      .selectFrom('findings')
      .select('id')
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  return { crossovers, findings };
}

/** Re-run cross-case matching and detection over `caseRef` and report what is new. */
export async function reviewCold(
  store: Store,
  caseRef: string,
  access: CrossmatchAccess,
  opts: { detect?: boolean; now?: number } = {},
): Promise<ColdReviewReport> {
  const kase = await requireCase(store, caseRef);
  const d = await access.policy.decide(access.actor, kase.id, 'analysis.run');
  if (!d.allowed) throw new AppError(ErrorCodes.FORBIDDEN, 'you do not have access to this case');
  const now = opts.now ?? Date.now();
  const prev = await store.db
    .selectFrom('cold_reviews')
    .selectAll()
    .where('case_id', '=', kase.id)
    .orderBy('reviewed_at', 'desc')
    .executeTakeFirst();
  const before: Snapshot = prev
    ? (JSON.parse(prev.snapshot) as Snapshot)
    : await snapshot(store, kase.id);

  await rebuildCrossmatchIndex(store, kase.id);
  if (opts.detect !== false) await runDetection(store, kase.id, { now });
  const after = await snapshot(store, kase.id);

  const added: Array<{ key: string; caseId: string }> = [];
  for (const [key, ids] of Object.entries(after.crossovers)) {
    const had = new Set(before.crossovers[key] ?? []);
    for (const id of ids) if (!had.has(id)) added.push({ key, caseId: id });
  }
  const otherIds = [...new Set(added.map((a) => a.caseId))];
  const others = new Map<string, CaseRecord>();
  if (otherIds.length)
    for (const r of await store.db
      .selectFrom('cases')
      .selectAll()
      .where('id', 'in', otherIds)
      .execute())
      others.set(r.id, toCaseRecord(r));
  const visible = new Set(await access.policy.visibleCases(access.actor, otherIds));
  const newCrossovers: NewCrossover[] = [];
  for (const a of added) {
    const c = others.get(a.caseId)!;
    const open = (await access.policy.decide(access.actor, c.id, 'identifier.view')).allowed;
    newCrossovers.push({
      key: a.key,
      display: displayIdentifier(a.key),
      caseRef: open || visible.has(c.id) ? c.ref : null,
      status: open ? c.status : null,
      access: open ? 'open' : 'restricted',
      contact: caseContact(c),
    });
  }
  const hadFindings = new Set(before.findings);
  const newIds = after.findings.filter((id) => !hadFindings.has(id));
  const newFindings = newIds.length
    ? (
        await store.db
          .selectFrom('findings')
          .select(['id', 'rule_id', 'title', 'score'])
          .where('id', 'in', newIds)
          .orderBy('id')
          .execute()
      ).map((f) => ({ id: f.id, rule: f.rule_id, title: f.title, score: Number(f.score) }))
    : [];
  const live = added.filter((a) => others.get(a.caseId)?.status === 'live').length;
  const priority = 10 * live + 3 * (added.length - live) + newFindings.length;
  const report: ColdReviewReport = {
    caseRef: kase.ref,
    reviewedAt: isoUtc(now) ?? '',
    previousReview: prev ? isoUtc(Number(prev.reviewed_at)) : null,
    newCrossovers,
    newFindings,
    priority,
    notRerun: ['translation', 'link analysis'],
  };
  await store.db
    .insertInto('cold_reviews')
    .values({
      id: `crev_${randomUUID()}`,
      case_id: kase.id,
      reviewed_at: now,
      reviewed_by: access.actor.id,
      snapshot: JSON.stringify(after),
      report: JSON.stringify(report),
      priority,
    })
    .execute();
  return report;
}

/** The report as Markdown. */
export function coldReviewMarkdown(r: ColdReviewReport): string {
  const lines = [
    `# Cold-case re-review: ${r.caseRef}`,
    '',
    `Reviewed ${r.reviewedAt}; compared with ${r.previousReview ? `the review of ${r.previousReview}` : 'what the case held before'}. Priority ${r.priority}.`,
    '',
    `## New crossovers (${r.newCrossovers.length})`,
    '',
    ...r.newCrossovers.map((c) =>
      c.access === 'open'
        ? `- ${c.display} now also in ${c.caseRef} (${c.status})`
        : `- ${c.display}: a match exists in ${c.caseRef ?? 'a case you cannot open'}; contact ${c.contact}`,
    ),
    '',
    `## New findings (${r.newFindings.length})`,
    '',
    ...r.newFindings.map((f) => `- ${f.title} (${f.rule}, score ${f.score.toFixed(2)}): ${f.id}`),
    '',
    `Not re-run yet: ${r.notRerun.join(', ')}.`,
    '',
  ];
  return lines.join('\n');
}

/** Closed cases by the priority of their latest review (highest first). */
export async function coldReviewQueue(
  store: Store,
): Promise<Array<{ caseRef: string; reviewedAt: string; priority: number }>> {
  const rows = await store.db
    .selectFrom('cold_reviews')
    .innerJoin('cases', 'cases.id', 'cold_reviews.case_id')
    .select([
      'cases.ref as ref',
      'cold_reviews.reviewed_at as at',
      'cold_reviews.priority as priority',
      'cases.status as status',
      'cold_reviews.case_id as caseId',
    ])
    .orderBy('cold_reviews.reviewed_at', 'desc')
    .execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.caseId)) latest.set(r.caseId, r);
  return [...latest.values()]
    .filter((r) => r.status !== 'live')
    .map((r) => ({
      caseRef: r.ref,
      reviewedAt: isoUtc(Number(r.at)) ?? '',
      priority: Number(r.priority),
    }))
    .sort((a, b) => b.priority - a.priority || (a.caseRef < b.caseRef ? -1 : 1));
}
