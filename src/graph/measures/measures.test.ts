// Network measures checked against values worked out by hand on small graphs (the working is in the
// comments), against graphology's reference implementations on random graphs, and for reproducibility.
import { describe, expect, it } from 'vitest';
import * as betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import * as modularityModule from 'graphology-metrics/graph/modularity.js';
import * as louvainModule from 'graphology-communities-louvain';
import { graphFromEdges, type LinkGraph } from '../link-graph.js';
import { degrees } from './degree.js';
import { pageRank } from './pagerank.js';
import { coreNumbers } from './k-core.js';
import { betweenness } from './betweenness.js';
import { louvain, modularity } from './louvain.js';
import { findBrokers } from './brokers.js';
import { seededRandom } from '../rng.js';
import { toGraphology } from '../to-graphology.js';

// graphology's packages are CommonJS with ES-style typings: take the default export either way
function cjs<T>(m: { default: T }): T {
  return (m as unknown as { default?: T }).default ?? (m as unknown as T);
}
const betweennessCentrality = cjs(
  betweennessModule,
) as unknown as typeof betweennessModule.default.default;
const graphologyModularity = cjs(
  modularityModule,
) as unknown as typeof modularityModule.default.default;
const graphologyLouvain = cjs(louvainModule) as unknown as typeof louvainModule.default.default;

const at = (g: LinkGraph, arr: ArrayLike<number>, id: string) => arr[g.indexOf(id)!]!;

function randomGraph(n: number, m: number, seed: number): LinkGraph {
  const r = seededRandom(seed);
  const seen = new Set<string>();
  const list: Array<[string, string, number, number]> = [];
  while (list.length < m) {
    const a = Math.floor(r() * n);
    const b = Math.floor(r() * n);
    if (a === b) continue;
    const k = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (seen.has(k)) continue;
    seen.add(k);
    list.push([`n:${a}`, `n:${b}`, 1 + Math.floor(r() * 4), Math.floor(r() * 3)]);
  }
  return graphFromEdges(list);
}

describe('degree and weighted degree', () => {
  it('counts distinct partners and messages both ways', () => {
    // a–b: 3 from a, 1 back (weight 4); a–c: 2 (weight 2); so a: degree 2, weight 6; b: 1, 4; c: 1, 2
    const g = graphFromEdges([
      ['a', 'b', 3, 1],
      ['a', 'c', 2, 0],
    ]);
    const d = degrees(g.csr);
    expect([at(g, d.degree, 'a'), at(g, d.degree, 'b'), at(g, d.degree, 'c')]).toEqual([2, 1, 1]);
    expect([at(g, d.weighted, 'a'), at(g, d.weighted, 'b'), at(g, d.weighted, 'c')]).toEqual([
      6, 4, 2,
    ]);
  });
});

