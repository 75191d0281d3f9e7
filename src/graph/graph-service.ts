// The graph service: what the CLI, the HTTP API and the web view call. Every method takes a case id
// and options and returns plain JSON (nodes, edges, measures, paths with evidence, neighbourhoods).
// Built graphs are cached per case and options until the case's data changes.
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import { makeId } from '../model/ids.js';
import { isoUtc } from '../model/timestamps.js';
import type { BuildOptions, GraphEdge, GraphNode } from './graph-types.js';
import type { LinkGraph } from './link-graph.js';
import { buildLinkGraph, type BuildStats } from './build-graph.js';
import {
  analyseGraph,
  type AnalyseOptions,
  type GraphAnalysis,
  type NodeMeasures,
} from './analyse-graph.js';
import { egoNetwork, findPaths, requireNode, type EgoOptions, type PathOptions } from './paths.js';
import { itemsBetween, type PairItem } from './edge-query.js';
import { commonContacts, type CommonContactsResult } from './common-contacts.js';
import {
  comparePeriods,
  findLineSwaps,
  type CompareOptions,
  type LineSwap,
  type PeriodComparison,
  type SwapOptions,
} from './change-over-time.js';

export interface EdgeJson extends GraphEdge {
  /** Deterministic link id (case, node mode and both ends). */
  id: string;
}

export interface GraphJson {
  caseId: string;
  mode: string;
  filter: BuildOptions;
  nodes: Array<GraphNode & { measures?: NodeMeasures; hop?: number }>;
  edges: EdgeJson[];
  stats: BuildStats;
}

export interface HopEvidence {
  from: string;
  to: string;
  edge: EdgeJson;
  /** Items evidencing the hop, newest first (up to the limit). */
  items: Array<{
    id: string;
    kind: 'message' | 'call';
    from: string;
    to: string;
    directionKnown: boolean;
    app: string;
    device: string;
    source: string;
    locator: string;
    at: string | null;
    durationS: number | null;
  }>;
  total: number;
}

export interface PathsJson {
  from: string;
  to: string;
  shortest: number | null;
  maxHops: number;
  truncated: boolean;
  shortestPaths: string[][];
  shortPaths: string[][];
  /** Evidence of every hop used by the listed paths, keyed `a|b` (a < b). */
  hops: Record<string, HopEvidence>;
  nodes: Record<string, { label: string; type: string }>;
}

export function edgeId(g: LinkGraph, e: GraphEdge): string {
  return makeId('link', [g.caseId, g.mode, e.source, e.target]);
}

export function edgeJson(g: LinkGraph, e: GraphEdge): EdgeJson {
  return { id: edgeId(g, e), ...e };
}

function toItem(r: PairItem): HopEvidence['items'][number] {
  return {
    id: r.id,
    kind: r.kind,
    from: r.a,
    to: r.b,
    directionKnown: r.directed === 1,
    app: r.app,
    device: r.device_id,
    source: r.source_id,
    locator: r.locator,
    at: isoUtc(r.at),
    durationS: r.kind === 'call' ? r.seconds : null,
  };
}

interface Cached {
  fingerprint: string;
  graph: Promise<LinkGraph & { buildStats: BuildStats }>;
  analysis: Map<string, Promise<GraphAnalysis>>;
}

export class GraphService {
  private readonly cache = new Map<string, Cached>();

  constructor(
    readonly store: Store,
    private readonly maxCached = 8,
  ) {}

  /** Changes whenever items, sources or resolved persons of the case change. */
  async fingerprint(caseId: string): Promise<string> {
    const r = await sql<{ f: string }>`SELECT
        (SELECT COUNT(*) FROM sources WHERE case_id = ${caseId}) || ':' ||
        (SELECT COALESCE(MAX(seq), 0) FROM messages WHERE case_id = ${caseId}) || ':' ||
        (SELECT COUNT(*) FROM calls WHERE case_id = ${caseId}) || ':' ||
        (SELECT COUNT(*) FROM contacts WHERE case_id = ${caseId}) || ':' ||
        (SELECT COUNT(*) FROM device_identifiers WHERE case_id = ${caseId}) || ':' ||
        (SELECT COUNT(*) FROM person_identifiers WHERE case_id = ${caseId}) AS f`.execute(
      this.store.db,
    );
    return String(r.rows[0]?.f ?? '');
  }

