// Findings in the store: saved by each analysis (replacing the previous run's findings and evidence,
// keeping every review), listed and read with their evidence and review history, and reviewed.
// A finding's id is deterministic from its rule and subject, so a decision stays attached to it
// across re-analysis; the evidence hash recorded with the decision says whether the evidence has
// changed since: a rejected finding stays rejected until its evidence changes.
import type { Store } from '../store/store.js';
import type { FindingsTable } from '../store/schema.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { hashParts } from '../model/ids.js';
import type { EvidenceRef, Indicator, Severity } from './rule.js';

export const FINDING_STATUSES = ['new', 'accepted', 'rejected'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export type ReviewDecision = 'accept' | 'reject';

/** Shown wherever a finding is shown: findings are indicators, never conclusions. */
export const FINDING_NOTICE =
  'An indicator for a person to review, not a conclusion: check the evidence and the benign explanations before acting.';

export interface FindingSubject {
  identifiers: string[];
  threads: string[];
  devices: string[];
}

export interface FindingReview {
  id: string;
  seq: number;
  decision: ReviewDecision;
  reason: string;
  actorId: string;
  actorName: string;
  ruleVersion: number;
  evidenceHash: string;
  createdAt: number;
}

export interface FindingRecord {
  id: string;
  caseId: string;
  ruleId: string;
  ruleVersion: number;
  crimeType: string;
  title: string;
  severity: Severity;
  score: number;
  subject: FindingSubject;
  indicators: Indicator[];
  benign: string[];
  missing: string[];
  evidenceHash: string;
  status: FindingStatus;
  /** False when the latest analysis no longer produced it (kept for its reviews). */
  active: boolean;
  firstSeenAt: number;
  analysedAt: number;
}

export interface FindingDetail extends FindingRecord {
  evidence: EvidenceRef[];
  reviews: FindingReview[];
  /** The latest decision was made on different evidence than the finding has now. */
  evidenceChangedSinceReview: boolean;
  notice: string;
}

/** A finding as the runner hands it over for saving. */
export interface NewFinding extends Omit<
  FindingRecord,
  'status' | 'active' | 'firstSeenAt' | 'analysedAt'
> {
  evidence: EvidenceRef[];
}

export function evidenceHash(evidence: readonly EvidenceRef[]): string {
  const parts = [...evidence]
    .map((e) => `${e.kind}:${e.id}:${e.textUsed ?? ''}:${JSON.stringify(e.spans ?? [])}`)
    .sort();
  return hashParts(parts).slice(0, 32);
}

function toRecord(r: FindingsTable): FindingRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    ruleId: r.rule_id,
    ruleVersion: Number(r.rule_version),
    crimeType: r.crime_type,
    title: r.title,
    severity: r.severity as Severity,
    score: Number(r.score),
    subject: JSON.parse(r.subject) as FindingSubject,
    indicators: JSON.parse(r.indicators) as Indicator[],
    benign: JSON.parse(r.benign) as string[],
    missing: JSON.parse(r.missing) as string[],
    evidenceHash: r.evidence_hash,
    status: r.status as FindingStatus,
    active: Number(r.active) === 1,
    firstSeenAt: Number(r.first_seen_at),
    analysedAt: Number(r.analysed_at),
  };
}

/** Status a finding has given its latest review and its current evidence. */
export function statusAfter(
  latest: { decision: string; evidence_hash: string } | undefined,
  hash: string,
): FindingStatus {
  if (!latest) return 'new';
  if (latest.decision === 'accept') return 'accepted';
  return latest.evidence_hash === hash ? 'rejected' : 'new';
}

export interface SaveResult {
  saved: number;
  new: number;
  accepted: number;
  /** Rejected before, same evidence: stays rejected (not shown as new). */
  stillRejected: number;
  /** Rejected before, but the evidence changed: back to new. */
  returned: number;
  /** Findings of earlier runs the latest analysis no longer produces. */
  inactive: number;
}

const CHUNK = 200;

