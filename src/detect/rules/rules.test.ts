// Each rule on labelled scenarios: a positive is flagged with its key indicators and evidence, and
// each of its look-alikes is not. Modern slavery is also read through a stored English translation.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../generator/rng.js';
import { SCENARIO_KINDS, buildScenarios } from '../eval/scenarios.js';
import { evaluateRules } from '../runner.js';
import { RULES, findRule } from './index.js';

function one(kind: string, i = 0) {
  const s = buildScenarios(1, i + 1).filter((x) => x.id === `${kind}#${i}`)[0];
  if (!s) throw new Error(`no scenario ${kind}#${i}`);
  return s;
}

const CASES: Array<{ rule: string; positive: string; indicators: string[]; lookalikes: string[] }> =
  [
    {
      rule: 'county-lines-deal-line',
      positive: 'deal-line',
      indicators: ['CL1-flare', 'CL1-daily', 'CL2-hub-spoke'],
      lookalikes: ['LA-shop-broadcast', 'LA-takeaway', 'LA-club-announcements'],
    },
    {
      rule: 'county-lines-runner-control',
      positive: 'runner',
      indicators: ['CL5-instructions'],
      lookalikes: ['LA-courier'],
    },
    {
      rule: 'grooming-escalation',
      positive: 'grooming',
      indicators: ['G1-adult-child'],
      lookalikes: ['LA-surprise-party', 'LA-coach-lifts', 'LA-teen-couple'],
    },
    {
      rule: 'modern-slavery-controller',
      positive: 'slavery',
      indicators: ['MS1-controller-star'],
      lookalikes: ['LA-staffing-agency', 'LA-family-phone'],
    },
    {
      rule: 'sextortion-script',
      positive: 'sextortion',
      indicators: ['F1-threat', 'F3-payment-demand', 'F1-image-received'],
      lookalikes: ['LA-friends-joke'],
    },
  ];

describe('rules on labelled scenarios', () => {
  it('every registered rule has a positive and a look-alike scenario kind', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(RULES.map((r) => r.id).sort());
    const kinds = new Set(SCENARIO_KINDS.map((k) => k.name));
    for (const c of CASES)
      for (const k of [c.positive, ...c.lookalikes]) expect(kinds).toContain(k);
    for (const r of RULES) {
      expect(r.sources.length).toBeGreaterThan(0);
      expect(r.knownFalsePositives.length).toBeGreaterThan(0);
      expect(r.rationale.length).toBeGreaterThan(50);
    }
  });

  for (const c of CASES) {
    const rule = findRule(c.rule)!;
    it(`${c.rule}: flags ${c.positive} with evidence and explanation`, () => {
      const s = one(c.positive);
      const { findings } = evaluateRules(s.data, [rule]);
      expect(findings).toHaveLength(1);
      const f = findings[0]!;
      expect(f.subject.identifiers.some((k) => s.target.includes(k))).toBe(true);
      expect(f.indicators.map((i) => i.id)).toEqual(expect.arrayContaining(c.indicators));
      expect(f.score).toBeGreaterThanOrEqual(rule.threshold);
      const ids = new Set(s.data.messages.map((m) => m.id).concat(s.data.calls.map((x) => x.id)));
      for (const e of f.evidence) expect(ids.has(e.id), e.id).toBe(true);
      for (const i of f.indicators) for (const e of i.evidence) expect(ids.has(e), e).toBe(true);
      // highlighted spans lie inside the text they refer to
      for (const e of f.evidence.filter((x) => x.spans?.length)) {
        const m = s.data.messages.find((x) => x.id === e.id)!;
        const text = (e.textUsed === 'translation' ? m.translation : m.text) ?? '';
        for (const [a, b] of e.spans!) expect(b <= text.length && a < b).toBe(true);
      }
      expect(f.benign.length).toBeGreaterThan(0);
    });
    for (const la of c.lookalikes)
      it(`${c.rule}: does not flag ${la}`, () => {
        for (let i = 0; i < 3; i++) {
          const s = one(la, i);
          expect(evaluateRules(s.data, RULES).findings, s.id).toEqual([]);
        }
      });
  }

  it('reads the stored English translation when the original has no lexicon, and says so', () => {
    // find a slavery scenario drawn in a language without a lexicon (translated)
    const s = buildScenarios(1, 20).find(
      (x) => x.id.startsWith('slavery#') && x.data.messages.some((m) => m.translation),
    )!;
    expect(s).toBeDefined();
    const { findings } = evaluateRules(s.data, [findRule('modern-slavery-controller')!]);
    expect(findings).toHaveLength(1);
    const used = new Set(findings[0]!.evidence.map((e) => e.textUsed).filter(Boolean));
    expect([...used]).toEqual(['translation']);
    // without the translation there is nothing to read: not flagged
    const bare = {
      ...s.data,
      messages: s.data.messages.map((m) => ({ ...m, translation: null })),
    };
    expect(evaluateRules(bare, [findRule('modern-slavery-controller')!]).findings).toEqual([]);
  });

  it('is deterministic: same data, same findings', () => {
    const s = one('grooming', 1);
    const a = evaluateRules(s.data, RULES).findings;
    const b = evaluateRules(one('grooming', 1).data, RULES).findings;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(new Rng(1, 'x').int(0, 9)).toBe(new Rng(1, 'x').int(0, 9));
  });
});
