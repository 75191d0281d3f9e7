// Paths between two people: every shortest chain of contacts, and all short chains up to a hop limit,
// over communication edges; each hop can be opened to the messages and calls that evidence it.
import { AppError, ErrorCodes } from '../model/errors.js';
import type { Csr, LinkGraph } from './link-graph.js';

export interface PathOptions {
  /** Also list simple paths up to this many hops (default: the shortest length + 1). */
  maxHops?: number;
  /** Most paths listed (default 50). */
  maxPaths?: number;
}

export interface PathsResult {
  from: string;
  to: string;
  /** Hops of the shortest path, or null when the two are not connected. */
  shortest: number | null;
  /** Every shortest path (node ids), up to maxPaths. */
  shortestPaths: string[][];
  /** All simple paths of at most `maxHops` hops (shortest ones first), up to maxPaths. */
  shortPaths: string[][];
  maxHops: number;
  /** True when more paths exist than were listed. */
  truncated: boolean;
}

function bfs(csr: Csr, from: number): Int32Array {
  const dist = new Int32Array(csr.n).fill(-1);
  const queue = new Int32Array(csr.n);
  let head = 0;
  let tail = 0;
  dist[from] = 0;
  queue[tail++] = from;
  while (head < tail) {
    const v = queue[head++]!;
    for (let p = csr.offsets[v]!; p < csr.offsets[v + 1]!; p++) {
      const w = csr.targets[p]!;
      if (dist[w]! < 0) {
        dist[w] = dist[v]! + 1;
        queue[tail++] = w;
      }
    }
  }
  return dist;
}

/** Resolve a node reference (id, identifier key or value) or fail with NOT_FOUND. */
export function requireNode(g: LinkGraph, ref: string): number {
  const i = g.resolveNode(ref);
  if (i === undefined)
    throw new AppError(ErrorCodes.NOT_FOUND, `${JSON.stringify(ref)} is not a node of this graph`, {
      node: ref,
    });
  return i;
}

export function findPaths(
  g: LinkGraph,
  fromRef: string,
  toRef: string,
  opts: PathOptions = {},
): PathsResult {
  const a = requireNode(g, fromRef);
  const b = requireNode(g, toRef);
  const maxPaths = opts.maxPaths ?? 50;
  const csr = g.csr;
  const id = (i: number) => g.nodes[i]!.id;
  if (a === b)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `the two ends of a path must differ (${id(a)})`,
    );
  const distB = bfs(csr, b);
  const shortest = distB[a]! >= 0 ? distB[a]! : null;
  const maxHops = opts.maxHops ?? (shortest === null ? 0 : shortest + 1);
  if (shortest === null)
    return {
      from: id(a),
      to: id(b),
      shortest: null,
      shortestPaths: [],
      shortPaths: [],
      maxHops,
      truncated: false,
    };
  if (maxHops < 1 || maxHops > 12)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, `maxHops must be between 1 and 12`);

  // depth-first from a, pruned by the distance to b: every extension can still reach b in budget
  const found: number[][] = [];
  let truncated = false;
  const onPath = new Uint8Array(csr.n);
  const path: number[] = [a];
  onPath[a] = 1;
  const limit = maxPaths * 20;
  const walk = (v: number) => {
    if (found.length >= limit) {
      truncated = true;
      return;
    }
    if (v === b) {
      found.push([...path]);
      return;
    }
    const depth = path.length - 1;
    // visit neighbours nearest to b first, then by id, so lists are stable
    const next: number[] = [];
    for (let p = csr.offsets[v]!; p < csr.offsets[v + 1]!; p++) {
      const w = csr.targets[p]!;
      if (!onPath[w] && distB[w]! >= 0 && depth + 1 + distB[w]! <= maxHops) next.push(w);
    }
    next.sort((x, y) => distB[x]! - distB[y]! || x - y);
    for (const w of next) {
      onPath[w] = 1;
      path.push(w);
      walk(w);
      path.pop();
      onPath[w] = 0;
    }
  };
  walk(a);
  found.sort((x, y) => x.length - y.length || x.join(',').localeCompare(y.join(',')));
  const shortestPaths = found.filter((p) => p.length - 1 === shortest);
  if (found.length > maxPaths) truncated = true;
  return {
    from: id(a),
    to: id(b),
    shortest,
    shortestPaths: shortestPaths.slice(0, maxPaths).map((p) => p.map(id)),
    shortPaths: found.slice(0, maxPaths).map((p) => p.map(id)),
    maxHops,
    truncated,
  };
}

export interface EgoOptions {
  /** Hops out from the centre (default 1). */
  hops?: number;
  /** Most nodes returned, nearest and most in contact first (default 500). */
  limit?: number;
  /** Follow contact-only edges too (default true). */
  contacts?: boolean;
}

export interface EgoNetwork {
  center: string;
  hops: number;
  /** Node index → hop distance, for the nodes kept. */
  nodes: Array<{ index: number; hop: number }>;
  /** Edge indices among the kept nodes. */
  edges: number[];
  /** Nodes within reach that the limit left out. */
  omitted: number;
}

/** The ego network: nodes up to n hops from the centre and every edge among them. */
export function egoNetwork(g: LinkGraph, centerRef: string, opts: EgoOptions = {}): EgoNetwork {
  const c = requireNode(g, centerRef);
  const hops = opts.hops ?? 1;
  if (!Number.isInteger(hops) || hops < 1 || hops > 6)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'hops must be an integer from 1 to 6');
  const limit = opts.limit ?? 500;
  const csr = opts.contacts === false ? g.csr : g.csrAll;
  const dist = new Map<number, number>([[c, 0]]);
  const weightTo = new Map<number, number>();
  let frontier = [c];
  for (let h = 1; h <= hops && frontier.length; h++) {
    const next: number[] = [];
    for (const v of frontier)
      for (let p = csr.offsets[v]!; p < csr.offsets[v + 1]!; p++) {
        const w = csr.targets[p]!;
        weightTo.set(w, (weightTo.get(w) ?? 0) + csr.weight[p]!);
        if (!dist.has(w)) {
          dist.set(w, h);
          next.push(w);
        }
      }
    frontier = next;
  }
  const all = [...dist].sort(
    (x, y) => x[1] - y[1] || (weightTo.get(y[0]) ?? 0) - (weightTo.get(x[0]) ?? 0) || x[0] - y[0],
  );
  const kept = all.slice(0, limit);
  const keep = new Set(kept.map(([i]) => i));
  const edges: number[] = [];
  for (const i of keep)
    for (let p = csr.offsets[i]!; p < csr.offsets[i + 1]!; p++) {
      const w = csr.targets[p]!;
      if (w > i && keep.has(w)) edges.push(csr.edge[p]!);
    }
  edges.sort((x, y) => x - y);
  return {
    center: g.nodes[c]!.id,
    hops,
    nodes: kept.map(([index, hop]) => ({ index, hop })),
    edges,
    omitted: all.length - kept.length,
  };
}
