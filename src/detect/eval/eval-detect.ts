// `npm run eval:detect`: prints precision and recall per rule on the labelled synthetic scenarios
// (and the look-alikes flagged). Options: --seed N, --per-kind N.
import { evaluate, formatReport } from './evaluate.js';
import { buildScenarios } from './scenarios.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const seed = arg('--seed', 1);
const perKind = arg('--per-kind', 20);
const t0 = performance.now();
const report = evaluate(buildScenarios(seed, perKind));
console.log(formatReport(report));
console.log(`\nseed ${seed}, ${perKind} per kind, ${Math.round(performance.now() - t0)} ms`);
process.exitCode = report.rules.every((r) => r.precision >= 0.9 && r.recall >= 0.9) ? 0 : 1;
