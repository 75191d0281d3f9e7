// Louvain community detection (Blondel et al. 2008) on the weighted communication graph, with a
// seeded random order of node visits so the same seed always gives the same communities.
import type { Csr } from '../link-graph.js';
import { DEFAULT_SEED, seededRandom, shuffleInPlace } from '../rng.js';

export interface LouvainOptions {
  seed?: number;
  /** Resolution γ: above 1 favours more, smaller communities. */
  resolution?: number;
  /** Stop a level when a pass moves no node; cap passes per level. */
  maxPasses?: number;
}

export interface LouvainResult {
  /** Community of each node, numbered 0.. by decreasing size (ties: smallest node index first). */
  community: Int32Array;
  count: number;
  modularity: number;
  levels: number;
  seed: number;
  resolution: number;
}

interface Level {
  n: number;
  offsets: Int32Array;
  targets: Int32Array;
  weight: Float64Array;
  /** Weight of each node's self-loop (edges inside an aggregated community). */
  loop: Float64Array;
}

function onePass(g: Level, res: number, m2: number, random: () => number, maxPasses: number) {
  const { n, offsets, targets, weight, loop } = g;
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 2 * loop[i]!;
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) s += weight[p]!;
    k[i] = s;
  }
  const comm = new Int32Array(n);
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    comm[i] = i;
    tot[i] = k[i]!;
  }
  const neighW = new Float64Array(n).fill(-1);
  const neighList = new Int32Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, random);
  let improved = false;
  for (let pass = 0; pass < maxPasses; pass++) {
    let moves = 0;
    for (let oi = 0; oi < n; oi++) {
      const i = order[oi]!;
      const ci = comm[i]!;
      let nl = 0;
      neighW[ci] = 0;
      neighList[nl++] = ci;
      for (let p = offsets[i]!; p < offsets[i + 1]!; p++) {
        const j = targets[p]!;
        if (j === i) continue;
        const cj = comm[j]!;
        if (neighW[cj]! < 0) {
          neighW[cj] = 0;
          neighList[nl++] = cj;
        }
        neighW[cj]! += weight[p]!;
      }
      const ki = k[i]!;
      tot[ci]! -= ki;
      let best = ci;
      let bestGain = neighW[ci]! - (res * tot[ci]! * ki) / m2;
      for (let x = 0; x < nl; x++) {
        const c = neighList[x]!;
        const gain = neighW[c]! - (res * tot[c]! * ki) / m2;
        if (gain > bestGain + 1e-12) {
          bestGain = gain;
          best = c;
        }
      }
      tot[best]! += ki;
      if (best !== ci) {
        comm[i] = best;
        moves++;
      }
      for (let x = 0; x < nl; x++) neighW[neighList[x]!] = -1;
    }
    if (moves === 0) break;
    improved = true;
  }
  // renumber in order of first appearance
  const map = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = comm[i]!;
    if (map[c]! < 0) map[c] = count++;
    comm[i] = map[c]!;
  }
  return { comm, count, improved };
}

function aggregate(g: Level, comm: Int32Array, count: number): Level {
  const loop = new Float64Array(count);
  const rows: Array<Map<number, number>> = Array.from({ length: count }, () => new Map());
  for (let i = 0; i < g.n; i++) {
    const ci = comm[i]!;
    loop[ci]! += g.loop[i]!;
    const row = rows[ci]!;
    for (let p = g.offsets[i]!; p < g.offsets[i + 1]!; p++) {
      const cj = comm[g.targets[p]!]!;
      if (cj === ci) loop[ci]! += g.weight[p]! / 2;
      else row.set(cj, (row.get(cj) ?? 0) + g.weight[p]!);
    }
  }
  const offsets = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) offsets[c + 1] = offsets[c]! + rows[c]!.size;
  const targets = new Int32Array(offsets[count]!);
  const weight = new Float64Array(offsets[count]!);
  for (let c = 0; c < count; c++) {
    let p = offsets[c]!;
    for (const [t, w] of [...rows[c]!].sort((a, b) => a[0] - b[0])) {
      targets[p] = t;
      weight[p++] = w;
    }
  }
  return { n: count, offsets, targets, weight, loop };
}

/** Modularity of a partition of the weighted graph (resolution γ). */
export function modularity(csr: Csr, community: Int32Array, resolution = 1): number {
  let m2 = 0;
  let inside = 0;
  const tot = new Map<number, number>();
  for (let i = 0; i < csr.n; i++) {
    let ki = 0;
    for (let p = csr.offsets[i]!; p < csr.offsets[i + 1]!; p++) {
      const w = csr.weight[p]!;
      ki += w;
      if (community[csr.targets[p]!] === community[i]) inside += w;
    }
    m2 += ki;
    tot.set(community[i]!, (tot.get(community[i]!) ?? 0) + ki);
  }
  if (m2 === 0) return 0;
  let q = inside / m2;
  for (const t of tot.values()) q -= resolution * (t / m2) ** 2;
  return q;
}

export function louvain(csr: Csr, opts: LouvainOptions = {}): LouvainResult {
  const seed = opts.seed ?? DEFAULT_SEED;
  const res = opts.resolution ?? 1;
  const random = seededRandom(seed);
  const n = csr.n;
  let level: Level = {
    n,
    offsets: csr.offsets,
    targets: csr.targets,
    weight: csr.weight,
    loop: new Float64Array(n),
  };
  let m2 = 0;
  for (let p = 0; p < csr.weight.length; p++) m2 += csr.weight[p]!;
  const membership = new Int32Array(n);
  for (let i = 0; i < n; i++) membership[i] = i;
  let levels = 0;
  if (m2 > 0) {
    for (;;) {
      const { comm, count, improved } = onePass(level, res, m2, random, opts.maxPasses ?? 50);
      if (!improved || count === level.n) break;
      levels++;
      for (let i = 0; i < n; i++) membership[i] = comm[membership[i]!]!;
      level = aggregate(level, comm, count);
    }
  }
  // number communities by decreasing size, ties by smallest member index
  const size = new Map<number, number>();
  const firstMember = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = membership[i]!;
    size.set(c, (size.get(c) ?? 0) + 1);
    if (!firstMember.has(c)) firstMember.set(c, i);
  }
  const ranked = [...size.keys()].sort(
    (a, b) => size.get(b)! - size.get(a)! || firstMember.get(a)! - firstMember.get(b)!,
  );
  const renum = new Map(ranked.map((c, i) => [c, i]));
  const community = new Int32Array(n);
  for (let i = 0; i < n; i++) community[i] = renum.get(membership[i]!)!;
  return {
    community,
    count: ranked.length,
    modularity: modularity(csr, community, res),
    levels,
    seed,
    resolution: res,
  };
}
