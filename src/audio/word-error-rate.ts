// Word error rate (WER): word-level Levenshtein distance over the reference length, after the
// usual normalisation (lower case, punctuation and sentence markers dropped), as in NIST sclite.

export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/<\/?s>|<sil>|\[[^\]]*\]/g, ' ')
    .replace(/\(\d+\)/g, ' ') // pocketsphinx pronunciation variants: and(2)
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

export interface WerCounts {
  substitutions: number;
  deletions: number;
  insertions: number;
  referenceWords: number;
}

/** Minimum edit counts turning the reference into the hypothesis. */
export function wordErrors(reference: string, hypothesis: string): WerCounts {
  const r = normaliseWords(reference);
  const h = normaliseWords(hypothesis);
  // d[i][j] = [cost, subs, dels, ins] for r[0..i) vs h[0..j)
  type Cell = [number, number, number, number];
  let prev: Cell[] = Array.from({ length: h.length + 1 }, (_, j): Cell => [j, 0, 0, j]);
  for (let i = 1; i <= r.length; i++) {
    const cur: Cell[] = [[i, 0, i, 0]];
    for (let j = 1; j <= h.length; j++) {
      const same = r[i - 1] === h[j - 1];
      const diag = prev[j - 1]!;
      const up = prev[j]!; // deletion of r[i-1]
      const left = cur[j - 1]!; // insertion of h[j-1]
      const options: Cell[] = [
        [diag[0] + (same ? 0 : 1), diag[1] + (same ? 0 : 1), diag[2], diag[3]],
        [up[0] + 1, up[1], up[2] + 1, up[3]],
        [left[0] + 1, left[1], left[2], left[3] + 1],
      ];
      options.sort((a, b) => a[0] - b[0]);
      cur.push(options[0]!);
    }
    prev = cur;
  }
  const last = prev[h.length]!;
  return {
    substitutions: last[1],
    deletions: last[2],
    insertions: last[3],
    referenceWords: r.length,
  };
}

/** WER of several utterances pooled (total errors over total reference words). */
export function wordErrorRate(
  pairs: ReadonlyArray<{ reference: string; hypothesis: string }>,
): number {
  let errors = 0;
  let words = 0;
  for (const p of pairs) {
    const c = wordErrors(p.reference, p.hypothesis);
    errors += c.substitutions + c.deletions + c.insertions;
    words += c.referenceWords;
  }
  return words === 0 ? 0 : errors / words;
}
