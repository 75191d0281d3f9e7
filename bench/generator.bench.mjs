// bench/generator: how fast the synthetic case is written (the family, and a streamed scale device
// of BENCH_SCALE messages, default 1,000,000), and how long identity resolution takes on the live
// case plus a BENCH_RESOLVE-message scale device (default 200,000). Prints the machine. Usage:
//   npm run bench generator
//   BENCH_SCALE=5000000 BENCH_RESOLVE=1000000 npm run bench generator
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { printMachine } from './machine.mjs';

const SCALE = Number(process.env.BENCH_SCALE ?? 1_000_000);
const RESOLVE = Number(process.env.BENCH_RESOLVE ?? 200_000);

const { generateCase } = await import('../dist/generator/generate-case.js');
const { generateScaleDevice } = await import('../dist/generator/scale.js');
const { SqliteStore } = await import('../dist/store/sqlite/sqlite-store.js');
const { createCase } = await import('../dist/store/queries/cases.js');
const { ingest } = await import('../dist/ingest/runner.js');
const { computeResolution } = await import('../dist/identity/resolve-persons.js');

printMachine();
const dir = mkdtempSync(join(tmpdir(), 'tl-bench-gen-'));
try {
  let t0 = performance.now();
  const fam = await generateCase(join(dir, 'family'), { seed: 1, family: true });
  const famMs = performance.now() - t0;
  const devices = fam.truth.cases.reduce((n, c) => n + c.devices.length, 0);
  const messages = fam.truth.cases.reduce(
    (n, c) => n + c.devices.reduce((m, d) => m + (d.counts.message ?? 0), 0),
    0,
  );
  console.log(
    JSON.stringify({
      bench: 'generate-family',
      devices,
      messages,
      seconds: +(famMs / 1000).toFixed(2),
    }),
  );

  t0 = performance.now();
  await generateScaleDevice({ dir: join(dir, 'scale'), messages: SCALE, seed: 1 });
  const scaleMs = performance.now() - t0;
  console.log(
    JSON.stringify({
      bench: 'generate-scale',
      messages: SCALE,
      seconds: +(scaleMs / 1000).toFixed(2),
      messagesPerSecond: Math.round(SCALE / (scaleMs / 1000)),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );

  const live = await generateCase(join(dir, 'live'), { seed: 1, scale: RESOLVE });
  const store = new SqliteStore({ file: join(dir, 'store', 'threadline.db') });
  await store.migrate();
  const c = live.truth.cases[0];
  const kase = await createCase(store, { ref: c.ref });
  for (const d of c.devices)
    if (d.formats.length)
      await ingest(store, {
        caseRef: c.ref,
        inputs: [join(live.dir, d.dir)],
        deviceLabel: d.label,
        toolVersion: 'bench',
        scratchParent: join(dir, 'scratch'),
      });
  const n = await store.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  t0 = performance.now();
  const r = await computeResolution(store, kase.id);
  const resMs = performance.now() - t0;
  console.log(
    JSON.stringify({
      bench: 'resolve-persons',
      messages: Number(n?.n ?? 0),
      persons: r.persons.length,
      grouped: r.persons.filter((p) => p.identifiers.length > 1).length,
      seconds: +(resMs / 1000).toFixed(2),
    }),
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
