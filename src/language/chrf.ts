// chrF (Popović 2015), character n-gram F-score, computed as sacreBLEU 2.x computes it by default
// (chrF2: character n-grams up to 6, beta 2, whitespace removed, "effective order" averaging):
// n-gram statistics are summed over the corpus, precision and recall are averaged over the orders
// that have n-grams on both sides, and the F-beta of the two averages is the score (0..100).

export interface ChrfOptions {
  /** Longest character n-gram (default 6). */
  charOrder?: number;
  /** Weight of recall against precision (default 2). */
  beta?: number;
  /** Keep whitespace inside n-grams (sacreBLEU `whitespace=True`; default false). */
  whitespace?: boolean;
  /** chrF++.py-style epsilon smoothing instead of effective order (sacreBLEU `eps_smoothing`). */
  epsSmoothing?: boolean;
}

/** Per order n: [hypothesis n-grams, reference n-grams, matching n-grams]. */
export type ChrfStatistics = Array<[number, number, number]>;

/** The characters Python's `str.split()` splits on (so whitespace removal matches sacreBLEU's). */
const PY_WHITESPACE =
  /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu;

function ngramCounts(chars: readonly string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const g = chars.slice(i, i + n).join('');
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Sentence statistics for one hypothesis against one reference. */
export function chrfStatistics(
  hypothesis: string,
  reference: string,
  o: ChrfOptions = {},
): ChrfStatistics {
  const order = o.charOrder ?? 6;
  const prep = (s: string) => (o.whitespace ? s : s.replace(PY_WHITESPACE, ''));
  // Code points, not UTF-16 units: Python indexes strings by code point.
  const h = Array.from(prep(hypothesis));
  const r = Array.from(prep(reference));
  const stats: ChrfStatistics = [];
  for (let n = 1; n <= order; n++) {
    const hg = ngramCounts(h, n);
    const rg = ngramCounts(r, n);
    let hypCount = 0;
    let match = 0;
    for (const [g, c] of hg) {
      hypCount += c;
      const rc = rg.get(g);
      if (rc) match += Math.min(c, rc);
    }
    let refCount = 0;
    for (const c of rg.values()) refCount += c;
    // as sacreBLEU: hypothesis n-grams do not count when the reference has none of that order
    stats.push([rg.size ? hypCount : 0, refCount, match]);
  }
  return stats;
}

/** The score (0..100) from (summed) statistics. */
export function chrfFromStatistics(stats: ChrfStatistics, o: ChrfOptions = {}): number {
  const beta = o.beta ?? 2;
  const factor = beta * beta;
  const eps = 1e-16;
  let epsScore = 0;
  let avgP = 0;
  let avgR = 0;
  let effective = 0;
  for (const [nHyp, nRef, nMatch] of stats) {
    const p = nHyp > 0 ? nMatch / nHyp : eps;
    const r = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * p + r;
    epsScore += denom > 0 ? ((1 + factor) * p * r) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgP += p;
      avgR += r;
      effective++;
    }
  }
  if (o.epsSmoothing) return (100 * epsScore) / stats.length;
  if (effective === 0) return 0;
  avgP /= effective;
  avgR /= effective;
  if (avgP + avgR === 0) return 0;
  return (100 * (1 + factor) * avgP * avgR) / (factor * avgP + avgR);
}

/** Corpus chrF: statistics summed over aligned hypothesis/reference lines, then one score. */
export function corpusChrf(
  hypotheses: readonly string[],
  references: readonly string[],
  o: ChrfOptions = {},
): number {
  if (hypotheses.length !== references.length)
    throw new RangeError(
      `chrF needs aligned lines: ${hypotheses.length} hypotheses, ${references.length} references`,
    );
  const order = o.charOrder ?? 6;
  const total: ChrfStatistics = Array.from({ length: order }, () => [0, 0, 0]);
  hypotheses.forEach((h, i) => {
    chrfStatistics(h, references[i]!, o).forEach(([a, b, c], n) => {
      const t = total[n]!;
      t[0] += a;
      t[1] += b;
      t[2] += c;
    });
  });
  return chrfFromStatistics(total, o);
}

/** chrF of one sentence. */
export function sentenceChrf(hypothesis: string, reference: string, o: ChrfOptions = {}): number {
  return chrfFromStatistics(chrfStatistics(hypothesis, reference, o), o);
}
