// The network drawn with sigma.js (WebGL): nodes sized by the chosen measure and coloured by
// community, laid out by ForceAtlas2 in a web worker for a bounded number of iterations (the graph
// is shown at once on a community layout and settles as positions arrive). Clicking a node or an
// edge reports it; the selection and a highlighted path are drawn by reducers, not by rewriting
// every node.
import { useEffect, useRef } from 'react';
import Graph from 'graphology';
import Sigma from 'sigma';
import type { NetEdge, NetNode, NetworkResponse } from '../../api/graph-types';
import type { LayoutProgress, LayoutRequest } from './layout-worker';

export type SizeMeasure = 'weightedDegree' | 'degree' | 'betweenness' | 'pagerank';

/** Okabe–Ito and Tableau colours: distinguishable, including for colour-blind readers. */
export const COMMUNITY_COLOURS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#8c564b',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#9467bd',
  '#F0E442',
];
export const OTHER_COLOUR = '#9aa4ad';
const DIM = '#e3e7eb';

export function communityColour(c: number): string {
  return COMMUNITY_COLOURS[c] ?? OTHER_COLOUR;
}

export function edgeKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** A bounded ForceAtlas2 budget: fewer iterations as the graph grows (each costs more). */
/** Most links drawn when nothing is selected (the strongest ones). */
export const MAX_DRAWN_EDGES = 5_000;

export function layoutIterations(nodes: number): number {
  return nodes <= 500 ? 300 : nodes <= 2000 ? 200 : nodes <= 5000 ? 120 : 80;
}

function hash01(s: string, salt: number): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return ((h >>> 0) % 100_000) / 100_000;
}

