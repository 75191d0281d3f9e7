// Connected components of the communication graph: separate networks that never talk to each other
// (a case often holds several), numbered by decreasing size.
import type { Csr } from '../link-graph.js';

export interface Components {
  component: Int32Array;
  sizes: number[];
}

export function connectedComponents(csr: Csr): Components {
  const { n, offsets, targets } = csr;
  const comp = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const raw: number[] = [];
  for (let s = 0; s < n; s++) {
    if (comp[s]! >= 0) continue;
    const id = raw.length;
    let top = 0;
    let size = 0;
    stack[top++] = s;
    comp[s] = id;
    while (top > 0) {
      const v = stack[--top]!;
      size++;
      for (let p = offsets[v]!; p < offsets[v + 1]!; p++) {
        const w = targets[p]!;
        if (comp[w]! < 0) {
          comp[w] = id;
          stack[top++] = w;
        }
      }
    }
    raw.push(size);
  }
  const order = raw.map((_, i) => i).sort((a, b) => raw[b]! - raw[a]! || a - b);
  const renum = new Int32Array(raw.length);
  order.forEach((old, i) => (renum[old] = i));
  for (let i = 0; i < n; i++) comp[i] = renum[comp[i]!]!;
  return { component: comp, sizes: order.map((i) => raw[i]!) };
}
