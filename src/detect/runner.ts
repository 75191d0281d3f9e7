// Runs the registered detection rules over a case: loads the permitted data, hands each rule the
// guarded context, keeps findings at or above the rule's threshold, maps opaque party ids back to
// identifier keys, gives each finding its deterministic id and evidence hash, and saves them.
import type { Store } from '../store/store.js';
import { makeId } from '../model/ids.js';
import { RULES } from './rules/index.js';
import { scoreOf, severityFor, type Rule, type RuleFinding } from './rule.js';
import { buildRuleContext, type CaseData } from './case-data.js';
import { loadCaseData } from './load-case-data.js';
import { evidenceHash, saveFindings, type NewFinding, type SaveResult } from './findings-store.js';

export interface DetectProgress {
  (step: string, done: number, total: number): void;
}

export interface DetectOptions {
  rules?: readonly Rule[];
  onProgress?: DetectProgress;
  /** Wall-clock time of the run (recorded, never exported). */
  now?: number;
}

export interface RuleRun {
  ruleId: string;
  version: number;
  findings: number;
  ms: number;
}

export interface DetectResult {
  caseId: string;
  findings: NewFinding[];
  rules: RuleRun[];
  saved: SaveResult;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** Evaluates rules on already-loaded case data (used by the runner and the evaluation harness). */
export function evaluateRules(
  data: CaseData,
  rules: readonly Rule[] = RULES,
  onProgress: DetectProgress = () => undefined,
): { findings: NewFinding[]; rules: RuleRun[] } {
  const built = buildRuleContext(data);
  const out: NewFinding[] = [];
  const runs: RuleRun[] = [];
  rules.forEach((rule, i) => {
    onProgress(rule.id, i, rules.length);
    const t0 = performance.now();
    const raw: RuleFinding[] = rule.evaluate(built.ctx);
    const byId = new Map<string, NewFinding>();
    for (const f of raw) {
      const indicators = f.indicators.map((x) => ({
        id: x.id,
        label: x.label,
        weight: x.weight,
        detail: x.detail,
        evidence: [...x.evidence],
      }));
      const score = scoreOf(indicators);
      if (score < rule.threshold) continue;
      const identifiers = sorted(f.subject.parties.map((p) => built.keyOf(p)));
      const threads = sorted(f.subject.threads ?? []);
      const devices = sorted(f.subject.devices ?? []);
      const evidence = f.evidence.map((e) => ({
        kind: e.kind,
        id: e.id,
        ...(e.spans ? { spans: e.spans.map(([a, b]) => [a, b] as [number, number]) } : {}),
        ...(e.textUsed ? { textUsed: e.textUsed } : {}),
        ...(e.note ? { note: e.note } : {}),
      }));
      const id = makeId('finding', [
        data.caseId,
        rule.id,
        f.key ?? '',
        identifiers.join(','),
        threads.join(','),
      ]);
      if (byId.has(id)) continue;
      byId.set(id, {
        id,
        caseId: data.caseId,
        ruleId: rule.id,
        ruleVersion: rule.version,
        crimeType: rule.crimeType,
        title: f.title,
        severity: severityFor(score, rule.threshold),
        score,
        subject: { identifiers, threads, devices },
        indicators,
        benign: [...f.benign],
        missing: [...f.missing],
        evidenceHash: evidenceHash(evidence),
        evidence,
      });
    }
    const list = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    out.push(...list);
    runs.push({
      ruleId: rule.id,
      version: rule.version,
      findings: list.length,
      ms: Math.round(performance.now() - t0),
    });
  });
  onProgress('rules', rules.length, rules.length);
  return { findings: out, rules: runs };
}

/** Runs detection over a case and saves the findings (reviews are kept). */
export async function runDetection(
  store: Store,
  caseId: string,
  opts: DetectOptions = {},
): Promise<DetectResult> {
  const rules = opts.rules ?? RULES;
  const progress = opts.onProgress ?? (() => undefined);
  const data = await loadCaseData(store, caseId, progress);
  const r = evaluateRules(data, rules, progress);
  const saved = await saveFindings(
    store,
    caseId,
    r.findings,
    opts.now ?? Date.now(),
    rules.map((x) => x.id),
  );
  return { caseId, findings: r.findings, rules: r.rules, saved };
}
