// Web worker: ForceAtlas2 over the network view's graph for a bounded number of iterations, posting
// positions every few iterations so the graph settles on screen without blocking the page.
import iterate from 'graphology-layout-forceatlas2/iterate.js';

export interface LayoutRequest {
  /** x, y of each node, interleaved. */
  positions: Float32Array;
  /** Node index pairs of each edge. */
  ends: Uint32Array;
  weights: Float32Array;
  iterations: number;
  /** Post positions after this many milliseconds of work (and at the end). */
  postEveryMs: number;
}

export interface LayoutProgress {
  positions: Float32Array;
  iteration: number;
  iterations: number;
  done: boolean;
  ms: number;
}

const PPN = 10;
const PPE = 3;

const post = (m: LayoutProgress) =>
  (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(m, [
    m.positions.buffer,
  ]);

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const { positions, ends, weights, iterations, postEveryMs } = e.data;
  const n = positions.length / 2;
  const m = weights.length;
  const nodes = new Float32Array(n * PPN);
  for (let i = 0; i < n; i++) {
    const j = i * PPN;
    nodes[j] = positions[2 * i]!;
    nodes[j + 1] = positions[2 * i + 1]!;
    nodes[j + 6] = 1; // mass: 1 + weighted degree, below
    nodes[j + 7] = 1; // convergence
    nodes[j + 8] = 1; // size
  }
  const edges = new Float32Array(m * PPE);
  for (let k = 0; k < m; k++) {
    const s = ends[2 * k]!;
    const t = ends[2 * k + 1]!;
    const w = weights[k]!;
    edges[k * PPE] = s * PPN;
    edges[k * PPE + 1] = t * PPN;
    edges[k * PPE + 2] = w;
    nodes[s * PPN + 6] = nodes[s * PPN + 6]! + w;
    nodes[t * PPN + 6] = nodes[t * PPN + 6]! + w;
  }
  const settings = {
    linLogMode: false,
    outboundAttractionDistribution: false,
    adjustSizes: false,
    edgeWeightInfluence: 1,
    scalingRatio: 10,
    strongGravityMode: true,
    gravity: 0.05,
    slowDown: 1 + Math.log(Math.max(1, n)),
    barnesHutOptimize: n > 2000,
    barnesHutTheta: 0.6,
  };
  const started = performance.now();
  let lastPost = started;
  const snapshot = () => {
    const out = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      out[2 * i] = nodes[i * PPN]!;
      out[2 * i + 1] = nodes[i * PPN + 1]!;
    }
    return out;
  };
  for (let it = 1; it <= iterations; it++) {
    iterate(settings, nodes, edges);
    const now = performance.now();
    if (it === iterations || now - lastPost >= postEveryMs) {
      lastPost = now;
      post({
        positions: snapshot(),
        iteration: it,
        iterations,
        done: it === iterations,
        ms: now - started,
      });
    }
  }
};
