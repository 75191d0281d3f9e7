// bench/crossmatch: a store holding 1,300 closed cases of 10 devices each, then a new 10-device
// case is indexed and matched against all of them. The closed cases' index rows are inserted
// directly in bulk (synthetic: no device files are generated or parsed, say so when quoting the
// figure); the new case goes the real way: identifier activity rows per device, the index refresh
// the ingest runner calls, then the crossmatch a user asks for (access checks included) and the
// store-wide clusters. Prints store size and times; fails when the crossmatch takes 1 s or more.
//   npm run bench crossmatch
//   BENCH_CASES=200 BENCH_IDS=100 npm run bench crossmatch
// Identifiers are invented: e-mail at example.org, WhatsApp LIDs and the 07700 900xxx drama range.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printMachine } from './machine.mjs';

const CASES = Number(process.env.BENCH_CASES ?? 1300);
const DEVICES = 10;
const IDS = Number(process.env.BENCH_IDS ?? 150); // identifiers per device
const POOL = 20_000; // identifiers shared by chance between cases (a regional network)
const SHARED_FRACTION = 0.05;
const PLANTED = 40; // identifiers of the new case planted in closed cases
const TARGET_MS = 1000;
const dir = join(process.cwd(), '.bench-data', 'crossmatch', `c${CASES}-i${IDS}`);
const file = join(dir, 'threadline.db');

const { SqliteStore } = await import('../dist/store/sqlite/sqlite-store.js');
const { createCase, findCase } = await import('../dist/store/queries/cases.js');
const { refreshCrossmatchDevice, crossmatchIndexSize } =
  await import('../dist/store/queries/crossmatch-index.js');
const { caseCrossmatch, crossmatchClusters } = await import('../dist/cases/crossmatch.js');
const { localAccessPolicy } = await import('../dist/security/case-access-policy.js');
const { LOCAL_USER } = await import('../dist/app/app-context.js');
const { caseIdFor, makeId } = await import('../dist/model/ids.js');
const { seededRandom } = await import('../dist/graph/rng.js');

const random = seededRandom(11);
const pool = (i) => `whatsapp:${9_000_000 + i}@lid`;
const plantedKey = (i) => `phone:+447700900${String(500 + i).padStart(3, '0')}`;
const T0 = Date.UTC(2012, 0, 1);

async function prepare() {
  if (existsSync(join(dir, 'ready'))) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const store = new SqliteStore({ file, threadedWriter: false });
  await store.migrate();
  const w = await store.openWriter();
  await w.begin();
  let rows = [];
  let total = 0;
  const flush = async () => {
    if (!rows.length) return;
    total += await w.insert('crossmatch_index', rows);
    rows = [];
  };
  for (let c = 0; c < CASES; c++) {
    const ref = `CLOSED-${String(c).padStart(5, '0')}`;
    const caseId = caseIdFor(ref);
    await w.insert('cases', [
      {
        id: caseId,
        ref,
        title: null,
        marking: 'OFFICIAL-SENSITIVE',
        status: 'closed',
        crime_types: '["cse"]',
        description: null,
        created_at: 0,
        owner: `DC Owner ${c}`,
        supervisor: null,
      },
    ]);
    for (let d = 0; d < DEVICES; d++) {
      const deviceId = makeId('device', [caseId, `D${d}`]);
      const keys = new Set();
      // planted: the new case's identifiers turn up in every 30th closed case
      if (c % 30 === 0 && d === 0) for (let p = 0; p < PLANTED; p += 3) keys.add(plantedKey(p));
      while (keys.size < IDS)
        keys.add(
          random() < SHARED_FRACTION
            ? pool(Math.floor(random() * POOL))
            : `email:c${c}d${d}i${keys.size}@example.org`,
        );
      for (const k of [...keys].sort()) {
        const first = T0 + Math.floor(random() * 5 * 365 * 86_400_000);
        rows.push({
          match_key: k,
          case_id: caseId,
          device_id: deviceId,
          type: k.slice(0, k.indexOf(':')),
          keys: JSON.stringify([k]),
          roles: '["message"]',
          names: '[]',
          messages: 1 + Math.floor(random() * 50),
          calls: Math.floor(random() * 10),
          contacts: 0,
          first_at: first,
          last_at: first + Math.floor(random() * 90 * 86_400_000),
        });
      }
      if (rows.length >= 20_000) await flush();
    }
  }
  await flush();
  await w.commit();
  await w.close();
  await store.close();
  writeFileSync(join(dir, 'ready'), `${total} rows\n`);
  console.log(
    `prepared ${CASES} closed cases × ${DEVICES} devices, ${total.toLocaleString()} index rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (bulk insert, not timed below)`,
  );
}

