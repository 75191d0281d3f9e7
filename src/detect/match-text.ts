// Matching a lexicon indicator against a message: the original text first, then its stored English
// translation; the result says which text was used and where the matches are (for highlighting).
import type { EvidenceRef } from './rule.js';
import type { DetectMessage } from './rule-context.js';
import type { Lexicon } from './lexicon.js';

export interface TextHit {
  message: DetectMessage;
  indicator: string;
  textUsed: 'original' | 'translation';
  spans: Array<[number, number]>;
  terms: string[];
}

export function matchMessage(m: DetectMessage, lex: Lexicon, indicator: string): TextHit | null {
  for (const [textUsed, text] of [
    ['original', m.text],
    ['translation', m.translation],
  ] as const) {
    if (!text) continue;
    const found = lex.match(indicator, text);
    if (found.length)
      return {
        message: m,
        indicator,
        textUsed,
        spans: found.map((f) => [f.start, f.end]),
        terms: [...new Set(found.map((f) => f.term))],
      };
  }
  return null;
}

/** Every indicator of `indicators` that matches the message. */
export function matchAll(m: DetectMessage, lex: Lexicon, indicators: readonly string[]): TextHit[] {
  const out: TextHit[] = [];
  for (const i of indicators) {
    const h = matchMessage(m, lex, i);
    if (h) out.push(h);
  }
  return out;
}

export function evidenceOf(h: TextHit): EvidenceRef {
  return {
    kind: 'message',
    id: h.message.id,
    spans: h.spans,
    textUsed: h.textUsed,
    note: `${h.indicator}: ${h.terms.join(', ')}`,
  };
}

/** Adds evidence to a list, merging spans of the same message and text. */
export function addEvidence(list: EvidenceRef[], e: EvidenceRef): void {
  const same = list.find((x) => x.kind === e.kind && x.id === e.id && x.textUsed === e.textUsed);
  if (!same) {
    list.push({ ...e, spans: e.spans ? [...e.spans] : undefined });
    return;
  }
  if (e.spans) {
    const spans = [...(same.spans ?? []), ...e.spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged: Array<[number, number]> = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    }
    same.spans = merged;
  }
  if (e.note && e.note !== same.note) same.note = same.note ? `${same.note}; ${e.note}` : e.note;
}

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export function hourOf(at: number): number {
  return new Date(at).getUTCHours();
}

export function isoDay(at: number | null): string {
  return at === null ? 'undated' : new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}
