// k-core (Batagelj–Zaversnik, linear time): a node's core number is the largest k such that it
// belongs to a group where everyone talks to at least k others of the group: the network's centre.
import type { Csr } from '../link-graph.js';

export function coreNumbers(csr: Csr): Int32Array {
  const { n, offsets, targets } = csr;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let i = 0; i < n; i++) {
    deg[i] = offsets[i + 1]! - offsets[i]!;
    if (deg[i]! > maxDeg) maxDeg = deg[i]!;
  }
  const bin = new Int32Array(maxDeg + 1);
  for (let i = 0; i < n; i++) bin[deg[i]!]!++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const c = bin[d]!;
    bin[d] = start;
    start += c;
  }
  const vert = new Int32Array(n);
  const pos = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    pos[v] = bin[deg[v]!]!;
    vert[pos[v]!] = v;
    bin[deg[v]!]!++;
  }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1]!;
  bin[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i]!;
    for (let p = offsets[v]!; p < offsets[v + 1]!; p++) {
      const u = targets[p]!;
      if (deg[u]! > deg[v]!) {
        const du = deg[u]!;
        const pu = pos[u]!;
        const pw = bin[du]!;
        const w = vert[pw]!;
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]!++;
        deg[u]!--;
      }
    }
  }
  return deg;
}
