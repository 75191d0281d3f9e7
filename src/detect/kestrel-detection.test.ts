// Detection on the generator's live case (Operation Kestrel): the planted deal line, grooming
// threads, slavery controller and sextortion thread are flagged with evidence and explanation,
// the look-alikes (shop broadcast, surprise party, staffing agency) are not, and nothing else is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kestrelCase, type KestrelCase } from '../testkit/kestrel-case.js';
import { loadGroundTruthMessages, mapGroundTruthMessages } from '../generator/load-ground-truth.js';
import type { GtPattern } from '../generator/ground-truth.js';
import { runDetection, type DetectResult } from './runner.js';
import { getFinding, listFindings, reviewFinding } from './findings-store.js';
import type { NewFinding } from './findings-store.js';

let k: KestrelCase;
let r: DetectResult;
/** store message id → ground-truth tags, and its scenario thread */
const tagsOf = new Map<string, string[]>();
const threadOf = new Map<string, string>();

beforeAll(async () => {
  k = await kestrelCase();
  const gt = loadGroundTruthMessages(k.caseDir);
  const ids = await mapGroundTruthMessages(k.store, k.truth, gt);
  for (const m of gt)
    for (const c of ids.get(m.id) ?? []) {
      tagsOf.set(c.id, m.tags);
      threadOf.set(c.id, m.thread);
    }
  r = await runDetection(k.store, k.kase.id, { now: 1 });
}, 240_000);
afterAll(() => k?.cleanup());

const pattern = (id: string): GtPattern => k.truth.patterns.find((p) => p.id === id)!;
const about = (f: NewFinding, keys: readonly string[]) =>
  f.subject.identifiers.some((x) => keys.includes(x));

/** Share of a finding's message evidence that is planted: tagged with the crime type or in one of
 * the pattern's threads (untagged replies like "ok" belong to the pattern too). */
function plantedShare(f: NewFinding, type: string): number {
  const msgs = f.evidence.filter((e) => e.kind === 'message');
  if (!msgs.length) return 0;
  const threads = new Set(
    k.truth.patterns.filter((p) => p.type === type).flatMap((p) => p.threads.map((t) => t.id)),
  );
  const hit = msgs.filter(
    (e) =>
      (tagsOf.get(e.id) ?? []).some((t) => t.startsWith(`${type}:`)) ||
      threads.has(threadOf.get(e.id) ?? ''),
  );
  return hit.length / msgs.length;
}

function explained(f: NewFinding) {
  expect(f.indicators.length).toBeGreaterThan(1);
  expect(f.score).toBeCloseTo(
    f.indicators.reduce((s, i) => s + i.weight, 0),
    5,
  );
  for (const i of f.indicators) expect(i.detail.length).toBeGreaterThan(5);
  expect(f.benign.length).toBeGreaterThan(0);
  expect(f.evidence.length).toBeGreaterThan(0);
}

