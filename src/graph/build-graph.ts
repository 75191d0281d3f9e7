// Builds the link graph of a case from the store: pairs aggregated in SQL, mapped to nodes
// (identifiers or persons), merged into undirected edges with counts by direction, times, apps,
// devices and sources; contact-only relations added as a weaker edge kind.
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import type { BuildOptions, GraphEdge, GraphNode, SavedName } from './graph-types.js';
import { forEachPair, contactEntries } from './edge-query.js';
import { NodeResolver } from './node-resolver.js';
import { LinkGraph } from './link-graph.js';

export interface BuildStats {
  /** Aggregated rows read from the store. */
  pairRows: number;
  /** Communications between two identifiers of the same node (a person texting their other number). */
  selfCommunications: number;
  /** Communication edges left out by minWeight. */
  belowMinWeight: number;
  contactEntries: number;
  /** Milliseconds: SQL aggregation streamed into edges, contacts, ordering and indexing. */
  timings: { pairs: number; contacts: number; finish: number };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function addSorted(list: string[], x: string): void {
  if (!list.includes(x)) list.push(x);
}

function emptyEdge(source: string, target: string, kind: GraphEdge['kind']): GraphEdge {
  return {
    source,
    target,
    kind,
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

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

export async function buildLinkGraph(
  store: Store,
  caseId: string,
  opts: BuildOptions = {},
): Promise<LinkGraph & { buildStats: BuildStats }> {
  const mode = opts.mode ?? 'identifier';
  if (mode !== 'identifier' && mode !== 'person')
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, `graph mode must be identifier or person`);
  const minWeight = opts.minWeight ?? 1;
  const resolver = await NodeResolver.load(store, caseId, mode);

  const nodeIds: string[] = [];
  const nodeIndex = new Map<string, number>();
  const nodeKeys: Array<Set<string>> = [];
  const nodeOf = (key: string): number => {
    const id = resolver.nodeOf(key);
    let i = nodeIndex.get(id);
    if (i === undefined) {
      i = nodeIds.length;
      nodeIds.push(id);
      nodeIndex.set(id, i);
      nodeKeys.push(new Set());
    }
    nodeKeys[i]!.add(key);
    const ident = resolver.identifierOf(key);
    if (ident !== key) nodeKeys[i]!.add(ident);
    return i;
  };

  const SHIFT = 2 ** 26;
  const edgeIndex = new Map<number, number>();
  const edges: GraphEdge[] = [];
  const stats: BuildStats = {
    pairRows: 0,
    selfCommunications: 0,
    belowMinWeight: 0,
    contactEntries: 0,
    timings: { pairs: 0, contacts: 0, finish: 0 },
  };
  let t0 = performance.now();
  const edgeFor = (iu: number, iv: number, kind: GraphEdge['kind']): [GraphEdge, boolean] => {
    const flip = cmp(nodeIds[iu]!, nodeIds[iv]!) > 0;
    const key = flip ? iv * SHIFT + iu : iu * SHIFT + iv;
    let e = edgeIndex.get(key);
    if (e === undefined) {
      e = edges.length;
      edgeIndex.set(key, e);
      edges.push(
        flip
          ? emptyEdge(nodeIds[iv]!, nodeIds[iu]!, kind)
          : emptyEdge(nodeIds[iu]!, nodeIds[iv]!, kind),
      );
    }
    return [edges[e]!, flip];
  };

  // interned strings: apps, devices and sources repeat across many edges
  stats.pairRows = await forEachPair(store, caseId, opts, (r) => {
    const [a, b, kind, directed, app, device, source] = r;
    const n = Number(r[7]);
    const iu = nodeOf(a);
    const iv = nodeOf(b);
    if (iu === iv) {
      stats.selfCommunications += n;
      return;
    }
    const [e, flip] = edgeFor(iu, iv, 'communication');
    const counts = kind === 'message' ? e.messages : e.calls;
    if (!Number(directed)) counts.unknown += n;
    else if (flip) counts.in += n;
    else counts.out += n;
    e.weight += n;
    e.callSeconds += Number(r[10] ?? 0);
    const first = r[8] === null ? null : Number(r[8]);
    const last = r[9] === null ? null : Number(r[9]);
    e.firstAt = minOf(e.firstAt, first);
    e.lastAt = maxOf(e.lastAt, last);
    addSorted(e.apps, app);
    addSorted(e.devices, device);
    addSorted(e.sources, source);
  });

  stats.timings.pairs = performance.now() - t0;
  t0 = performance.now();
  if (minWeight > 1) {
    const kept = edges.filter((e) => e.weight >= minWeight);
    stats.belowMinWeight = edges.length - kept.length;
    edgeIndex.clear();
    for (let i = 0; i < kept.length; i++) {
      const e = kept[i]!;
      edgeIndex.set(nodeIndex.get(e.source)! * SHIFT + nodeIndex.get(e.target)!, i);
    }
    edges.length = 0;
    edges.push(...kept);
  }

  // every seized device's owner is a node, even when the filters leave it no edge
  for (const dev of resolver.deviceLabel.keys())
    if (!opts.devices?.length || opts.devices.includes(dev)) nodeOf(`device:${dev}`);

  if (opts.includeContacts !== false) {
    const entries = await contactEntries(store, caseId, opts);
    stats.contactEntries = entries.length;
    for (const c of entries) {
      const iu = nodeOf(`device:${c.device_id}`);
      const iv = nodeOf(c.key);
      if (iu === iv) continue;
      const [e] = edgeFor(iu, iv, 'contact');
      e.savedAs.push({
        device: c.device_id,
        name: c.name ?? '',
        contact: c.contact_id,
        source: c.source_id,
        saved: iu === nodeIndex.get(e.source) ? e.source : e.target,
      });
      addSorted(e.devices, c.device_id);
      addSorted(e.sources, c.source_id);
    }
  }

  stats.timings.contacts = performance.now() - t0;
  t0 = performance.now();
  // deterministic order: nodes by id, edges by (source, target)
  const order = nodeIds.map((_, i) => i).sort((a, b) => cmp(nodeIds[a]!, nodeIds[b]!));
  const rank = new Int32Array(nodeIds.length);
  order.forEach((old, i) => (rank[old] = i));
  const nodeFirst: Array<number | null> = new Array(nodeIds.length).fill(null);
  const nodeLast: Array<number | null> = new Array(nodeIds.length).fill(null);
  const sortKeys = new Float64Array(edges.length);
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    const s = nodeIndex.get(e.source)!;
    const t = nodeIndex.get(e.target)!;
    sortKeys[i] = rank[s]! * SHIFT + rank[t]!;
    for (const x of [s, t]) {
      nodeFirst[x] = minOf(nodeFirst[x]!, e.firstAt);
      nodeLast[x] = maxOf(nodeLast[x]!, e.lastAt);
    }
    e.apps.sort(cmp);
    e.devices.sort(cmp);
    e.sources.sort(cmp);
    e.savedAs.sort((a, b) => cmp(a.device, b.device) || cmp(a.contact, b.contact));
  }
  // bucket the edges by source rank (linear), then order each small bucket by target rank
  const srcRank = new Int32Array(edges.length);
  const bucketStart = new Int32Array(nodeIds.length + 1);
  for (let i = 0; i < edges.length; i++) {
    srcRank[i] = Math.floor(sortKeys[i]! / SHIFT);
    bucketStart[srcRank[i]! + 1]!++;
  }
  for (let r = 0; r < nodeIds.length; r++) bucketStart[r + 1]! += bucketStart[r]!;
  const fillAt = bucketStart.slice(0, nodeIds.length);
  const sortedEdgeIdx = new Array<number>(edges.length);
  for (let i = 0; i < edges.length; i++) sortedEdgeIdx[fillAt[srcRank[i]!]!++] = i;
  for (let r = 0; r < nodeIds.length; r++) {
    const a = bucketStart[r]!;
    const b = bucketStart[r + 1]!;
    if (b - a > 1) {
      const part = sortedEdgeIdx.slice(a, b).sort((x, y) => sortKeys[x]! - sortKeys[y]!);
      for (let k = 0; k < part.length; k++) sortedEdgeIdx[a + k] = part[k]!;
    }
  }

  const ownerOf = new Map<string, string[]>();
  for (const dev of resolver.deviceLabel.keys()) {
    const id = resolver.nodeOf(`device:${dev}`);
    const l = ownerOf.get(id) ?? [];
    l.push(dev);
    ownerOf.set(id, l);
  }
  const nodes: GraphNode[] = order.map((i) => {
    const id = nodeIds[i]!;
    const info = resolver.describe(id);
    const identifiers = [...nodeKeys[i]!].sort(cmp);
    const names: SavedName[] = [];
    const seen = new Set<string>();
    for (const k of identifiers)
      for (const n of resolver.names.get(k) ?? []) {
        const s = `${n.device}\u0000${n.name}`;
        if (!seen.has(s)) {
          seen.add(s);
          names.push(n);
        }
      }
    names.sort((a, b) => cmp(a.device, b.device) || cmp(a.name, b.name));
    let label = info.label;
    if (info.kind === 'identifier' && names.length === 0 && ownerOf.has(id))
      label = `${label} (owner of ${ownerOf
        .get(id)!
        .map((d) => resolver.deviceLabel.get(d) ?? d)
        .join(', ')})`;
    return {
      id,
      kind: info.kind,
      type: info.type,
      label,
      identifiers,
      ownerOf: (ownerOf.get(id) ?? []).sort(cmp),
      names,
      firstAt: nodeFirst[i]!,
      lastAt: nodeLast[i]!,
    };
  });
  const ends = { source: new Int32Array(edges.length), target: new Int32Array(edges.length) };
  sortedEdgeIdx.forEach((e, k) => {
    ends.source[k] = srcRank[e]!;
    ends.target[k] = sortKeys[e]! - srcRank[e]! * SHIFT;
  });
  const g = new LinkGraph(
    caseId,
    mode,
    { ...opts },
    nodes,
    sortedEdgeIdx.map((i) => edges[i]!),
    ends,
  ) as LinkGraph & { buildStats: BuildStats };
  stats.timings.finish = performance.now() - t0;
  g.buildStats = stats;
  return g;
}
