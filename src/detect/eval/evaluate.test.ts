// The evaluation gate: on the labelled synthetic scenarios every rule reaches precision and recall
// of at least 0.9, and no look-alike is flagged by any rule.
import { describe, expect, it } from 'vitest';
import { evaluate, formatReport } from './evaluate.js';
import { buildScenarios } from './scenarios.js';

describe('detection evaluation', () => {
  it('reaches precision and recall >= 0.9 per rule, with no look-alike flagged', () => {
    const r = evaluate(buildScenarios(1, 10));
    const table = formatReport(r);
    expect(r.scenarios).toBe(150);
    for (const s of r.rules) {
      expect(s.positives, s.rule).toBe(10);
      expect(s.precision, table).toBeGreaterThanOrEqual(0.9);
      expect(s.recall, table).toBeGreaterThanOrEqual(0.9);
    }
    expect(Object.keys(r.lookalikes)).toHaveLength(10);
    for (const [k, v] of Object.entries(r.lookalikes)) expect(v.flagged, k).toBe(0);
  }, 60_000);

  it('counts a missed positive and a flagged look-alike (the harness can fail)', () => {
    const s = buildScenarios(1, 1);
    const pos = s.find((x) => x.id === 'grooming#0')!;
    // remove the child's stated age and every specific stage: the rule must miss it
    const blind = {
      ...pos,
      data: { ...pos.data, messages: pos.data.messages.map((m) => ({ ...m, text: 'hello' })) },
    };
    const la = s.find((x) => x.id === 'LA-shop-broadcast#0')!;
    const r = evaluate([blind, { ...la, expectFlag: false, rule: 'grooming-escalation' }]);
    const g = r.rules.find((x) => x.rule === 'grooming-escalation')!;
    expect(g).toMatchObject({ positives: 1, tp: 0, fn: 1, recall: 0 });
    expect(r.errors).toContain('grooming#0: missed by grooming-escalation');
  });
});