describe('betweenness (exact)', () => {
  it('path a–b–c–d: b and c each lie on 2 of the 3 pairs of other nodes', () => {
    // pairs not involving b: {a,c} via b, {a,d} via b, {c,d} direct → raw 2, normalised 2/3
    const g = graphFromEdges([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
    ]);
    const b = betweenness(g.csr);
    expect(b.method).toBe('exact');
    expect(at(g, b.raw, 'b')).toBeCloseTo(2, 12);
    expect(at(g, b.raw, 'c')).toBeCloseTo(2, 12);
    expect(at(g, b.raw, 'a')).toBe(0);
    expect(at(g, b.normalised, 'b')).toBeCloseTo(2 / 3, 12);
  });

  it('star h with leaves 1..4 and an edge 1–2: 5 of the 6 leaf pairs go through h', () => {
    // leaf pairs: 1-2 direct; 1-3, 1-4, 2-3, 2-4, 3-4 via h → raw 5; pairs of others = 4·3/2 = 6
    const g = graphFromEdges([
      ['h', '1'],
      ['h', '2'],
      ['h', '3'],
      ['h', '4'],
      ['1', '2'],
    ]);
    const b = betweenness(g.csr);
    expect(at(g, b.raw, 'h')).toBeCloseTo(5, 12);
    expect(at(g, b.normalised, 'h')).toBeCloseTo(5 / 6, 12);
    expect(at(g, b.raw, '1')).toBe(0);
  });

  it('diamond: ties split the credit between equal shortest paths', () => {
    // a–b–d and a–c–d tie for pair {a,d}: b and c get 1/2 each; {b,c} via a or d: 1/2 each
    const g = graphFromEdges([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'd'],
      ['c', 'd'],
    ]);
    const b = betweenness(g.csr);
    for (const x of ['a', 'b', 'c', 'd']) expect(at(g, b.raw, x)).toBeCloseTo(0.5, 12);
  });

  it('matches graphology-metrics on a random graph', () => {
    const g = randomGraph(120, 300, 3);
    const ours = betweenness(g.csr);
    const ref = betweennessCentrality(toGraphology(g), { getEdgeWeight: null, normalized: false });
    for (const n of g.nodes) expect(at(g, ours.raw, n.id)).toBeCloseTo(ref[n.id]!, 6);
  });

  it('the sampled estimate stays within its stated error bound of the exact values', () => {
    const g = randomGraph(400, 900, 5);
    const exact = betweenness(g.csr, { method: 'exact' });
    const est = betweenness(g.csr, { method: 'sampled', epsilon: 0.05, seed: 11 });
    expect(est.method).toBe('sampled');
    expect(est.errorBound!.confidence).toBe(0.95);
    const eps = est.errorBound!.epsilon;
    expect(eps).toBeGreaterThan(0.05);
    expect(eps).toBeLessThan(0.051);
    let worst = 0;
    for (let i = 0; i < g.order; i++)
      worst = Math.max(worst, Math.abs(est.normalised[i]! - exact.normalised[i]!));
    expect(worst).toBeLessThan(eps);
    // the top node by the estimate is among the exact top 3
    const rank = (a: Float64Array) => [...a.keys()].sort((x, y) => a[y]! - a[x]!);
    expect(rank(exact.normalised).slice(0, 3)).toContain(rank(est.normalised)[0]);
    // same seed, same estimate
    const again = betweenness(g.csr, { method: 'sampled', epsilon: 0.05, seed: 11 });
    expect([...again.normalised]).toEqual([...est.normalised]);
  });
});

describe('PageRank (directed, weighted by contact flow)', () => {
  it('a→b, a→c, b→c, c→a with damping 0.85', () => {
    // a = 0.05 + 0.85·c;  b = 0.05 + 0.85·a/2;  c = 0.05 + 0.85·(a/2 + b)
    // ⇒ c = 0.0925 + 0.78625·a ⇒ a = 0.128625 / 0.3316875 = 0.387790…, b = 0.214811…, c = 0.397400…
    const g = graphFromEdges([
      ['a', 'b', 1, 0],
      ['a', 'c', 1, 1],
      ['b', 'c', 1, 0],
    ]);
    const pr = pageRank(g.csr);
    expect(pr.converged).toBe(true);
    const a = 0.128625 / 0.3316875;
    expect(at(g, pr.rank, 'a')).toBeCloseTo(a, 9);
    expect(at(g, pr.rank, 'b')).toBeCloseTo(0.05 + 0.425 * a, 9);
    expect(at(g, pr.rank, 'c')).toBeCloseTo(0.0925 + 0.78625 * a, 9);
  });

  it('a dangling node spreads its rank evenly', () => {
    // a→b only; b has no outgoing contact: a = 0.075 + 0.425·b, a + b = 1 ⇒ a = 0.5/1.425
    const g = graphFromEdges([['a', 'b', 1, 0]]);
    const pr = pageRank(g.csr);
    expect(at(g, pr.rank, 'a')).toBeCloseTo(0.5 / 1.425, 9);
    expect(at(g, pr.rank, 'b')).toBeCloseTo(1 - 0.5 / 1.425, 9);
  });
});

