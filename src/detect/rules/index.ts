// Every detection rule, in run order. A new rule is a file here and one line in this list.
import type { Rule } from '../rule.js';
import { countyLinesDealLine } from './county-lines-deal-line.js';
import { countyLinesRunnerControl } from './county-lines-runner-control.js';
import { groomingEscalation } from './grooming-escalation.js';
import { modernSlaveryController } from './modern-slavery-controller.js';
import { sextortionScript } from './sextortion-script.js';

export const RULES: readonly Rule[] = [
  countyLinesDealLine,
  countyLinesRunnerControl,
  groomingEscalation,
  modernSlaveryController,
  sextortionScript,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
