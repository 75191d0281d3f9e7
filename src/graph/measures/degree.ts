// Degree (how many others a node communicates with) and weighted degree (how many messages and calls).
import type { Csr } from '../link-graph.js';

export interface DegreeResult {
  degree: Int32Array;
  weighted: Float64Array;
}

export function degrees(csr: Csr): DegreeResult {
  const degree = new Int32Array(csr.n);
  const weighted = new Float64Array(csr.n);
  for (let i = 0; i < csr.n; i++) {
    degree[i] = csr.offsets[i + 1]! - csr.offsets[i]!;
    let w = 0;
    for (let p = csr.offsets[i]!; p < csr.offsets[i + 1]!; p++) w += csr.weight[p]!;
    weighted[i] = w;
  }
  return { degree, weighted };
}