/** Starting positions: each community on its own disc, larger ones nearer the centre. */
function communityLayout(nodes: NetNode[]): Map<string, { x: number; y: number }> {
  const sizes = new Map<number, number>();
  for (const n of nodes) sizes.set(n.community, (sizes.get(n.community) ?? 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const centre = new Map<number, { x: number; y: number; r: number }>();
  let ring = 0;
  order.forEach(([c, size], i) => {
    const r = Math.sqrt(size) * 10;
    const angle = i * 2.399963; // golden angle
    ring = i === 0 ? 0 : Math.max(ring, Math.sqrt(i) * 60);
    const dist = i === 0 ? 0 : ring + r;
    centre.set(c, { x: Math.cos(angle) * dist, y: Math.sin(angle) * dist, r });
  });
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const c = centre.get(n.community)!;
    const a = hash01(n.id, 1) * Math.PI * 2;
    const d = Math.sqrt(hash01(n.id, 2)) * c.r;
    out.set(n.id, { x: c.x + Math.cos(a) * d, y: c.y + Math.sin(a) * d });
  }
  return out;
}

export interface CanvasSelection {
  node: string | null;
  edge: string | null;
  /** Nodes of a path (or other set) to stand out; everything else is dimmed. */
  highlight: Set<string> | null;
}

export interface LayoutStatus {
  iteration: number;
  iterations: number;
  done: boolean;
  ms: number;
}

/** What automated tests read (positions on screen, timings); nothing of case content. */
interface NetworkProbe {
  viewportPosition(id: string): { x: number; y: number } | null;
  firstRenderMs: number | null;
  layout: LayoutStatus | null;
}
declare global {
  interface Window {
    __threadlineNetwork?: NetworkProbe;
  }
}

export function GraphCanvas({
  data,
  sizeBy,
  selection,
  onNode,
  onEdge,
  onStage,
  onLayout,
}: {
  data: NetworkResponse;
  sizeBy: SizeMeasure;
  selection: CanvasSelection;
  onNode(id: string): void;
  onEdge(a: string, b: string): void;
  onStage(): void;
  onLayout(s: LayoutStatus): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<Sigma | null>(null);
  const graphRef = useRef<Graph | null>(null);
  const selRef = useRef(selection);
  const handlers = useRef({ onNode, onEdge, onStage, onLayout });
  handlers.current = { onNode, onEdge, onStage, onLayout };

  // build the graph, sigma and the layout worker once per data set
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const t0 = performance.now();
    const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
    const start = communityLayout(data.nodes);
    for (const n of data.nodes) {
      const p = start.get(n.id)!;
      graph.addNode(n.id, {
        x: p.x,
        y: p.y,
        label: n.label,
        color: communityColour(n.community),
        size: 3,
        community: n.community,
      });
    }
    // on large graphs only the strongest links are drawn (all of a selected node's are shown):
    // a hairball of tens of thousands of links hides more than it shows and costs every frame
    const drawn = new Set(
      data.edges.length > MAX_DRAWN_EDGES
        ? [...data.edges]
            .sort((x, y) => y.weight - x.weight)
            .slice(0, MAX_DRAWN_EDGES)
            .map((e) => edgeKey(e.source, e.target))
        : data.edges.map((e) => edgeKey(e.source, e.target)),
    );
    for (const e of data.edges) addEdge(graph, e, drawn.has(edgeKey(e.source, e.target)));
    graphRef.current = graph;
    applySizes(graph, data.nodes, sizeBy);
    const probe: NetworkProbe = { viewportPosition: () => null, firstRenderMs: null, layout: null };
    window.__threadlineNetwork = probe;
    const sigma = new Sigma(graph, el, {
      settings: {
        enableEdgeEvents: true,
        enableNodeDrag: false,
        hideEdgesOnMove: drawn.size > 2_000,
        pickingDownSizingRatio: data.nodes.length > 2_000 ? 4 : 2,
        labelRenderedSizeThreshold: 9,
        labelDensity: 0.6,
        zIndex: true,
      } as never,
      nodeReducer: (key, d) => {
        const s = selRef.current;
        if (s.highlight)
          return s.highlight.has(key)
            ? { ...d, zIndex: 2, labelVisibility: 'visible' }
            : { ...d, color: DIM, label: null };
        if (!s.node) return d;
        if (key === s.node)
          return { ...d, zIndex: 3, labelVisibility: 'visible', size: d.size * 1.4 };
        if (graph.hasEdge(s.node, key)) return { ...d, zIndex: 2 };
        return { ...d, color: DIM, label: null };
      },
      edgeReducer: (key, d) => {
        const s = selRef.current;
        if (s.edge === key) return { ...d, color: '#111827', size: Math.max(d.size, 3), zIndex: 3 };
        const [a, b] = graph.extremities(key);
        if (s.highlight)
          return s.highlight.has(a) && s.highlight.has(b)
            ? { ...d, color: '#1d4ed8', size: Math.max(d.size, 2.5) }
            : { ...d, visibility: 'hidden' };
        if (s.node && a !== s.node && b !== s.node) return { ...d, visibility: 'hidden' };
        if (s.node) return { ...d, color: '#6b7280' };
        return graph.getEdgeAttribute(key, 'drawn') ? d : { ...d, visibility: 'hidden' };
      },
    });
    sigmaRef.current = sigma;
    probe.viewportPosition = (id) => {
      if (!graph.hasNode(id)) return null;
      const a = graph.getNodeAttributes(id) as { x: number; y: number };
      const p = sigma.graphToViewport({ x: a.x, y: a.y });
      const r = el.getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    };
    sigma.once('afterRender', () => {
      probe.firstRenderMs = performance.now() - t0;
      el.dataset.rendered = 'true';
    });
    sigma.on('clickNode', ({ node }) => handlers.current.onNode(node));
    sigma.on('clickEdge', ({ edge }) => {
      const [a, b] = graph.extremities(edge);
      handlers.current.onEdge(a, b);
    });
    sigma.on('clickStage', () => handlers.current.onStage());

    // ForceAtlas2 in a worker, bounded
    let worker: Worker | null = null;
    if (data.nodes.length > 1 && data.edges.length > 0) {
      const index = new Map(data.nodes.map((n, i) => [n.id, i]));
      const positions = new Float32Array(data.nodes.length * 2);
      data.nodes.forEach((n, i) => {
        const p = start.get(n.id)!;
        positions[2 * i] = p.x;
        positions[2 * i + 1] = p.y;
      });
      const ends = new Uint32Array(data.edges.length * 2);
      const weights = new Float32Array(data.edges.length);
      data.edges.forEach((e, k) => {
        ends[2 * k] = index.get(e.source)!;
        ends[2 * k + 1] = index.get(e.target)!;
        weights[k] = e.kind === 'contact' ? 0.3 : Math.log1p(e.weight);
      });
      worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
      el.dataset.layout = 'running';
      worker.onmessage = (ev: MessageEvent<LayoutProgress>) => {
        const p = ev.data.positions;
        let i = 0;
        graph.updateEachNodeAttributes(
          (_k, a) => {
            a.x = p[2 * i]!;
            a.y = p[2 * i + 1]!;
            i++;
            return a;
          },
          { attributes: ['x', 'y'] },
        );
        const status = {
          iteration: ev.data.iteration,
          iterations: ev.data.iterations,
          done: ev.data.done,
          ms: ev.data.ms,
        };
        probe.layout = status;
        handlers.current.onLayout(status);
        if (ev.data.done) {
          el.dataset.layout = 'done';
          worker?.terminate();
          worker = null;
        }
      };
      const req: LayoutRequest = {
        positions,
        ends,
        weights,
        iterations: layoutIterations(data.nodes.length),
        // a large graph is redrawn once, when arranged; a small one settles visibly
        postEveryMs: data.nodes.length > 2_000 ? 1e9 : 300,
      };
      worker.postMessage(req, [positions.buffer, ends.buffer, weights.buffer]);
    } else {
      el.dataset.layout = 'done';
    }
    return () => {
      worker?.terminate();
      sigma.kill();
      sigmaRef.current = null;
      graphRef.current = null;
      delete el.dataset.rendered;
      delete el.dataset.layout;
      if (window.__threadlineNetwork === probe) delete window.__threadlineNetwork;
    };
    // sizeBy is applied by the next effect; the graph is rebuilt only for new data
  }, [data]);

  useEffect(() => {
    const g = graphRef.current;
    if (g) applySizes(g, data.nodes, sizeBy);
  }, [data, sizeBy]);

  useEffect(() => {
    selRef.current = selection;
    sigmaRef.current?.refresh({ skipIndexation: true });
    if (selection.node && sigmaRef.current && graphRef.current?.hasNode(selection.node)) {
      const d = sigmaRef.current.getNodeDisplayData(selection.node);
      if (d) void sigmaRef.current.getCamera().animate({ x: d.x, y: d.y }, { duration: 300 });
    }
  }, [selection]);

  return (
    <div
      ref={container}
      className="graph-canvas"
      data-testid="graph-canvas"
      role="img"
      aria-label={`Network of ${data.nodes.length} nodes and ${data.edges.length} links; use the node finder and the profile panel to move through it by keyboard`}
    />
  );
}

function addEdge(graph: Graph, e: NetEdge, drawn: boolean) {
  const key = edgeKey(e.source, e.target);
  if (graph.hasEdge(key)) return;
  graph.addEdgeWithKey(key, e.source, e.target, {
    size: e.kind === 'contact' ? 0.5 : Math.min(6, 0.6 + Math.log1p(e.weight) * 0.7),
    color: e.kind === 'contact' ? '#d5dbe1' : '#aeb7c0',
    kind: e.kind,
    drawn,
  });
}

function applySizes(graph: Graph, nodes: NetNode[], m: SizeMeasure) {
  let max = 0;
  for (const n of nodes) max = Math.max(max, n[m]);
  const byId = new Map(nodes.map((n) => [n.id, n[m]]));
  graph.updateEachNodeAttributes(
    (k, a) => {
      const v = byId.get(k) ?? 0;
      a.size = 2.5 + 13 * (max > 0 ? Math.sqrt(v / max) : 0);
      return a;
    },
    { attributes: ['size'] },
  );
}
