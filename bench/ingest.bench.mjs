// bench/ingest: a synthetic Android device with 1,000,000 messages (mmssms.db, written by the
// generator's streaming scale device) ingested end to end
// (parse, normalise, store, full-text index) into a fresh embedded store. Prints messages per
// second to commit and including the WAL checkpoint, and peak memory. Usage:
//   npm run bench ingest            (1,000,000 messages)
//   BENCH_MESSAGES=200000 npm run bench ingest
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printMachine } from './machine.mjs';

const N = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const root = join(process.cwd(), '.bench-data', 'ingest');
const device = join(root, `device-${N}`);
const self = fileURLToPath(import.meta.url);

async function generate() {
  const { generateScaleDevice } = await import('../dist/generator/scale.js');
  rmSync(device, { recursive: true, force: true });
  mkdirSync(device, { recursive: true });
  const r = await generateScaleDevice({ messages: N, seed: 42, dir: device });
  writeFileSync(`${device}.complete`, JSON.stringify(r.counts));
  console.log(
    JSON.stringify({ bench: 'generate', messages: N, seconds: +(r.elapsedMs / 1000).toFixed(2) }),
  );
}

async function run() {
  const { SqliteStore } = await import('../dist/store/sqlite/sqlite-store.js');
  const { createCase } = await import('../dist/store/queries/cases.js');
  const { ingest } = await import('../dist/ingest/runner.js');
  const storeDir = join(root, 'store');
  rmSync(storeDir, { recursive: true, force: true });
  const store = new SqliteStore({ file: join(storeDir, 'threadline.db') });
  await store.migrate();
  await createCase(store, { ref: 'BENCH' });
  const t0 = performance.now();
  let committed = 0;
  const r = await ingest(store, {
    caseRef: 'BENCH',
    inputs: [device],
    deviceLabel: 'bench',
    toolVersion: 'bench',
    scratchParent: join(root, 'tmp'),
    onProgress: (p) => {
      if (p.phase === 'done') committed = performance.now() - t0;
    },
  });
  const total = performance.now() - t0;
  await store.close();
  const messages = r.counts.messages ?? 0;
  const size = statSync(join(storeDir, 'threadline.db')).size;
  console.log(
    JSON.stringify({
      bench: 'ingest',
      messages,
      committedSeconds: +(committed / 1000).toFixed(2),
      committedMessagesPerSecond: Math.round(messages / (committed / 1000)),
      withCheckpointSeconds: +(total / 1000).toFixed(2),
      withCheckpointMessagesPerSecond: Math.round(messages / (total / 1000)),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      storeMiB: Math.round(size / 2 ** 20),
    }),
  );
}

if (process.argv[2] === '--generate') await generate();
else if (process.argv[2] === '--run') await run();
else {
  printMachine();
  if (!existsSync(`${device}.complete`)) {
    console.log(`generating a ${N.toLocaleString('en-GB')}-message device in ${device} …`);
    const g = spawnSync(process.execPath, [self, '--generate'], { stdio: 'inherit' });
    if (g.status !== 0) process.exit(g.status ?? 1);
  }
  const r = spawnSync(process.execPath, [self, '--run'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
