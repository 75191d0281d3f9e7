// Runs every network measure over a link graph and explains each in plain language: degree,
// weighted degree, betweenness, PageRank, k-core, Louvain communities and brokers between them.
import type { LinkGraph } from './link-graph.js';
import { degrees } from './measures/degree.js';
import { pageRank } from './measures/pagerank.js';
import { coreNumbers } from './measures/k-core.js';
import {
  betweenness,
  type BetweennessOptions,
  type BetweennessResult,
} from './measures/betweenness.js';
import { louvain } from './measures/louvain.js';
import { findBrokers } from './measures/brokers.js';
import { connectedComponents } from './measures/components.js';
import { DEFAULT_SEED } from './rng.js';
import { betweennessOffThread } from './measures/betweenness-thread.js';

export interface AnalyseOptions {
  seed?: number;
  /** Louvain resolution (default 1). */
  resolution?: number;
  betweenness?: BetweennessOptions;
  /** Entries in each top list (default 10). */
  top?: number;
  /** Compute betweenness on a worker thread while communities are found (default: when sampled). */
  thread?: boolean;
  onStep?: (step: string, ms: number) => void;
}

export interface NodeMeasures {
  degree: number;
  weightedDegree: number;
  /** Normalised betweenness (0..1). */
  betweenness: number;
  pagerank: number;
  core: number;
  community: number;
  /** The separate network (connected component) it belongs to, 0 = the largest. */
  network: number;
  /** Betweenness within its own network: raw divided by the pairs of other nodes of that network. */
  networkBetweenness: number;
}

export interface RankedNode {
  id: string;
  label: string;
  value: number;
  rank: number;
  explanation: string;
}

export interface CommunitySummary {
  id: number;
  size: number;
  /** Members with the most contact, up to 10. */
  leading: Array<{ id: string; label: string; weightedDegree: number }>;
  internalWeight: number;
  externalWeight: number;
}

export interface BrokerSummary {
  id: string;
  label: string;
  community: number;
  reaches: Array<{ community: number; neighbours: number; weight: number }>;
  participation: number;
  outsideShare: number;
  betweenness: number;
  explanation: string;
}

export interface GraphAnalysis {
  caseId: string;
  mode: string;
  seed: number;
  summary: {
    nodes: number;
    edges: number;
    communicationEdges: number;
    contactEdges: number;
    density: number;
  };
  methods: {
    betweenness: Pick<BetweennessResult, 'method' | 'samples' | 'seed' | 'errorBound'>;
    pagerank: { alpha: number; iterations: number; converged: boolean };
    communities: {
      algorithm: 'louvain';
      count: number;
      modularity: number;
      levels: number;
      seed: number;
      resolution: number;
    };
    kcore: { maxCore: number };
  };
  /** What each measure means, for the reader. */
  explanations: Record<keyof NodeMeasures, string>;
  measures: Record<string, NodeMeasures>;
  top: Record<'degree' | 'weightedDegree' | 'betweenness' | 'pagerank' | 'core', RankedNode[]>;
  communities: CommunitySummary[];
  /** Separate networks of 3 or more, each with its top go-betweens by betweenness within it. */
  networks: Array<{ id: number; size: number; goBetweens: RankedNode[] }>;
  brokers: BrokerSummary[];
  timings: Record<string, number>;
}

export const MEASURE_EXPLANATIONS: Record<keyof NodeMeasures, string> = {
  degree: 'How many different numbers or people this one exchanged messages or calls with.',
  weightedDegree:
    'How many messages and calls went to and from it (records: a message found on both phones counts twice).',
  betweenness:
    'How often it lies on the shortest chain of contacts between two others, as a share of all pairs: high values mark go-betweens whose removal would cut or lengthen the links between people.',
  pagerank:
    'How much contact flows to it from others who themselves receive a lot of contact: high values mark people others report or turn to.',
  core: 'The largest k such that it belongs to a group in which everyone is in contact with at least k others of that group: high values mark the tightly knit centre of the network.',
  network:
    'Separate networks: groups with no chain of contact at all between them (a case can hold several). 0 is the largest.',
  networkBetweenness:
    'Betweenness within its own network: the share of shortest contact chains between other members of that network that pass through it. Compares go-betweens of a small separate network fairly with those of the largest.',
  community:
    'Groups that talk more among themselves than with the rest (Louvain method, seeded so the grouping is reproducible). A reading aid, not proof that anyone belongs to anything.',
};

