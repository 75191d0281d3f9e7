// Line and handset swaps for detection: a link graph of identifiers built from the loaded case
// data (messages and calls only), searched with the graph module's swap finder
// (src/graph/change-over-time.ts), so the store loader and evaluation scenarios share one path.
import { LinkGraph } from '../graph/link-graph.js';
import { findLineSwaps, type SwapOptions } from '../graph/change-over-time.js';
import type { GraphEdge, GraphNode } from '../graph/graph-types.js';
import type { CaseData, RawLineSwap } from './case-data.js';

export function lineSwapsOf(
  data: Pick<CaseData, 'caseId' | 'messages' | 'calls'>,
  opts: SwapOptions = {},
): RawLineSwap[] {
  const edges = new Map<string, GraphEdge>();
  const nodes = new Map<string, GraphNode>();
  const node = (id: string, at: number | null) => {
    let n = nodes.get(id);
    if (!n) {
      n = {
        id,
        kind: 'identifier',
        type: id.slice(0, Math.max(0, id.indexOf(':'))),
        label: id,
        identifiers: [id],
        ownerOf: [],
        names: [],
        firstAt: null,
        lastAt: null,
      };
      nodes.set(id, n);
    }
    if (at !== null) {
      n.firstAt = n.firstAt === null ? at : Math.min(n.firstAt, at);
      n.lastAt = n.lastAt === null ? at : Math.max(n.lastAt, at);
    }
  };
  const add = (a: string | null, bs: readonly string[], at: number | null, kind: 'm' | 'c') => {
    if (!a) return;
    for (const b of bs) {
      if (a === b) continue;
      node(a, at);
      node(b, at);
      const [s, t] = a < b ? [a, b] : [b, a];
      const k = `${s}\u0000${t}`;
      let e = edges.get(k);
      if (!e) {
        e = {
          source: s,
          target: t,
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
        edges.set(k, e);
      }
      const dir = a === s ? 'out' : 'in';
      if (kind === 'm') e.messages[dir]++;
      else e.calls[dir]++;
      e.weight++;
      if (at !== null) {
        e.firstAt = e.firstAt === null ? at : Math.min(e.firstAt, at);
        e.lastAt = e.lastAt === null ? at : Math.max(e.lastAt, at);
      }
    }
  };
  for (const m of data.messages) add(m.from, m.to, m.at, 'm');
  for (const c of data.calls) add(c.from, c.to, c.at, 'c');
  const nodeList = [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const edgeList = [...edges.values()].sort((a, b) =>
    a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : 1,
  );
  const g = new LinkGraph(data.caseId, 'identifier', {}, nodeList, edgeList);
  return findLineSwaps(g, opts).map((s) => ({
    old: s.old.id,
    new: s.new.id,
    oldLastAt: s.old.lastAt,
    newFirstAt: s.new.firstAt,
    shared: s.shared.map((x) => x.id),
    oldContacts: s.old.contacts,
    overlap: s.overlap,
  }));
}