  private async entry(caseId: string, opts: BuildOptions): Promise<Cached> {
    const key = `${caseId}\u0000${JSON.stringify(normalise(opts))}`;
    const fp = await this.fingerprint(caseId);
    let c = this.cache.get(key);
    if (!c || c.fingerprint !== fp) {
      c = {
        fingerprint: fp,
        graph: buildLinkGraph(this.store, caseId, normalise(opts)),
        analysis: new Map(),
      };
      c.graph.catch(() => this.cache.delete(key));
      this.cache.delete(key);
      this.cache.set(key, c);
      while (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    }
    return c;
  }

  /** The built graph (cached). */
  async linkGraph(
    caseId: string,
    opts: BuildOptions = {},
  ): Promise<LinkGraph & { buildStats: BuildStats }> {
    return (await this.entry(caseId, opts)).graph;
  }

  /** All measures, communities and brokers (cached per seed and resolution). */
  async analysis(
    caseId: string,
    opts: BuildOptions = {},
    a: AnalyseOptions = {},
  ): Promise<GraphAnalysis> {
    const c = await this.entry(caseId, opts);
    const k = JSON.stringify({
      seed: a.seed,
      resolution: a.resolution,
      top: a.top,
      b: a.betweenness,
    });
    let p = c.analysis.get(k);
    if (!p) {
      p = c.graph.then((g) => analyseGraph(g, a));
      c.analysis.set(k, p);
    }
    return p;
  }

  /** Nodes (with their measures when asked) and edges, as JSON. */
  async graph(
    caseId: string,
    opts: BuildOptions = {},
    withMeasures = false,
    a: AnalyseOptions = {},
  ): Promise<GraphJson> {
    const g = await this.linkGraph(caseId, opts);
    const m = withMeasures ? (await this.analysis(caseId, opts, a)).measures : null;
    return {
      caseId,
      mode: g.mode,
      filter: normalise(opts),
      nodes: g.nodes.map((n) => (m ? { ...n, measures: m[n.id]! } : n)),
      edges: g.edges.map((e) => edgeJson(g, e)),
      stats: g.buildStats,
    };
  }

  /** The ego network of a node (n hops), for the network view's neighbourhood expansion. */
  async neighbourhood(
    caseId: string,
    node: string,
    ego: EgoOptions = {},
    opts: BuildOptions = {},
  ): Promise<GraphJson & { center: string; omitted: number }> {
    const g = await this.linkGraph(caseId, opts);
    const r = egoNetwork(g, node, ego);
    return {
      caseId,
      mode: g.mode,
      filter: normalise(opts),
      center: r.center,
      omitted: r.omitted,
      nodes: r.nodes.map(({ index, hop }) => ({ ...g.nodes[index]!, hop })),
      edges: r.edges.map((e) => edgeJson(g, g.edges[e]!)),
      stats: g.buildStats,
    };
  }

  /** The messages and calls behind the edge between two nodes, newest first. */
  async evidence(
    caseId: string,
    a: string,
    b: string,
    opts: BuildOptions = {},
    limit = 50,
  ): Promise<HopEvidence> {
    const g = await this.linkGraph(caseId, opts);
    const ia = requireNode(g, a);
    const ib = requireNode(g, b);
    return this.hop(g, ia, ib, limit);
  }

  private async hop(g: LinkGraph, ia: number, ib: number, limit: number): Promise<HopEvidence> {
    const e = g.edgeBetween(ia, ib);
    const A = g.nodes[ia]!;
    const B = g.nodes[ib]!;
    const { items, total } = await itemsBetween(
      this.store,
      g.caseId,
      A.identifiers,
      B.identifiers,
      g.filter,
      limit,
    );
    return {
      from: A.id,
      to: B.id,
      edge: e >= 0 ? edgeJson(g, g.edges[e]!) : edgeJson(g, emptyEdge(A.id, B.id)),
      items: items.map(toItem),
      total,
    };
  }

  /** Shortest and short paths between two people, with the messages and calls on each hop. */
  async paths(
    caseId: string,
    a: string,
    b: string,
    p: PathOptions & { evidencePerHop?: number } = {},
    opts: BuildOptions = {},
  ): Promise<PathsJson> {
    const g = await this.linkGraph(caseId, opts);
    const r = findPaths(g, a, b, p);
    const hops: Record<string, HopEvidence> = {};
    const nodes: PathsJson['nodes'] = {};
    for (const path of [...r.shortestPaths, ...r.shortPaths])
      for (let i = 0; i < path.length; i++) {
        const id = path[i]!;
        const n = g.nodes[g.indexOf(id)!]!;
        nodes[id] = { label: n.label, type: n.type };
        if (i === 0) continue;
        const [x, y] = [path[i - 1]!, id].sort();
        const k = `${x}|${y}`;
        if (!hops[k])
          hops[k] = await this.hop(g, g.indexOf(x!)!, g.indexOf(y!)!, p.evidencePerHop ?? 20);
      }
    return { ...r, hops, nodes };
  }

  async common(caseId: string, deviceA: string, deviceB: string): Promise<CommonContactsResult> {
    return commonContacts(this.store, caseId, deviceA, deviceB);
  }

  /** Who rose, fell, went silent or appeared, and line swaps (always on identifiers). */
  async changes(
    caseId: string,
    opts: CompareOptions = {},
    swap: SwapOptions = {},
  ): Promise<PeriodComparison & { swaps: LineSwap[] }> {
    const periods = await comparePeriods(this.store, caseId, opts);
    const g = await this.linkGraph(caseId, {
      ...strip(opts),
      mode: 'identifier',
      includeContacts: false,
    });
    return { ...periods, swaps: findLineSwaps(g, swap) };
  }
}

function strip(o: CompareOptions): BuildOptions {
  const { split: _s, top: _t, ...rest } = o;
  return rest;
}

function emptyEdge(source: string, target: string): GraphEdge {
  const [s, t] = source < target ? [source, target] : [target, source];
  return {
    source: s!,
    target: t!,
    kind: 'communication',
    messages: { out: 0, in: 0, unknown: 0 },
    calls: { out: 0, in: 0, unknown: 0 },
    callSeconds: 0,
    weight: 0,
    firstAt: null,
    lastAt: null,
    apps: [],
    devices: [],
    sources: [],
    savedAs: [],
  };
}

/** Options with defaults filled and lists sorted, so equal requests share a cache entry. */
export function normalise(o: BuildOptions): BuildOptions {
  const out: BuildOptions = { mode: o.mode ?? 'identifier' };
  if (o.from !== undefined) out.from = o.from;
  if (o.to !== undefined) out.to = o.to;
  if (o.apps?.length) out.apps = [...o.apps].sort();
  if (o.devices?.length) out.devices = [...o.devices].sort();
  if (o.direction) out.direction = o.direction;
  if (o.minWeight !== undefined && o.minWeight > 1) out.minWeight = o.minWeight;
  if (o.includeContacts === false) out.includeContacts = false;
  return out;
}
