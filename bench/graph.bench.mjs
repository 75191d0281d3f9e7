// bench/graph: a case store holding 100,000 identifiers joined by 1,000,000 distinct communication
// pairs (operator call and SMS records, A-number to B-number), then timed: build the link graph from
// the store (SQL aggregation), then every measure and the communities. Prints each step's time and
// memory and the machine; fails when the total is over the 10 s target. Usage:
//   npm run bench graph
//   BENCH_NODES=20000 BENCH_EDGES=200000 npm run bench graph
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { printMachine } from './machine.mjs';

const NODES = Number(process.env.BENCH_NODES ?? 100_000);
const EDGES = Number(process.env.BENCH_EDGES ?? 1_000_000);
const TARGET_MS = 10_000;
const dir = join(process.cwd(), '.bench-data', 'graph', `n${NODES}-e${EDGES}`);
const file = join(dir, 'threadline.db');

const { SqliteStore } = await import('../dist/store/sqlite/sqlite-store.js');
const { createCase, findCase } = await import('../dist/store/queries/cases.js');
const { writeComms } = await import('../dist/graph/synthetic-comms.js');
const { buildLinkGraph } = await import('../dist/graph/build-graph.js');
const { analyseGraph } = await import('../dist/graph/analyse-graph.js');
const { seededRandom } = await import('../dist/graph/rng.js');

const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;

async function prepare() {
  if (existsSync(join(dir, 'ready'))) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const store = new SqliteStore({ file, threadedWriter: false });
  await store.migrate();
  const kase = await createCase(store, { ref: 'BENCH-GRAPH', createdAt: 0 });
  const random = seededRandom(7);
  const key = (i) => `phone:+44${7_000_000_000 + i}`;
  // 80% of pairs inside blocks of 100 numbers (groups that talk among themselves), 20% anywhere
  const seen = new Set();
  const items = [];
  const t = 1_700_000_000_000;
  while (seen.size < EDGES) {
    const a = Math.floor(random() * NODES);
    const b =
      random() < 0.8 ? a - (a % 100) + Math.floor(random() * 100) : Math.floor(random() * NODES);
    if (a === b || b >= NODES) continue;
    const k = a < b ? a * NODES + b : b * NODES + a;
    if (seen.has(k)) continue;
    seen.add(k);
    const call = random() < 0.4;
    const n = random() < 0.1 ? 2 : 1;
    for (let r = 0; r < n; r++)
      items.push({
        kind: call ? 'call' : 'message',
        device: call ? 'operator-calls' : 'operator-sms',
        from: key(a),
        to: [key(b)],
        at: t + Math.floor(random() * 180 * 86_400_000),
        direction: 'unknown',
        app: call ? 'cdr-voice' : 'cdr-sms',
        durationS: call ? Math.floor(random() * 600) : undefined,
      });
  }
  await writeComms(
    store,
    kase.id,
    { devices: [{ label: 'operator-calls' }, { label: 'operator-sms' }], items },
    { batch: 50_000 },
  );
  await store.close();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'ready'), `${items.length} items\n`);
  console.log(
    `prepared ${items.length.toLocaleString()} records in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed below)`,
  );
}

await prepare();
printMachine();
const store = new SqliteStore({ file, readonly: false });
const kase = await findCase(store, 'BENCH-GRAPH');
globalThis.gc?.();
const rows = [];
const started = performance.now();
// CPU time (all threads of the process) beside wall time: on a shared, loaded machine the wall time
// grows with the load while the CPU time stays close to what the work costs
let cpuLast = process.cpuUsage();
const record = (step, ms) => {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage(cpuLast);
  cpuLast = process.cpuUsage();
  const cpuS = (cpu.user + cpu.system) / 1e6;
  rows.push([step, ms, m.heapUsed, m.rss, cpuS]);
  console.log(
    `${step.padEnd(48)} ${(ms / 1000).toFixed(2).padStart(6)} s wall ${cpuS.toFixed(2).padStart(6)} s cpu   heap ${mib(m.heapUsed).padStart(9)}   rss ${mib(m.rss).padStart(9)}`,
  );
};
const g = await buildLinkGraph(store, kase.id, { mode: 'identifier' });
record('build (SQL aggregation + merge + nodes)', performance.now() - started);
for (const [k, v] of Object.entries(g.buildStats.timings))
  console.log(`  ${k.padEnd(42)} ${(v / 1000).toFixed(2).padStart(6)} s`);
const a = await analyseGraph(g, {
  onStep: (s, ms) =>
    s.startsWith('  (')
      ? console.log(`${s.padEnd(48)} ${(ms / 1000).toFixed(2).padStart(6)} s wall`)
      : record(s, ms),
});
const total = performance.now() - started;
const cpuTotal = rows.reduce((n, r) => n + r[4], 0);
console.log(
  `graph: ${g.order.toLocaleString()} nodes, ${g.edges.length.toLocaleString()} edges; ${a.methods.communities.count} communities (modularity ${a.methods.communities.modularity.toFixed(3)}); betweenness ${a.methods.betweenness.method}, ${a.methods.betweenness.samples} samples, ±${a.methods.betweenness.errorBound?.epsilon.toFixed(3) ?? 0} at ${a.methods.betweenness.errorBound?.confidence ?? 1}`,
);
console.log(
  `TOTAL build + all measures + communities: ${(total / 1000).toFixed(2)} s wall, ${cpuTotal.toFixed(2)} s cpu on 2 cores (target < ${TARGET_MS / 1000} s wall) ${total < TARGET_MS ? 'PASS' : 'FAIL'}; peak rss ${mib(Math.max(...rows.map((r) => r[3])))}`,
);
await store.close();
if (g.order < NODES || g.edges.length < EDGES) {
  console.error(`expected ${NODES} nodes and ${EDGES} edges`);
  process.exit(1);
}
process.exit(total < TARGET_MS ? 0 : 1);