await prepare();
printMachine();
const store = new SqliteStore({ file });
await store.migrate();
const access = { actor: LOCAL_USER, policy: localAccessPolicy };

// the new live case, fresh each run
const NEW_REF = 'LIVE-NEW';
const existing = await findCase(store, NEW_REF);
if (existing) {
  for (const t of ['crossmatch_index', 'crossmatch_devices', 'identifier_activity', 'devices'])
    await store.db.deleteFrom(t).where('case_id', '=', existing.id).execute();
  await store.db.deleteFrom('cases').where('id', '=', existing.id).execute();
}
const kase = await createCase(store, { ref: NEW_REF, status: 'live', createdAt: 0 });
const w = await store.openWriter();
await w.begin();
const deviceIds = [];
for (let d = 0; d < DEVICES; d++) {
  const deviceId = makeId('device', [kase.id, `N${d}`]);
  deviceIds.push(deviceId);
  await w.insert('devices', [
    {
      id: deviceId,
      case_id: kase.id,
      label: `N${d}`,
      exhibit: null,
      region: 'GB',
      timezone: null,
      model: null,
      os: null,
      name: null,
      facts: '{}',
    },
  ]);
  const srcId = makeId('source', [kase.id, deviceId, 'bench']);
  await w.insert('sources', [
    {
      id: srcId,
      case_id: kase.id,
      device_id: deviceId,
      ingest_id: 'bench',
      sha256: '0'.repeat(64),
      path: 'bench',
      origin: 'disk',
      container_id: null,
      size: 0,
      status: 'parsed',
      parser: 'bench',
      artefacts: '[]',
      error_code: null,
      error_message: null,
      counts: '{}',
      flags: '[]',
    },
  ]);
  const keys = new Set();
  if (d === 0) for (let p = 0; p < PLANTED; p++) keys.add(plantedKey(p));
  while (keys.size < IDS)
    keys.add(
      random() < SHARED_FRACTION
        ? pool(Math.floor(random() * POOL))
        : `email:new-d${d}i${keys.size}@example.org`,
    );
  await w.insert(
    'identifier_activity',
    [...keys].map((k) => ({
      case_id: kase.id,
      key: k,
      device_id: deviceId,
      source_id: srcId,
      kind: 'message',
      role: 'sender',
      count: 3,
      first_at: Date.UTC(2024, 0, 1),
      last_at: Date.UTC(2024, 5, 1),
    })),
  );
}
await w.commit();
await w.close();

const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
let t = performance.now();
for (const d of deviceIds) await refreshCrossmatchDevice(store, kase.id, d);
const indexMs = performance.now() - t;

t = performance.now();
const r = await caseCrossmatch(store, NEW_REF, access);
const matchMs = performance.now() - t;
t = performance.now();
const r2 = await caseCrossmatch(store, NEW_REF, access);
const matchWarmMs = performance.now() - t;

t = performance.now();
const clusters = await crossmatchClusters(store, access);
const clustersMs = performance.now() - t;

const rowsN = await crossmatchIndexSize(store);
const size = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
const planted = r.shared.filter((s) => s.key.startsWith('phone:+447700900')).length;
console.log(
  `store: ${CASES + 1} cases, ${(CASES + 1) * DEVICES} devices, ${rowsN.toLocaleString()} index rows, ${(size / 2 ** 20).toFixed(0)} MiB on disk`,
);
console.log(`index the new case (10 devices, refresh as ingest does) ${fmt(indexMs)}`);
console.log(
  `crossmatch of the new case (cold)                      ${fmt(matchMs)}  (${r.shared.length} shared identifiers with ${r.cases.length} cases; ${planted} planted)`,
);
console.log(`crossmatch of the new case (again)                     ${fmt(matchWarmMs)}`);
console.log(
  `clusters across the whole store                        ${fmt(clustersMs)}  (${clusters.length} clusters, largest ${clusters[0]?.cases.length ?? 0} cases)`,
);
const ok = matchMs < TARGET_MS && r2.shared.length === r.shared.length;
console.log(
  `crossmatch of a new 10-device case against ${CASES} closed cases: ${matchMs.toFixed(0)} ms (target < ${TARGET_MS} ms) ${ok ? 'PASS' : 'FAIL'}`,
);
await store.close();
if (planted !== Math.ceil(PLANTED / 3)) {
  console.error(`expected ${Math.ceil(PLANTED / 3)} planted identifiers found, got ${planted}`);
  process.exit(1);
}
process.exit(ok ? 0 : 1);