describe('detection on Operation Kestrel', () => {
  it('flags the deal line (old and new number) with flares, customers kept across the swap', () => {
    const cl = pattern('CL-1');
    const line = cl.facts.dealLine as { old: string; new: string };
    const f = r.findings.filter((x) => x.ruleId === 'county-lines-deal-line');
    expect(f).toHaveLength(1);
    expect(f[0]!.subject.identifiers).toEqual(expect.arrayContaining([line.old, line.new]));
    const ids = f[0]!.indicators.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['CL1-flare', 'CL2-hub-spoke', 'CL4-line-swap']));
    expect(plantedShare(f[0]!, 'county-lines')).toBeGreaterThan(0.9);
    explained(f[0]!);
    // flare evidence is highlighted in the original text
    const flare = f[0]!.evidence.find(
      (e) => (tagsOf.get(e.id) ?? []).includes('county-lines:flare') && e.spans?.length,
    );
    expect(flare?.textUsed).toBe('original');
  });

  it('flags the child runner held by debt and threats', () => {
    const cl = pattern('CL-1');
    const f = r.findings.filter((x) => x.ruleId === 'county-lines-runner-control');
    expect(f).toHaveLength(1);
    const jayden = k.truth.persons
      .find((p) => p.id === 'jayden-cole')!
      .identifiers.map((i) => i.key);
    expect(about(f[0]!, jayden)).toBe(true);
    expect(about(f[0]!, cl.identifiers)).toBe(true);
    expect(f[0]!.indicators.map((i) => i.id)).toEqual(
      expect.arrayContaining(['CL5-instructions', 'CL8-debt', 'CL8-threat']),
    );
    expect(plantedShare(f[0]!, 'county-lines')).toBeGreaterThan(0.9);
    explained(f[0]!);
  });

  it('flags the grooming thread and the introduced adult', () => {
    const gr = pattern('GR-1');
    const [lee, chloe, daz] = gr.identifiers as [string, string, string];
    const f = r.findings.filter((x) => x.ruleId === 'grooming-escalation');
    expect(f).toHaveLength(2);
    const leeF = f.find((x) => x.subject.identifiers.includes(lee))!;
    const dazF = f.find((x) => x.subject.identifiers.includes(daz))!;
    expect(leeF.subject.identifiers).toContain(chloe);
    expect(dazF.subject.identifiers).toContain(chloe);
    expect(leeF.indicators.map((i) => i.id)).toEqual(
      expect.arrayContaining(['G1-adult-child', 'G2-secrecy', 'G4-image-request', 'G5-meeting']),
    );
    expect(dazF.indicators.map((i) => i.id)).toContain('N2-introduced');
    for (const x of f) {
      expect(plantedShare(x, 'grooming')).toBeGreaterThan(0.9);
      explained(x);
    }
  });

  it('flags the slavery controller, his workers and the shared phone', () => {
    const ms = pattern('MS-1');
    const facts = ms.facts as {
      controller: string;
      workers: string[];
      sharedPhone: { key: string };
    };
    const f = r.findings.filter((x) => x.ruleId === 'modern-slavery-controller');
    expect(f).toHaveLength(1);
    expect(f[0]!.subject.identifiers).toContain(facts.controller);
    const workers = f[0]!.subject.identifiers.filter((x) => facts.workers.includes(x));
    expect(workers.length).toBeGreaterThanOrEqual(6);
    expect(f[0]!.indicators.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        'MS1-controller-star',
        'MS4-debt',
        'MS4-documents',
        'MS2-shared-phone',
      ]),
    );
    expect(plantedShare(f[0]!, 'modern-slavery')).toBeGreaterThan(0.9);
    explained(f[0]!);
  });

  it('flags the sextortion script across the move from WhatsApp to SMS', () => {
    const sx = pattern('SX-1');
    const f = r.findings.filter((x) => x.ruleId === 'sextortion-script');
    expect(f).toHaveLength(1);
    const sw = sx.facts.platformSwitch as { from: string; to: string };
    expect(f[0]!.subject.identifiers).toEqual(expect.arrayContaining([sw.from, sw.to]));
    expect(f[0]!.subject.threads).toHaveLength(2);
    expect(f[0]!.indicators.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        'F1-platform-switch',
        'F1-threat',
        'F3-payment-demand',
        'F5-countdown',
        'F2-speed',
      ]),
    );
    expect(plantedShare(f[0]!, 'sextortion')).toBeGreaterThan(0.9);
    explained(f[0]!);
  });

  it('does not flag the look-alikes, and flags nothing outside the planted patterns', () => {
    for (const id of ['LA-SHOP', 'LA-PARTY', 'LA-AGENCY']) {
      const la = pattern(id);
      expect(la.expectFlag).toBe(false);
      const wrong = r.findings.filter((f) => f.crimeType === la.mimics && about(f, la.identifiers));
      expect(
        wrong.map((f) => f.title),
        id,
      ).toEqual([]);
    }
    const shop = pattern('LA-SHOP').identifiers;
    expect(r.findings.filter((f) => about(f, shop))).toEqual([]);
    const planted = k.truth.patterns.filter((p) => p.expectFlag);
    for (const f of r.findings)
      expect(
        planted.some((p) => p.type === f.crimeType && about(f, p.identifiers)),
        f.title,
      ).toBe(true);
    expect(r.findings).toHaveLength(6);
  });

  it('keeps a rejection across re-analysis of the same evidence', async () => {
    const first = (await listFindings(k.store, k.kase.id)).findings;
    expect(first).toHaveLength(6);
    const target = first.find((f) => f.ruleId === 'county-lines-runner-control')!;
    await reviewFinding(
      k.store,
      k.kase.id,
      target.id,
      { decision: 'reject', reason: 'test decision' },
      { id: 't', name: 'tester' },
    );
    const again = await runDetection(k.store, k.kase.id, { now: 2 });
    expect(again.saved).toMatchObject({ stillRejected: 1, new: 5, returned: 0 });
    expect(again.findings.map((f) => f.id)).toEqual(r.findings.map((f) => f.id));
    expect((await getFinding(k.store, k.kase.id, target.id)).status).toBe('rejected');
  });
});