/** Replaces a case's findings with `findings` (one analysis run); reviews are kept. */
export async function saveFindings(
  store: Store,
  caseId: string,
  findings: readonly NewFinding[],
  analysedAt: number,
  ruleIds: readonly string[],
): Promise<SaveResult> {
  const res: SaveResult = {
    saved: 0,
    new: 0,
    accepted: 0,
    stillRejected: 0,
    returned: 0,
    inactive: 0,
  };
  await store.db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom('findings').selectAll().where('case_id', '=', caseId).execute()).map(
        (r) => [r.id, r],
      ),
    );
    const reviews = await trx
      .selectFrom('finding_reviews')
      .select(['finding_id', 'decision', 'evidence_hash', 'seq'])
      .where('case_id', '=', caseId)
      .orderBy('finding_id')
      .orderBy('seq')
      .execute();
    const latest = new Map<string, { decision: string; evidence_hash: string }>();
    for (const r of reviews) latest.set(r.finding_id, r);

    const produced = new Set(findings.map((f) => f.id));
    // findings of the rules that ran and no longer fire: inactive (their reviews stay)
    for (const [id, r] of existing)
      if (!produced.has(id) && ruleIds.includes(r.rule_id) && Number(r.active) === 1) {
        await trx.updateTable('findings').set({ active: 0 }).where('id', '=', id).execute();
        res.inactive++;
      }
    for (const f of findings) {
      const old = existing.get(f.id);
      const review = latest.get(f.id);
      const status = statusAfter(review, f.evidenceHash);
      if (status === 'new') {
        res.new++;
        if (review) res.returned++;
      } else if (status === 'accepted') res.accepted++;
      else res.stillRejected++;
      const row: FindingsTable = {
        id: f.id,
        case_id: caseId,
        rule_id: f.ruleId,
        rule_version: f.ruleVersion,
        crime_type: f.crimeType,
        title: f.title,
        severity: f.severity,
        score: f.score,
        subject: JSON.stringify(f.subject),
        indicators: JSON.stringify(f.indicators),
        benign: JSON.stringify(f.benign),
        missing: JSON.stringify(f.missing),
        evidence_hash: f.evidenceHash,
        status,
        active: 1,
        first_seen_at: old ? Number(old.first_seen_at) : analysedAt,
        analysed_at: analysedAt,
      };
      if (old) {
        const { id: _id, ...rest } = row;
        await trx.updateTable('findings').set(rest).where('id', '=', f.id).execute();
      } else await trx.insertInto('findings').values(row).execute();
      await trx.deleteFrom('finding_evidence').where('finding_id', '=', f.id).execute();
      const ev = f.evidence.map((e, ord) => ({
        case_id: caseId,
        finding_id: f.id,
        ord,
        item_kind: e.kind,
        item_id: e.id,
        text_used: e.textUsed ?? null,
        spans: JSON.stringify(e.spans ?? []),
        note: e.note ?? null,
      }));
      for (let i = 0; i < ev.length; i += CHUNK)
        await trx
          .insertInto('finding_evidence')
          .values(ev.slice(i, i + CHUNK))
          .execute();
      res.saved++;
    }
  });
  return res;
}

/** The case overview's findings block: counts of active findings by status (the web's shape). */
export async function findingCounts(
  store: Store,
  caseId: string,
): Promise<
  | { available: false; hint: string }
  | { available: true; new: number; accepted: number; rejected: number }
> {
  const rows = await store.db
    .selectFrom('findings')
    .select(['status', (e) => e.fn.countAll<number>().as('n')])
    .where('case_id', '=', caseId)
    .where('active', '=', 1)
    .groupBy('status')
    .execute();
  if (!rows.length) return { available: false, hint: 'no findings yet: run threadline analyse' };
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { available: true, new: n('new'), accepted: n('accepted'), rejected: n('rejected') };
}

/** Ids of the messages that are evidence in the case's active findings (sorted, distinct). */
export async function findingMessageIds(store: Store, caseId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('finding_evidence as e')
    .innerJoin('findings as f', 'f.id', 'e.finding_id')
    .select('e.item_id')
    .distinct()
    .where('e.case_id', '=', caseId)
    .where('e.item_kind', '=', 'message')
    .where('f.active', '=', 1)
    .orderBy('e.item_id')
    .execute();
  return rows.map((r) => r.item_id);
}

export interface FindingFilter {
  status?: FindingStatus;
  ruleId?: string;
  crimeType?: string;
  /** Include findings the latest analysis no longer produces (default false). */
  includeInactive?: boolean;
  limit?: number;
  offset?: number;
}