function pct(x: number): string {
  return x >= 0.1
    ? `${(x * 100).toFixed(0)}%`
    : x >= 0.001
      ? `${(x * 100).toFixed(1)}%`
      : `${(x * 100).toPrecision(2)}%`;
}

function ranked(
  g: LinkGraph,
  values: ArrayLike<number>,
  top: number,
  say: (label: string, value: number, rank: number) => string,
): RankedNode[] {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i]! > 0) idx.push(i);
  idx.sort((a, b) => values[b]! - values[a]! || (g.nodes[a]!.id < g.nodes[b]!.id ? -1 : 1));
  return idx.slice(0, top).map((i, r) => {
    const n = g.node(i);
    return {
      id: n.id,
      label: n.label,
      value: values[i]!,
      rank: r + 1,
      explanation: say(n.label, values[i]!, r + 1),
    };
  });
}

export async function analyseGraph(
  g: LinkGraph,
  opts: AnalyseOptions = {},
): Promise<GraphAnalysis> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const top = opts.top ?? 10;
  const timings: Record<string, number> = {};
  let t = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    timings[name] = now - t;
    opts.onStep?.(name, now - t);
    t = now;
  };
  const csr = g.csr;
  step('adjacency');
  const n = csr.n;
  const bOpts = { seed, ...opts.betweenness };
  const sampled =
    bOpts.method === 'sampled' ||
    (bOpts.method !== 'exact' && n * Math.max(csr.m, 1) > (bOpts.exactWorkLimit ?? 2e8));
  const useThread = opts.thread ?? sampled;
  const tb = performance.now();
  const pendingB = useThread ? betweennessOffThread(csr, bOpts) : null;
  const deg = degrees(csr);
  step('degree');
  const pr = pageRank(csr);
  step('pagerank');
  const core = coreNumbers(csr);
  step('kcore');
  const comm = louvain(csr, { seed, resolution: opts.resolution });
  step('communities');
  let bt: BetweennessResult;
  if (pendingB) {
    bt = await pendingB;
    timings['betweenness (worker thread, overlapped)'] = performance.now() - tb;
    opts.onStep?.('  (betweenness on the worker thread, overlapped)', performance.now() - tb);
    step('betweenness wait');
  } else {
    bt = betweenness(csr, bOpts);
    step('betweenness');
  }
  const brokers = findBrokers(csr, comm.community);
  step('brokers');
  const comps = connectedComponents(csr);
  const netB = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = comps.sizes[comps.component[i]!]!;
    netB[i] = c > 2 ? bt.raw[i]! / (((c - 1) * (c - 2)) / 2) : 0;
  }
  const networks: GraphAnalysis['networks'] = [];
  {
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const c = comps.component[i]!;
      if (comps.sizes[c]! < 3) continue;
      const l = members.get(c) ?? [];
      l.push(i);
      members.set(c, l);
    }
    for (const [id, list] of [...members].sort((a, b) => a[0] - b[0]).slice(0, 50)) {
      const ranked = list
        .filter((i) => bt.raw[i]! > 0)
        .sort((a, b) => bt.raw[b]! - bt.raw[a]! || a - b)
        .slice(0, 3);
      networks.push({
        id,
        size: list.length,
        goBetweens: ranked.map((i, r) => ({
          id: g.nodes[i]!.id,
          label: g.nodes[i]!.label,
          value: netB[i]!,
          rank: r + 1,
          explanation: `${g.nodes[i]!.label} lies on ${pct(netB[i]!)} of the shortest contact chains between other members of network ${id} (${list.length} members; rank ${r + 1}).`,
        })),
      });
    }
  }
  step('networks');

  const measures: Record<string, NodeMeasures> = {};
  let maxCore = 0;
  for (let i = 0; i < n; i++) {
    if (core[i]! > maxCore) maxCore = core[i]!;
    measures[g.nodes[i]!.id] = {
      degree: deg.degree[i]!,
      weightedDegree: deg.weighted[i]!,
      betweenness: bt.normalised[i]!,
      pagerank: pr.rank[i]!,
      core: core[i]!,
      community: comm.community[i]!,
      network: comps.component[i]!,
      networkBetweenness: netB[i]!,
    };
  }
  // communities: size, leading members, weight inside and out
  const comms: CommunitySummary[] = Array.from({ length: comm.count }, (_, id) => ({
    id,
    size: 0,
    leading: [],
    internalWeight: 0,
    externalWeight: 0,
  }));
  const membersOf: number[][] = Array.from({ length: comm.count }, () => []);
  for (let i = 0; i < n; i++) {
    const c = comm.community[i]!;
    comms[c]!.size++;
    membersOf[c]!.push(i);
    for (let p = csr.offsets[i]!; p < csr.offsets[i + 1]!; p++) {
      if (comm.community[csr.targets[p]!] === c) comms[c]!.internalWeight += csr.weight[p]! / 2;
      else comms[c]!.externalWeight += csr.weight[p]!;
    }
  }
  const singletons = comms.filter(
    (c) => c.size > 1 || c.internalWeight > 0 || c.externalWeight > 0,
  );
  for (const c of singletons) {
    c.leading = membersOf[c.id]!.sort((a, b) => deg.weighted[b]! - deg.weighted[a]! || a - b)
      .slice(0, 10)
      .map((i) => ({
        id: g.nodes[i]!.id,
        label: g.nodes[i]!.label,
        weightedDegree: deg.weighted[i]!,
      }));
  }
  const brokerList: BrokerSummary[] = brokers
    .sort(
      (a, b) =>
        bt.normalised[b.node]! - bt.normalised[a.node]! ||
        b.participation - a.participation ||
        a.node - b.node,
    )
    .slice(0, Math.max(top, 20))
    .map((b) => {
      const node = g.node(b.node);
      const groups = b.reaches.map(
        (r) => `community ${r.community} (${r.neighbours} contact${r.neighbours === 1 ? '' : 's'})`,
      );
      return {
        id: node.id,
        label: node.label,
        community: b.community,
        reaches: b.reaches,
        participation: b.participation,
        outsideShare: b.outsideShare,
        betweenness: bt.normalised[b.node]!,
        explanation: `${node.label} belongs to community ${b.community} but ${pct(b.outsideShare)} of their contact is with ${groups.join(', ')}; they lie on ${pct(bt.normalised[b.node]!)} of shortest contact chains between other pairs.`,
      };
    });
  const total = n;
  const commEdges = csr.m;
  const analysis: GraphAnalysis = {
    caseId: g.caseId,
    mode: g.mode,
    seed,
    summary: {
      nodes: n,
      edges: g.edges.length,
      communicationEdges: commEdges,
      contactEdges: g.edges.length - commEdges,
      density: n > 1 ? (2 * commEdges) / (n * (n - 1)) : 0,
    },
    methods: {
      betweenness: {
        method: bt.method,
        samples: bt.samples,
        seed: bt.seed,
        errorBound: bt.errorBound,
      },
      pagerank: { alpha: pr.alpha, iterations: pr.iterations, converged: pr.converged },
      communities: {
        algorithm: 'louvain',
        count: singletons.length,
        modularity: comm.modularity,
        levels: comm.levels,
        seed: comm.seed,
        resolution: comm.resolution,
      },
      kcore: { maxCore },
    },
    explanations: MEASURE_EXPLANATIONS,
    measures,
    top: {
      degree: ranked(
        g,
        deg.degree,
        top,
        (l, v, r) => `${l} was in contact with ${v} others (rank ${r} of ${total}).`,
      ),
      weightedDegree: ranked(
        g,
        deg.weighted,
        top,
        (l, v, r) => `${l} sent or received ${v} messages and calls (rank ${r} of ${total}).`,
      ),
      betweenness: ranked(
        g,
        bt.normalised,
        top,
        (l, v, r) =>
          `${l} lies on ${pct(v)} of the shortest contact chains between other pairs (rank ${r} of ${total})${bt.errorBound ? `, ±${pct(bt.errorBound.epsilon)} at ${pct(bt.errorBound.confidence)} confidence` : ''}.`,
      ),
      pagerank: ranked(
        g,
        pr.rank,
        top,
        (l, v, r) =>
          `${l} draws ${(v * total).toFixed(1)}× the average share of contact flow (rank ${r} of ${total}).`,
      ),
      core: ranked(
        g,
        core,
        top,
        (l, v, r) =>
          `${l} is in a group where everyone is in contact with at least ${v} others of the group (rank ${r} of ${total}).`,
      ),
    },
    communities: singletons,
    networks,
    brokers: brokerList,
    timings,
  };
  step('summaries');
  return analysis;
}
