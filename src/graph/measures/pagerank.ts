// PageRank on the directed, weighted communication graph: a node ranks high when much contact flows
// to it from nodes that themselves rank high. Dangling nodes (no outgoing contact) spread evenly.
import type { Csr } from '../link-graph.js';

export interface PageRankOptions {
  /** Damping factor (probability of following a link rather than jumping anywhere). */
  alpha?: number;
  /** Stop when the L1 change between iterations is below this. */
  tolerance?: number;
  maxIterations?: number;
}

export interface PageRankResult {
  rank: Float64Array;
  iterations: number;
  converged: boolean;
  alpha: number;
}

export function pageRank(csr: Csr, opts: PageRankOptions = {}): PageRankResult {
  const alpha = opts.alpha ?? 0.85;
  const tol = opts.tolerance ?? 1e-10;
  const maxIt = opts.maxIterations ?? 200;
  const { n, offsets, targets, flow } = csr;
  if (n === 0) return { rank: new Float64Array(0), iterations: 0, converged: true, alpha };
  const outW = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    let w = 0;
    for (let p = offsets[u]!; p < offsets[u + 1]!; p++) w += flow[p]!;
    outW[u] = w;
  }
  let rank = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  let it = 0;
  let converged = false;
  while (it < maxIt) {
    it++;
    let dangling = 0;
    next.fill(0);
    for (let u = 0; u < n; u++) {
      const r = rank[u]!;
      if (outW[u] === 0) {
        dangling += r;
        continue;
      }
      const share = (alpha * r) / outW[u]!;
      for (let p = offsets[u]!; p < offsets[u + 1]!; p++) {
        const f = flow[p]!;
        if (f > 0) next[targets[p]!]! += share * f;
      }
    }
    const base = (1 - alpha) / n + (alpha * dangling) / n;
    let diff = 0;
    for (let v = 0; v < n; v++) {
      const x = next[v]! + base;
      next[v] = x;
      diff += Math.abs(x - rank[v]!);
    }
    const t = rank;
    rank = next;
    next = t;
    if (diff < tol) {
      converged = true;
      break;
    }
  }
  return { rank, iterations: it, converged, alpha };
}
