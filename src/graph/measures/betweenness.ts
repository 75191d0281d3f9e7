// Betweenness (shortest paths counted in hops, undirected): the share of shortest routes between two
// other people that pass through a node. Exact (Brandes 2001) on case-sized graphs; on large graphs
// estimated by sampling shortest paths, with a stated error bound (betweenness-sampled.ts).
import type { Csr } from '../link-graph.js';
import { DEFAULT_SEED, seededRandom } from '../rng.js';
import { sampledPlan, samplePaths } from './betweenness-sampled.js';

export interface BetweennessOptions {
  /** Exact when n·m is at most this (default 2e8: a few seconds). */
  exactWorkLimit?: number;
  /** Error bound of the sampled method on normalised betweenness (default 0.02). */
  epsilon?: number;
  /** Confidence of the error bound (default 0.95). */
  confidence?: number;
  seed?: number;
  /** Force a method (tests). */
  method?: 'exact' | 'sampled';
}

export interface BetweennessResult {
  /** Number of shortest paths between unordered pairs of other nodes through the node (fractions
   * when several shortest paths tie). */
  raw: Float64Array;
  /** Raw divided by the number of pairs of other nodes, (n-1)(n-2)/2: between 0 and 1. */
  normalised: Float64Array;
  method: 'exact' | 'sampled';
  /** Shortest-path searches run (n when exact; sampled pairs otherwise). */
  samples: number;
  seed: number | null;
  /** Sampled method: with probability ≥ confidence, every node's normalised value is within
   * ±epsilon of the exact one. */
  errorBound: { epsilon: number; confidence: number; vertexDiameterBound: number } | null;
}

/** Adds the dependencies of every source in `sources` to `out` (Brandes' accumulation). */
export function accumulateBetweenness(
  csr: Csr,
  sources: ArrayLike<number>,
  out: Float64Array,
): void {
  const { n, offsets, targets } = csr;
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  for (let k = 0; k < sources.length; k++) {
    const s = sources[k]!;
    let head = 0;
    let tail = 0;
    sigma[s] = 1;
    dist[s] = 0;
    order[tail++] = s;
    while (head < tail) {
      const v = order[head++]!;
      const dv = dist[v]! + 1;
      const sv = sigma[v]!;
      for (let p = offsets[v]!; p < offsets[v + 1]!; p++) {
        const w = targets[p]!;
        const dw = dist[w]!;
        if (dw < 0) {
          dist[w] = dv;
          sigma[w] = sv;
          order[tail++] = w;
        } else if (dw === dv) sigma[w]! += sv;
      }
    }
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i]!;
      const dw = dist[w]! - 1;
      const coeff = (1 + delta[w]!) / sigma[w]!;
      for (let p = offsets[w]!; p < offsets[w + 1]!; p++) {
        const v = targets[p]!;
        if (dist[v] === dw) delta[v]! += sigma[v]! * coeff;
      }
      out[w]! += delta[w]!;
    }
    for (let i = 0; i < tail; i++) {
      const v = order[i]!;
      sigma[v] = 0;
      dist[v] = -1;
      delta[v] = 0;
    }
  }
}

export function betweenness(csr: Csr, opts: BetweennessOptions = {}): BetweennessResult {
  const n = csr.n;
  const pairs = ((n - 1) * (n - 2)) / 2;
  const exact =
    opts.method === 'exact' ||
    (opts.method !== 'sampled' && n * Math.max(csr.m, 1) <= (opts.exactWorkLimit ?? 2e8));
  const raw = new Float64Array(n);
  const normalised = new Float64Array(n);
  if (exact) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    accumulateBetweenness(csr, all, raw);
    for (let i = 0; i < n; i++) {
      raw[i] = raw[i]! / 2;
      normalised[i] = pairs > 0 ? raw[i]! / pairs : 0;
    }
    return { raw, normalised, method: 'exact', samples: n, seed: null, errorBound: null };
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  const confidence = opts.confidence ?? 0.95;
  const plan = sampledPlan(csr, opts.epsilon ?? 0.02, 1 - confidence);
  const hits = new Float64Array(n);
  samplePaths(csr, plan.samples, seededRandom(seed), hits);
  // hits/samples estimates Σ_{s≠t} σ_st(v)/σ_st / (n(n-1)) over ordered pairs
  const scale = n > 2 ? n / (n - 2) : 0;
  for (let i = 0; i < n; i++) {
    const b = hits[i]! / plan.samples;
    normalised[i] = b * scale;
    raw[i] = normalised[i]! * pairs;
  }
  return {
    raw,
    normalised,
    method: 'sampled',
    samples: plan.samples,
    seed,
    errorBound: {
      epsilon: plan.epsilon * scale,
      confidence,
      vertexDiameterBound: plan.vertexDiameterBound,
    },
  };
}
