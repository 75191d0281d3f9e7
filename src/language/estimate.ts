// The estimate shown before a translation job starts: lines and characters to do, the language
// mix (from a sample), which engine each pair goes to, the time it should take and, for paid
// cloud engines, what it should cost.
import type { LanguageIdentifier } from './langid/language-identifier.js';
import type { TranslationRouter } from './translation-router.js';
import { needsTranslation } from './translate-case.js';
import { normaliseForTranslation } from './normalise-text.js';

/** Language identification cost per message on one core (measured, docs/language.md). */
const LANGID_MS_PER_LINE = 0.5;

export interface EstimatePair {
  source: string;
  engine: string | null;
  model: string | null;
  /** Estimated lines and characters in this pair (scaled from the sample). */
  lines: number;
  chars: number;
  seconds: number | null;
  cost: { amount: number; currency: string } | null;
}

export interface TranslationEstimate {
  lines: number;
  chars: number;
  sampled: number;
  /** Share of sampled lines whose normalised text repeats another (translated once). */
  repeatShare: number;
  toTranslateLines: number;
  toTranslateChars: number;
  pairs: EstimatePair[];
  seconds: number;
  cost: Array<{ engine: string; amount: number; currency: string }>;
}

export async function estimateTranslation(o: {
  lines: number;
  chars: number;
  sample: readonly string[];
  target: string;
  identifier: LanguageIdentifier;
  router: TranslationRouter;
  workers: number;
}): Promise<TranslationEstimate> {
  const byLang = new Map<string, { lines: number; chars: number }>();
  const seen = new Set<string>();
  let repeats = 0;
  for (const text of o.sample) {
    const g = o.identifier.identify(text);
    const norm = normaliseForTranslation(text).text;
    if (seen.has(norm)) repeats++;
    seen.add(norm);
    const e = byLang.get(g.language) ?? { lines: 0, chars: 0 };
    e.lines++;
    e.chars += text.length;
    byLang.set(g.language, e);
  }
  const n = o.sample.length || 1;
  const sampleChars = o.sample.reduce((s, t) => s + t.length, 0) || 1;
  const repeatShare = o.sample.length ? repeats / o.sample.length : 0;
  const pairs: EstimatePair[] = [];
  let seconds = (o.lines * LANGID_MS_PER_LINE) / 1000 / Math.max(1, o.workers);
  const costs = new Map<string, { amount: number; currency: string }>();
  let toTranslateLines = 0;
  let toTranslateChars = 0;
  for (const [lang, e] of [...byLang.entries()].sort((a, b) => b[1].lines - a[1].lines)) {
    if (!needsTranslation(lang, o.target)) continue;
    const lines = Math.round((e.lines / n) * o.lines);
    const chars = Math.round((e.chars / sampleChars) * o.chars);
    toTranslateLines += lines;
    toTranslateChars += chars;
    const info = await o.router.resolve(lang, o.target);
    const unique = chars * (1 - repeatShare);
    const s = info?.charsPerSecond ? unique / info.charsPerSecond : null;
    if (s !== null) seconds += s;
    let cost: EstimatePair['cost'] = null;
    if (info?.costPerMillionChars) {
      cost = {
        amount: (unique / 1_000_000) * info.costPerMillionChars.amount,
        currency: info.costPerMillionChars.currency,
      };
      const c = costs.get(info.engine) ?? { amount: 0, currency: cost.currency };
      c.amount += cost.amount;
      costs.set(info.engine, c);
    }
    pairs.push({
      source: lang,
      engine: info?.engine ?? null,
      model: info?.model ?? null,
      lines,
      chars,
      seconds: s,
      cost,
    });
  }
  return {
    lines: o.lines,
    chars: o.chars,
    sampled: o.sample.length,
    repeatShare,
    toTranslateLines,
    toTranslateChars,
    pairs,
    seconds,
    cost: [...costs.entries()].map(([engine, c]) => ({
      engine,
      amount: Math.round(c.amount * 100) / 100,
      currency: c.currency,
    })),
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
