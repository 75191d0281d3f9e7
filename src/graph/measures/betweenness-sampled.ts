// Sampled betweenness for large graphs (Riondato & Kornaropoulos, "Fast approximation of
// betweenness centrality through sampling", WSDM 2014): r random pairs (s, t), one uniformly chosen
// shortest path each, found with a balanced bidirectional BFS. With probability ≥ 1-δ every node's
// estimate is within ±ε of its exact normalised betweenness, where
// r = ⌈(c/ε²)(⌊log2(VD-2)⌋ + 1 + ln(1/δ))⌉, c = 0.5 and VD bounds the vertex diameter.
import type { Csr } from '../link-graph.js';

export interface SampledPlan {
  samples: number;
  epsilon: number;
  delta: number;
  vertexDiameterBound: number;
}

/** An upper bound of the vertex diameter: per component, min(size, 2·eccentricity(start) + 1). */
export function vertexDiameterBound(csr: Csr): number {
  const { n, offsets, targets } = csr;
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let best = 1;
  for (let s = 0; s < n; s++) {
    if (dist[s]! >= 0) continue;
    let head = 0;
    let tail = 0;
    dist[s] = 0;
    queue[tail++] = s;
    let ecc = 0;
    while (head < tail) {
      const v = queue[head++]!;
      const dv = dist[v]!;
      if (dv > ecc) ecc = dv;
      for (let p = offsets[v]!; p < offsets[v + 1]!; p++) {
        const w = targets[p]!;
        if (dist[w]! < 0) {
          dist[w] = dv + 1;
          queue[tail++] = w;
        }
      }
    }
    best = Math.max(best, Math.min(tail, 2 * ecc + 1));
  }
  return best;
}

export function sampledPlan(csr: Csr, epsilon: number, delta: number): SampledPlan {
  const vd = vertexDiameterBound(csr);
  const samples = Math.ceil(
    (0.5 / (epsilon * epsilon)) *
      (Math.floor(Math.log2(Math.max(vd - 2, 1))) + 1 + Math.log(1 / delta)),
  );
  return { samples, epsilon, delta, vertexDiameterBound: vd };
}

/**
 * Adds, for `count` sampled pairs drawn with `random`, one to every inner node of the chosen shortest
 * path. The normalised estimate is `hits / samples` (over ordered pairs, RK's normalisation).
 */
export function samplePaths(
  csr: Csr,
  count: number,
  random: () => number,
  hits: Float64Array,
): void {
  const { n, offsets, targets } = csr;
  if (n < 3) return;
  const distS = new Int32Array(n).fill(-1);
  const distT = new Int32Array(n).fill(-1);
  const sigS = new Float64Array(n);
  const sigT = new Float64Array(n);
  const touched = new Int32Array(2 * n);
  let frontA = new Int32Array(n);
  let nextA = new Int32Array(n);
  let frontB = new Int32Array(n);
  let nextB = new Int32Array(n);
  const meet = new Int32Array(n);
  for (let c = 0; c < count; c++) {
    const s = Math.floor(random() * n);
    let t = Math.floor(random() * (n - 1));
    if (t >= s) t++;
    let nt = 0;
    distS[s] = 0;
    sigS[s] = 1;
    distT[t] = 0;
    sigT[t] = 1;
    touched[nt++] = s;
    touched[nt++] = t;
    let fa = 1;
    let fb = 1;
    frontA[0] = s;
    frontB[0] = t;
    let levelS = 0;
    let levelT = 0;
    let nm = 0;
    let expandedS = true;
    for (;;) {
      if (fa === 0 || fb === 0) break;
      let degA = 0;
      for (let i = 0; i < fa; i++) degA += offsets[frontA[i]! + 1]! - offsets[frontA[i]!]!;
      let degB = 0;
      for (let i = 0; i < fb; i++) degB += offsets[frontB[i]! + 1]! - offsets[frontB[i]!]!;
      expandedS = degA <= degB;
      const front = expandedS ? frontA : frontB;
      const fl = expandedS ? fa : fb;
      const next = expandedS ? nextA : nextB;
      const dist = expandedS ? distS : distT;
      const sig = expandedS ? sigS : sigT;
      const other = expandedS ? distT : distS;
      const level = (expandedS ? levelS : levelT) + 1;
      let nl = 0;
      for (let i = 0; i < fl; i++) {
        const u = front[i]!;
        const su = sig[u]!;
        for (let p = offsets[u]!; p < offsets[u + 1]!; p++) {
          const w = targets[p]!;
          const dw = dist[w]!;
          if (dw < 0) {
            dist[w] = level;
            sig[w] = su;
            next[nl++] = w;
            touched[nt++] = w;
            if (other[w]! >= 0) meet[nm++] = w;
          } else if (dw === level) sig[w]! += su;
        }
      }
      if (expandedS) {
        levelS = level;
        fa = nl;
        const x = frontA;
        frontA = nextA;
        nextA = x;
      } else {
        levelT = level;
        fb = nl;
        const x = frontB;
        frontB = nextB;
        nextB = x;
      }
      if (nm > 0) break;
    }
    if (nm > 0) {
      // meeting nodes are on the expanded side's new level; those at the other side's deepest level
      // lie on shortest paths (d = levelS + levelT)
      const other = expandedS ? distT : distS;
      const otherLevel = expandedS ? levelT : levelS;
      let total = 0;
      for (let i = 0; i < nm; i++) {
        const w = meet[i]!;
        if (other[w] === otherLevel) total += sigS[w]! * sigT[w]!;
      }
      let pick = random() * total;
      let w = -1;
      for (let i = 0; i < nm; i++) {
        const x = meet[i]!;
        if (other[x] !== otherLevel) continue;
        w = x;
        pick -= sigS[x]! * sigT[x]!;
        if (pick < 0) break;
      }
      if (w !== s && w !== t) hits[w]! += 1;
      walkBack(w, distS, sigS, s, t, offsets, targets, random, hits);
      walkBack(w, distT, sigT, t, s, offsets, targets, random, hits);
    }
    for (let i = 0; i < nt; i++) {
      const v = touched[i]!;
      distS[v] = -1;
      distT[v] = -1;
      sigS[v] = 0;
      sigT[v] = 0;
    }
  }
}

function walkBack(
  from: number,
  dist: Int32Array,
  sig: Float64Array,
  root: number,
  otherEnd: number,
  offsets: Int32Array,
  targets: Int32Array,
  random: () => number,
  hits: Float64Array,
): void {
  let u = from;
  while (u !== root) {
    const du = dist[u]! - 1;
    let pick = random() * sig[u]!;
    let chosen = -1;
    for (let p = offsets[u]!; p < offsets[u + 1]!; p++) {
      const v = targets[p]!;
      if (dist[v] !== du) continue;
      chosen = v;
      pick -= sig[v]!;
      if (pick < 0) break;
    }
    u = chosen;
    if (u !== root && u !== otherEnd) hits[u]! += 1;
  }
}
