// A graphology Graph of a link graph (nodes and edges with their attributes), for consumers that work
// on graphology (the web view's sigma.js, graphology's own algorithms). Meant for case-sized graphs:
// graphology's object adjacency is slow to fill at a million edges.
import { UndirectedGraph } from 'graphology';
import type { LinkGraph } from './link-graph.js';

export function toGraphology(
  g: LinkGraph,
  opts: { communicationOnly?: boolean } = {},
): UndirectedGraph {
  const out = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  for (const n of g.nodes) out.addNode(n.id, { ...n });
  for (const e of g.edges) {
    if (opts.communicationOnly && e.kind !== 'communication') continue;
    out.addEdgeWithKey(`${e.source}\u2194${e.target}`, e.source, e.target, { ...e });
  }
  return out;
}
