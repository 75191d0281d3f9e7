// Findings in real stores (SQLite, and PostgreSQL when reachable): saved with deterministic ids,
// reviewed with a required reason, decisions kept across re-analysis, and a rejected finding back
// only when its evidence changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCase } from '../testkit/temp-store.js';
import { pgUnavailableReason, tempPgCase } from '../testkit/temp-pg.js';
import type { Store } from '../store/store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import {
  evidenceHash,
  getFinding,
  listFindings,
  reviewFinding,
  saveFindings,
  type NewFinding,
} from './findings-store.js';
import { isAppError } from '../model/errors.js';

const actor = { id: 'u1', name: 'Analyst One' };

function finding(id: string, evidence: string[]): NewFinding {
  const ev = evidence.map((e) => ({
    kind: 'message' as const,
    id: e,
    spans: [[0, 4]] as Array<[number, number]>,
    textUsed: 'original' as const,
    note: 'x',
  }));
  return {
    id,
    caseId: '',
    ruleId: 'grooming-escalation',
    ruleVersion: 1,
    crimeType: 'grooming',
    title: 'Possible grooming',
    severity: 'medium',
    score: 6,
    subject: { identifiers: ['phone:+447700900160'], threads: ['thr_1'], devices: [] },
    indicators: [{ id: 'G2-secrecy', label: 'Secrecy', weight: 6, detail: 'd', evidence }],
    benign: ['b'],
    missing: [],
    evidenceHash: evidenceHash(ev),
    evidence: ev,
  };
}

const pgSkip = await pgUnavailableReason();
if (pgSkip) console.warn(`[skip] findings store on PostgreSQL: ${pgSkip}`);

describe.each([
  ['sqlite', null, () => tempCase()],
  ['postgres', pgSkip, () => tempPgCase()],
] as const)('findings store (%s)', (_name, skip, make) => {
  let t: { store: Store; kase: CaseRecord; cleanup(): Promise<void> };
  beforeEach(async (c) => {
    if (skip) c.skip();
    t = await make();
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  const save = (fs: NewFinding[], at = 1000) =>
    saveFindings(
      t.store,
      t.kase.id,
      fs.map((f) => ({ ...f, caseId: t.kase.id })),
      at,
      ['grooming-escalation'],
    );

  it('saves findings with their evidence and spans, listed by status', async () => {
    const r = await save([finding('fnd_a', ['msg_1', 'msg_2']), finding('fnd_b', ['msg_3'])]);
    expect(r).toMatchObject({ saved: 2, new: 2, inactive: 0 });
    const list = await listFindings(t.store, t.kase.id, { status: 'new' });
    expect(list.total).toBe(2);
    const f = await getFinding(t.store, t.kase.id, 'fnd_a');
    expect(f.evidence.map((e) => e.id)).toEqual(['msg_1', 'msg_2']);
    expect(f.evidence[0]).toMatchObject({ spans: [[0, 4]], textUsed: 'original' });
    expect(f.notice).toMatch(/not a conclusion/);
  });

  it('requires a reason for a review (typed error) and records who, when and on what', async () => {
    await save([finding('fnd_a', ['msg_1'])]);
    for (const reason of ['', '   '])
      await expect(
        reviewFinding(t.store, t.kase.id, 'fnd_a', { decision: 'reject', reason }, actor),
      ).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    const e = await reviewFinding(
      t.store,
      t.kase.id,
      'fnd_missing',
      { decision: 'accept', reason: 'x' },
      actor,
    ).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('NOT_FOUND');
    const f = await reviewFinding(
      t.store,
      t.kase.id,
      'fnd_a',
      { decision: 'reject', reason: ' surprise party, family ' },
      actor,
      5000,
    );
    expect(f.status).toBe('rejected');
    expect(f.reviews).toEqual([
      expect.objectContaining({
        seq: 1,
        decision: 'reject',
        reason: 'surprise party, family',
        actorId: 'u1',
        actorName: 'Analyst One',
        ruleVersion: 1,
        evidenceHash: f.evidenceHash,
        createdAt: 5000,
      }),
    ]);
  });

  it('keeps decisions across re-analysis; a rejected finding returns only when its evidence changes', async () => {
    await save([finding('fnd_a', ['msg_1']), finding('fnd_b', ['msg_2'])]);
    await reviewFinding(
      t.store,
      t.kase.id,
      'fnd_a',
      { decision: 'reject', reason: 'benign' },
      actor,
    );
    await reviewFinding(
      t.store,
      t.kase.id,
      'fnd_b',
      { decision: 'accept', reason: 'clear' },
      actor,
    );

    // same evidence again: still rejected, still accepted
    const r1 = await save([finding('fnd_a', ['msg_1']), finding('fnd_b', ['msg_2'])], 2000);
    expect(r1).toMatchObject({ new: 0, stillRejected: 1, accepted: 1, returned: 0 });
    expect((await listFindings(t.store, t.kase.id, { status: 'new' })).total).toBe(0);
    const a1 = await getFinding(t.store, t.kase.id, 'fnd_a');
    expect(a1.status).toBe('rejected');
    expect(a1.firstSeenAt).toBe(1000);
    expect(a1.analysedAt).toBe(2000);

    // new evidence: the rejected finding is new again, with its history and a changed flag
    const r2 = await save(
      [finding('fnd_a', ['msg_1', 'msg_9']), finding('fnd_b', ['msg_2'])],
      3000,
    );
    expect(r2).toMatchObject({ new: 1, returned: 1, accepted: 1 });
    const a2 = await getFinding(t.store, t.kase.id, 'fnd_a');
    expect(a2.status).toBe('new');
    expect(a2.evidenceChangedSinceReview).toBe(true);
    expect(a2.reviews).toHaveLength(1);

    // a finding no longer produced goes inactive but keeps its reviews
    const r3 = await save([finding('fnd_a', ['msg_1', 'msg_9'])], 4000);
    expect(r3.inactive).toBe(1);
    expect((await listFindings(t.store, t.kase.id)).findings.map((f) => f.id)).toEqual(['fnd_a']);
    const b = await getFinding(t.store, t.kase.id, 'fnd_b');
    expect(b.active).toBe(false);
    expect(b.reviews[0]!.decision).toBe('accept');
  });
});
