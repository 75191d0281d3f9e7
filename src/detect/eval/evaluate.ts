// The evaluation harness: runs every rule on every labelled scenario and counts, per rule, true
// positives (a positive scenario's target named in a finding of its rule), false negatives, and
// false positives (any finding of the rule in a scenario that is not one of its positives: a
// look-alike or another rule's scenario). Precision and recall per rule, and flags per look-alike.
import { RULES } from '../rules/index.js';
import type { Rule } from '../rule.js';
import { evaluateRules } from '../runner.js';
import { buildScenarios, type Scenario } from './scenarios.js';

export interface RuleScore {
  rule: string;
  positives: number;
  tp: number;
  fn: number;
  fp: number;
  precision: number;
  recall: number;
}

export interface EvalReport {
  scenarios: number;
  rules: RuleScore[];
  /** Look-alike kind → how many of its scenarios any rule flagged. */
  lookalikes: Record<string, { scenarios: number; flagged: number }>;
  /** Scenario ids with a wrong outcome (for debugging a rule). */
  errors: string[];
}

export function evaluate(
  scenarios: readonly Scenario[] = buildScenarios(),
  rules: readonly Rule[] = RULES,
): EvalReport {
  const score = new Map<string, RuleScore>(
    rules.map((r) => [
      r.id,
      { rule: r.id, positives: 0, tp: 0, fn: 0, fp: 0, precision: 1, recall: 1 },
    ]),
  );
  const lookalikes: EvalReport['lookalikes'] = {};
  const errors: string[] = [];
  for (const s of scenarios) {
    const { findings } = evaluateRules(s.data, rules);
    const kind = s.id.split('#')[0]!;
    if (!s.expectFlag) {
      const l = (lookalikes[kind] ??= { scenarios: 0, flagged: 0 });
      l.scenarios++;
      if (findings.length) l.flagged++;
    }
    for (const r of rules) {
      const sc = score.get(r.id)!;
      const mine = findings.filter((f) => f.ruleId === r.id);
      const positive = s.expectFlag && s.rule === r.id;
      if (positive) {
        sc.positives++;
        const named = mine.filter((f) => f.subject.identifiers.some((k) => s.target.includes(k)));
        if (named.length) sc.tp++;
        else {
          sc.fn++;
          errors.push(`${s.id}: missed by ${r.id}`);
        }
        sc.fp += mine.length - named.length;
      } else if (mine.length) {
        sc.fp += mine.length;
        errors.push(`${s.id}: flagged by ${r.id}`);
      }
    }
  }
  for (const sc of score.values()) {
    sc.precision = sc.tp + sc.fp === 0 ? 1 : sc.tp / (sc.tp + sc.fp);
    sc.recall = sc.positives === 0 ? 1 : sc.tp / sc.positives;
  }
  return { scenarios: scenarios.length, rules: [...score.values()], lookalikes, errors };
}

export function formatReport(r: EvalReport): string {
  const pad = (x: string | number, n: number) => String(x).padEnd(n);
  const lines = [
    `${r.scenarios} labelled scenarios`,
    '',
    `${pad('rule', 30)}${pad('pos', 6)}${pad('TP', 6)}${pad('FN', 6)}${pad('FP', 6)}${pad('precision', 11)}recall`,
    ...r.rules.map(
      (s) =>
        `${pad(s.rule, 30)}${pad(s.positives, 6)}${pad(s.tp, 6)}${pad(s.fn, 6)}${pad(s.fp, 6)}${pad(s.precision.toFixed(3), 11)}${s.recall.toFixed(3)}`,
    ),
    '',
    'look-alikes (scenarios flagged by any rule):',
    ...Object.entries(r.lookalikes).map(([k, v]) => `  ${pad(k, 28)}${v.flagged}/${v.scenarios}`),
  ];
  if (r.errors.length) lines.push('', 'errors:', ...r.errors.slice(0, 40).map((e) => `  ${e}`));
  return lines.join('\n');
}