export async function listFindings(
  store: Store,
  caseId: string,
  f: FindingFilter = {},
): Promise<{ findings: FindingRecord[]; total: number }> {
  let q = store.db.selectFrom('findings').where('case_id', '=', caseId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.ruleId) q = q.where('rule_id', '=', f.ruleId);
  if (f.crimeType) q = q.where('crime_type', '=', f.crimeType);
  if (!f.includeInactive) q = q.where('active', '=', 1);
  const total = Number(
    (await q.select((e) => e.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0,
  );
  const rows = await q
    .selectAll()
    .orderBy('score', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 1000)
    .offset(f.offset ?? 0)
    .execute();
  return { findings: rows.map(toRecord), total };
}

function toReview(r: {
  id: string;
  seq: number;
  decision: string;
  reason: string;
  actor_id: string;
  actor_name: string;
  rule_version: number;
  evidence_hash: string;
  created_at: number;
}): FindingReview {
  return {
    id: r.id,
    seq: Number(r.seq),
    decision: r.decision as ReviewDecision,
    reason: r.reason,
    actorId: r.actor_id,
    actorName: r.actor_name,
    ruleVersion: Number(r.rule_version),
    evidenceHash: r.evidence_hash,
    createdAt: Number(r.created_at),
  };
}

/** One finding with its evidence and reviews; `caseId` null looks it up in any case. */
export async function getFinding(
  store: Store,
  caseId: string | null,
  findingId: string,
): Promise<FindingDetail> {
  let q = store.db.selectFrom('findings').selectAll().where('id', '=', findingId);
  if (caseId) q = q.where('case_id', '=', caseId);
  const row = await q.executeTakeFirst();
  if (!row)
    throw new AppError(ErrorCodes.NOT_FOUND, `no finding ${findingId}`, { finding: findingId });
  const rec = toRecord(row);
  const evidence = (
    await store.db
      .selectFrom('finding_evidence')
      .selectAll()
      .where('finding_id', '=', findingId)
      .orderBy('ord')
      .execute()
  ).map((e): EvidenceRef => ({
    kind: e.item_kind as EvidenceRef['kind'],
    id: e.item_id,
    ...(e.text_used ? { textUsed: e.text_used as 'original' | 'translation' } : {}),
    spans: JSON.parse(e.spans) as Array<[number, number]>,
    ...(e.note ? { note: e.note } : {}),
  }));
  const reviews = (
    await store.db
      .selectFrom('finding_reviews')
      .selectAll()
      .where('finding_id', '=', findingId)
      .where('case_id', '=', rec.caseId)
      .orderBy('seq')
      .execute()
  ).map(toReview);
  const last = reviews[reviews.length - 1];
  return {
    ...rec,
    evidence,
    reviews,
    evidenceChangedSinceReview: !!last && last.evidenceHash !== rec.evidenceHash,
    notice: FINDING_NOTICE,
  };
}

export interface ReviewInput {
  decision: ReviewDecision;
  reason: string;
}

/** Records a person's decision on a finding. A reason is required. */
export async function reviewFinding(
  store: Store,
  caseId: string | null,
  findingId: string,
  input: ReviewInput,
  actor: { id: string; name: string },
  now = Date.now(),
): Promise<FindingDetail> {
  const reason = (input.reason ?? '').trim();
  if (!reason)
    throw new AppError(
      ErrorCodes.REASON_REQUIRED,
      'a review needs a reason: say why the finding is accepted or rejected',
      { finding: findingId, fields: ['reason'] },
    );
  if (input.decision !== 'accept' && input.decision !== 'reject')
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'decision must be accept or reject', {
      fields: ['decision'],
    });
  if (reason.length > 4000)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'reason is longer than 4000 characters', {
      fields: ['reason'],
    });
  const f = await getFinding(store, caseId, findingId);
  await store.db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('finding_reviews')
      .select((e) => e.fn.max('seq').as('seq'))
      .where('case_id', '=', f.caseId)
      .where('finding_id', '=', f.id)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    await trx
      .insertInto('finding_reviews')
      .values({
        id: `rev_${hashParts(['review', f.caseId, f.id, seq]).slice(0, 24)}`,
        case_id: f.caseId,
        finding_id: f.id,
        seq,
        decision: input.decision,
        reason,
        actor_id: actor.id,
        actor_name: actor.name,
        rule_id: f.ruleId,
        rule_version: f.ruleVersion,
        evidence_hash: f.evidenceHash,
        created_at: now,
      })
      .execute();
    await trx
      .updateTable('findings')
      .set({ status: input.decision === 'accept' ? 'accepted' : 'rejected' })
      .where('id', '=', f.id)
      .execute();
  });
  return getFinding(store, f.caseId, f.id);
}
