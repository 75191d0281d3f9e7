// The detection rule contract: what a rule declares about itself (for review, disclosure and the
// docs) and the findings it returns. Findings are indicators for a person to review, never
// conclusions: a score is only the visible sum of named indicators, each with its evidence.
import type { PartyId, RuleContext } from './rule-context.js';

export const CRIME_TYPES = ['county-lines', 'grooming', 'modern-slavery', 'sextortion'] as const;
export type CrimeType = (typeof CRIME_TYPES)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What data a rule reads (shown with each finding so an analyst sees what it could not see). */
export type RuleNeed =
  | 'messages'
  | 'message-text'
  | 'translations'
  | 'attachments'
  | 'calls'
  | 'contacts'
  | 'graph'
  | 'ages';

/** One item of evidence: a message, call, location or thread, and what in it mattered. */
export interface EvidenceRef {
  kind: 'message' | 'call' | 'location' | 'thread';
  id: string;
  /** Matched text, as [start, end) offsets into the text used (for highlighting). */
  spans?: Array<[number, number]>;
  /** Which text the spans refer to: the original, or its stored (English) translation. */
  textUsed?: 'original' | 'translation';
  /** A short note (the matched term, "to 38 recipients within 2 minutes" …). */
  note?: string;
}

/** A named indicator that fired: its weight adds to the finding's score. */
export interface Indicator {
  /** Stable id, e.g. `CL1-flare` (documented in docs/detection.md). */
  id: string;
  label: string;
  weight: number;
  /** Why it fired, in words (counts, times). */
  detail: string;
  /** Evidence item ids (into the finding's evidence list). */
  evidence: string[];
}

/** Who or what a finding is about. Rules name parties by opaque id; the runner maps them back. */
export interface RuleSubject {
  parties: PartyId[];
  threads?: string[];
  devices?: string[];
}

/** A finding as a rule returns it (the runner adds ids, hashes and review state). */
export interface RuleFinding {
  /** Distinguishes several findings of one rule on the same subject (rarely needed). */
  key?: string;
  title: string;
  subject: RuleSubject;
  severity: Severity;
  indicators: Indicator[];
  evidence: EvidenceRef[];
  /** Innocent explanations an analyst should consider before accepting. */
  benign: string[];
  /** Data that was not available and could change the picture. */
  missing: string[];
}

export interface Rule {
  /** Stable id (file name in src/detect/rules). */
  id: string;
  title: string;
  crimeType: CrimeType;
  /** Why this pattern matters, in one paragraph (shown with findings and in the docs). */
  rationale: string;
  /** Public sources the indicators come from (see ../shared/docs/patterns.md). */
  sources: string[];
  /** Bumped when the logic or thresholds change (recorded with every finding and review). */
  version: number;
  needs: RuleNeed[];
  /** Situations known to look like this pattern (documented; rules try to discount them). */
  knownFalsePositives: string[];
  /** Least score for a finding to be reported. */
  threshold: number;
  evaluate(ctx: RuleContext): RuleFinding[];
}

/** Sum of the indicators' weights (the only score there is). */
export function scoreOf(indicators: readonly Indicator[]): number {
  return Math.round(indicators.reduce((s, i) => s + i.weight, 0) * 100) / 100;
}

/** Severity from score relative to the threshold (at 2x the threshold or more: high). */
export function severityFor(score: number, threshold: number): Severity {
  if (score >= threshold * 2) return 'high';
  if (score >= threshold * 1.4) return 'medium';
  return 'low';
}
