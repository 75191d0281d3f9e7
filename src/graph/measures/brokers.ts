// Brokers between communities: people whose contacts fall in more than one community, so that
// information (or orders) between the groups flows through them.
import type { Csr } from '../link-graph.js';

export interface Broker {
  node: number;
  community: number;
  /** Communities (other than its own) it has contact with, with the weight of that contact. */
  reaches: Array<{ community: number; neighbours: number; weight: number }>;
  /** Participation coefficient: 1 − Σ_c (w_c / w)²; 0 when all contact is inside one community. */
  participation: number;
  /** Share of its contact weight that goes outside its own community. */
  outsideShare: number;
}

export interface BrokerOptions {
  /** Least share of contact weight outside the node's own community (default 0.2). */
  minOutsideShare?: number;
}

export function findBrokers(csr: Csr, community: Int32Array, opts: BrokerOptions = {}): Broker[] {
  const minOut = opts.minOutsideShare ?? 0.2;
  const out: Broker[] = [];
  const w = new Map<number, { neighbours: number; weight: number }>();
  for (let i = 0; i < csr.n; i++) {
    w.clear();
    let total = 0;
    for (let p = csr.offsets[i]!; p < csr.offsets[i + 1]!; p++) {
      const c = community[csr.targets[p]!]!;
      const x = w.get(c) ?? { neighbours: 0, weight: 0 };
      x.neighbours++;
      x.weight += csr.weight[p]!;
      w.set(c, x);
      total += csr.weight[p]!;
    }
    const own = community[i]!;
    const reaches = [...w]
      .filter(([c]) => c !== own)
      .map(([c, x]) => ({ community: c, ...x }))
      .sort((a, b) => b.weight - a.weight || a.community - b.community);
    if (total === 0 || reaches.length === 0) continue;
    const outside = reaches.reduce((s, r) => s + r.weight, 0);
    const outsideShare = outside / total;
    // a broker joins at least two groups: its own plus one, with real contact on both sides
    const ownWeight = w.get(own)?.weight ?? 0;
    const groups = reaches.length + (ownWeight > 0 ? 1 : 0);
    if (groups < 2 || outsideShare < minOut) continue;
    let sq = 0;
    for (const x of w.values()) sq += (x.weight / total) ** 2;
    out.push({ node: i, community: own, reaches, participation: 1 - sq, outsideShare });
  }
  return out;
}