describe('k-core', () => {
  it('a triangle with two pendant leaves: 2-core triangle, leaves in the 1-core', () => {
    const g = graphFromEdges([
      ['h', '1'],
      ['h', '2'],
      ['1', '2'],
      ['h', '3'],
      ['3', '4'],
    ]);
    const c = coreNumbers(g.csr);
    expect(['h', '1', '2', '3', '4'].map((x) => at(g, c, x))).toEqual([2, 2, 2, 1, 1]);
  });

  it('K4 is a 3-core', () => {
    const g = graphFromEdges([
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'd'],
      ['b', 'c'],
      ['b', 'd'],
      ['c', 'd'],
    ]);
    expect([...coreNumbers(g.csr)]).toEqual([3, 3, 3, 3]);
  });
});

function twoCliques(): LinkGraph {
  const list: Array<[string, string]> = [];
  for (const side of ['a', 'b'])
    for (let i = 1; i <= 4; i++)
      for (let j = i + 1; j <= 4; j++) list.push([`${side}${i}`, `${side}${j}`]);
  list.push(['a1', 'b1']);
  return graphFromEdges(list);
}

describe('Louvain communities', () => {
  it('finds two K4 joined by a bridge, with modularity 12/13 − 1/2', () => {
    // m = 13 edges; each side: 6 inner edges, degree sum 13 ⇒ Q = 2·(6/13 − (13/26)²) = 0.4230769…
    const g = twoCliques();
    const r = louvain(g.csr, { seed: 1 });
    expect(r.count).toBe(2);
    const ca = ['a1', 'a2', 'a3', 'a4'].map((x) => at(g, r.community, x));
    const cb = ['b1', 'b2', 'b3', 'b4'].map((x) => at(g, r.community, x));
    expect(new Set(ca).size).toBe(1);
    expect(new Set(cb).size).toBe(1);
    expect(ca[0]).not.toBe(cb[0]);
    expect(r.modularity).toBeCloseTo(12 / 13 - 0.5, 12);
  });

  it('the modularity it reports equals graphology-metrics modularity for the same partition', () => {
    const g = randomGraph(300, 900, 8);
    const r = louvain(g.csr, { seed: 4 });
    const gg = toGraphology(g);
    gg.forEachNode((id: string) => gg.setNodeAttribute(id, 'community', at(g, r.community, id)));
    const ref = graphologyModularity(gg, {
      getNodeCommunity: 'community',
      getEdgeWeight: 'weight',
    });
    expect(r.modularity).toBeCloseTo(ref, 9);
    expect(modularity(g.csr, r.community)).toBeCloseTo(ref, 9);
  });

  it('is as good as graphology-communities-louvain on a random graph', () => {
    const g = randomGraph(500, 2000, 9);
    const ours = louvain(g.csr, { seed: 2 });
    const theirs = graphologyLouvain.detailed(toGraphology(g), {
      getEdgeWeight: 'weight',
      rng: seededRandom(2),
    });
    expect(ours.modularity).toBeGreaterThan(theirs.modularity * 0.97);
  });

  it('gives identical communities for the same seed, run twice', () => {
    const g = randomGraph(600, 2400, 12);
    const one = louvain(g.csr, { seed: 77 });
    const two = louvain(randomGraph(600, 2400, 12).csr, { seed: 77 });
    expect([...two.community]).toEqual([...one.community]);
    expect(two.modularity).toBe(one.modularity);
    // and a different seed visits nodes in another order (the seed is what makes it reproducible)
    const other = louvain(g.csr, { seed: 78 });
    expect([...other.community]).not.toEqual([...one.community]);
  });
});

describe('brokers', () => {
  it('the bridge ends of two cliques are brokers, the clique insides are not', () => {
    // a1: 3 contacts in its clique + 1 in the other ⇒ outside share 1/4, participation 1 − (3/4)² − (1/4)² = 0.375
    const g = twoCliques();
    const r = louvain(g.csr, { seed: 1 });
    const b = findBrokers(g.csr, r.community);
    expect(b.map((x) => g.nodes[x.node]!.id).sort()).toEqual(['a1', 'b1']);
    expect(b[0]!.outsideShare).toBeCloseTo(0.25, 12);
    expect(b[0]!.participation).toBeCloseTo(0.375, 12);
  });
});
