// The link graph in memory: nodes and edges as plain records (what the API and exports return) plus a
// compact adjacency (CSR typed arrays) of the communication edges that every measure runs on.
import { AppError, ErrorCodes } from '../model/errors.js';
import type { GraphEdge, GraphFilter, GraphNode, NodeMode } from './graph-types.js';

/**
 * Compressed sparse rows over the communication edges, undirected: the neighbours of node `i` are
 * `targets[offsets[i] .. offsets[i+1])`. Per arc: the edge index, its weight (messages + calls in
 * both directions) and its flow (communications from the arc's tail to its head, half the
 * direction-unknown ones).
 */
export interface Csr {
  n: number;
  /** Number of undirected edges. */
  m: number;
  offsets: Int32Array;
  targets: Int32Array;
  edge: Int32Array;
  weight: Float64Array;
  flow: Float64Array;
}

export class LinkGraph {
  private readonly index = new Map<string, number>();
  private csrCache: Csr | null = null;
  private csrAllCache: Csr | null = null;
  private pairs: Map<number, number> | null = null;
  /** Endpoint node indices of each edge. */
  readonly edgeSource: Int32Array;
  readonly edgeTarget: Int32Array;

  constructor(
    readonly caseId: string,
    readonly mode: NodeMode,
    readonly filter: GraphFilter,
    readonly nodes: GraphNode[],
    readonly edges: GraphEdge[],
    /** Endpoint node indices of each edge when the caller knows them (saves two lookups per edge). */
    ends?: { source: Int32Array; target: Int32Array },
  ) {
    nodes.forEach((n, i) => this.index.set(n.id, i));
    if (ends) {
      this.edgeSource = ends.source;
      this.edgeTarget = ends.target;
      return;
    }
    this.edgeSource = new Int32Array(edges.length);
    this.edgeTarget = new Int32Array(edges.length);
    edges.forEach((e, i) => {
      this.edgeSource[i] = this.requireIndex(e.source);
      this.edgeTarget[i] = this.requireIndex(e.target);
    });
  }

  get order(): number {
    return this.nodes.length;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  /** The node index of an id, or a NOT_FOUND error naming it. */
  requireIndex(id: string): number {
    const i = this.index.get(id);
    if (i === undefined)
      throw new AppError(ErrorCodes.NOT_FOUND, `no node ${JSON.stringify(id)} in this graph`, {
        node: id,
      });
    return i;
  }

  node(i: number): GraphNode {
    return this.nodes[i]!;
  }

  /** Find a node by id, by one of its identifier keys, or by an identifier value (`+447700900123`). */
  resolveNode(ref: string): number | undefined {
    const direct = this.index.get(ref);
    if (direct !== undefined) return direct;
    const wanted = ref.trim();
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i]!;
      for (const k of n.identifiers)
        if (k === wanted || k.slice(k.indexOf(':') + 1) === wanted) return i;
    }
    return undefined;
  }

  /** The communication-edge adjacency (built once): what the measures run on. */
  get csr(): Csr {
    if (!this.csrCache) this.csrCache = this.buildCsr(false);
    return this.csrCache;
  }

  /** Adjacency over every edge, contact-only ones included (neighbourhoods). */
  get csrAll(): Csr {
    if (!this.csrAllCache) this.csrAllCache = this.buildCsr(true);
    return this.csrAllCache;
  }

  /** Edge index between two node indices (any kind), or -1. */
  edgeBetween(a: number, b: number): number {
    if (!this.pairs) {
      this.pairs = new Map();
      const n = this.nodes.length;
      for (let e = 0; e < this.edges.length; e++) {
        const s = this.edgeSource[e]!;
        const t = this.edgeTarget[e]!;
        this.pairs.set(Math.min(s, t) * n + Math.max(s, t), e);
      }
    }
    return this.pairs.get(Math.min(a, b) * this.nodes.length + Math.max(a, b)) ?? -1;
  }

  private buildCsr(all: boolean): Csr {
    const n = this.nodes.length;
    const deg = new Int32Array(n + 1);
    let m = 0;
    for (let e = 0; e < this.edges.length; e++) {
      if (!all && this.edges[e]!.kind !== 'communication') continue;
      deg[this.edgeSource[e]!]!++;
      deg[this.edgeTarget[e]!]!++;
      m++;
    }
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + deg[i]!;
    const fill = offsets.slice(0, n);
    const targets = new Int32Array(2 * m);
    const edge = new Int32Array(2 * m);
    const weight = new Float64Array(2 * m);
    const flow = new Float64Array(2 * m);
    for (let e = 0; e < this.edges.length; e++) {
      const ed = this.edges[e]!;
      if (!all && ed.kind !== 'communication') continue;
      const s = this.edgeSource[e]!;
      const t = this.edgeTarget[e]!;
      const half = (ed.messages.unknown + ed.calls.unknown) / 2;
      let p = fill[s]!++;
      targets[p] = t;
      edge[p] = e;
      weight[p] = ed.weight;
      flow[p] = ed.messages.out + ed.calls.out + half;
      p = fill[t]!++;
      targets[p] = s;
      edge[p] = e;
      weight[p] = ed.weight;
      flow[p] = ed.messages.in + ed.calls.in + half;
    }
    return { n, m, offsets, targets, edge, weight, flow };
  }
}

/** A bare node record (tests, benchmarks, graphs not read from a store). */
export function plainNode(id: string, label = id): GraphNode {
  const i = id.indexOf(':');
  return {
    id,
    kind: 'identifier',
    type: i > 0 ? id.slice(0, i) : 'unknown',
    label,
    identifiers: [id],
    ownerOf: [],
    names: [],
    firstAt: null,
    lastAt: null,
  };
}

/** A bare communication edge with `out` messages from a to b (and `back` from b to a). */
export function plainEdge(
  a: string,
  b: string,
  out = 1,
  back = 0,
  extra: Partial<GraphEdge> = {},
): GraphEdge {
  const flip = b < a;
  return {
    source: flip ? b : a,
    target: flip ? a : b,
    kind: 'communication',
    messages: flip ? { out: back, in: out, unknown: 0 } : { out, in: back, unknown: 0 },
    calls: { out: 0, in: 0, unknown: 0 },
    callSeconds: 0,
    weight: out + back,
    firstAt: null,
    lastAt: null,
    apps: [],
    devices: [],
    sources: [],
    savedAs: [],
    ...extra,
  };
}

/** A graph from an edge list `[a, b, messagesAtoB?, messagesBtoA?]` (nodes created as met). */
export function graphFromEdges(
  list: ReadonlyArray<readonly [string, string, number?, number?]>,
  extraNodes: string[] = [],
): LinkGraph {
  const ids = new Set<string>();
  for (const [a, b] of list) ids.add(a).add(b);
  for (const x of extraNodes) ids.add(x);
  const nodes = [...ids].map((id) => plainNode(id));
  const edges = list.map(([a, b, out, back]) => plainEdge(a, b, out ?? 1, back ?? 0));
  return new LinkGraph('test', 'identifier', {}, nodes, edges);
}
