// Types for ForceAtlas2's iteration step (graphology-layout-forceatlas2 ships none for this file).
declare module 'graphology-layout-forceatlas2/iterate.js' {
  /** One ForceAtlas2 iteration over flat node (10 per node) and edge (3 per edge) matrices. */
  export default function iterate(
    settings: Record<string, number | boolean>,
    nodes: Float32Array,
    edges: Float32Array,
  ): void;
}
