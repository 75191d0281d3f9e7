// bench/csv-ingest: a generic CSV of N messages (UTF-8 with BOM, quoted multi-line bodies, mixed
// languages) and a UK CDR of N records (operator A layout, local split date/time) ingested end to
// end (decode, map, parse times, normalise, store, full-text index) into a fresh embedded store.
// Prints rows per second and peak memory (RSS), and the machine. Usage:
//   npm run bench csv-ingest                 (200,000 rows each)
//   BENCH_ROWS=1000000 npm run bench csv-ingest
import { mkdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printMachine } from './machine.mjs';

const N = Number(process.env.BENCH_ROWS ?? 200_000);
const root = join(process.cwd(), '.bench-data', 'csv-ingest');
const self = fileURLToPath(import.meta.url);
const BODIES = [
  'Unde ești? Vino la 10, te rog.',
  'Cześć, gdzie jesteś?\nCzekam pod sklepem.',
  'Ku je? Mirëmëngjes',
  'Bạn đang ở đâu?',
  'meet at the usual place, "back door"',
];

function pad(n, w = 2) {
  return String(n).padStart(w, '0');
}

function writeInputs() {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'csv'), { recursive: true });
  mkdirSync(join(root, 'cdr'), { recursive: true });
  const t0 = Date.UTC(2024, 0, 1);
  let csv = '\ufeff#,Timestamp (UTC),Direction,Number,Body\r\n';
  const chunks = [];
  for (let i = 0; i < N; i++) {
    const at = new Date(t0 + i * 37_000).toISOString();
    const body = BODIES[i % BODIES.length].replace(/"/g, '""');
    csv += `${i + 1},${at},${i % 2 ? 'Outgoing' : 'Incoming'},07700 900${pad(i % 1000, 3)},"${body} #${i}"\r\n`;
    if (csv.length > 1 << 22) {
      chunks.push(csv);
      csv = '';
    }
  }
  chunks.push(csv);
  writeFileSync(join(root, 'csv', 'messages.csv'), chunks.join(''));
  let cdr = 'Communications Data Disclosure\r\nTarget MSISDN: 07700 900100\r\n\r\n';
  cdr +=
    'Record ID,Call Type,Calling Number,Called Number,Forwarded Number,Start Date,Start Time,Duration (hh:mm:ss),IMEI,IMSI,Start Cell ID,End Cell ID,LAC,Roaming Network\r\n';
  const parts = [];
  for (let i = 0; i < N; i++) {
    const d = new Date(t0 + i * 53_000);
    const out = i % 2 === 0;
    const other = `07700 900${pad((i * 7) % 1000, 3)}`;
    const type = i % 3 === 0 ? (out ? 'SMS-MO' : 'SMS-MT') : out ? 'MOC' : 'MTC';
    cdr += `R${i},${type},${out ? '07700 900100' : other},${out ? other : '07700 900100'},,${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()},${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},00:0${i % 10}:${pad(i % 60)},490154203237518,234150000000001,${20000 + (i % 900)},,${1000 + (i % 7)},\r\n`;
    if (cdr.length > 1 << 22) {
      parts.push(cdr);
      cdr = '';
    }
  }
  parts.push(cdr);
  writeFileSync(join(root, 'cdr', 'cdr.csv'), parts.join(''));
}

async function run(kind) {
  const { SqliteStore } = await import('../dist/store/sqlite/sqlite-store.js');
  const { createCase } = await import('../dist/store/queries/cases.js');
  const { ingest } = await import('../dist/ingest/runner.js');
  const storeDir = join(root, `store-${kind}`);
  rmSync(storeDir, { recursive: true, force: true });
  const store = new SqliteStore({ file: join(storeDir, 'threadline.db') });
  await store.migrate();
  await createCase(store, { ref: 'BENCH' });
  const input = join(root, kind);
  const t0 = performance.now();
  const r = await ingest(store, {
    caseRef: 'BENCH',
    inputs: [input],
    deviceLabel: kind,
    toolVersion: 'bench',
    timezone: 'Europe/London',
    scratchParent: join(root, 'tmp'),
  });
  const s = (performance.now() - t0) / 1000;
  await store.close();
  const rows =
    kind === 'csv' ? r.counts.messages : (r.counts.calls ?? 0) + (r.counts.messages ?? 0);
  console.log(
    JSON.stringify({
      bench: `${kind}-ingest`,
      rows,
      locations: r.counts.locations ?? 0,
      inputMiB: +(
        statSync(join(input, kind === 'csv' ? 'messages.csv' : 'cdr.csv')).size /
        2 ** 20
      ).toFixed(1),
      seconds: +s.toFixed(2),
      rowsPerSecond: Math.round(rows / s),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

if (process.argv[2] === '--run') await run(process.argv[3]);
else {
  printMachine();
  writeInputs();
  for (const kind of ['csv', 'cdr']) {
    const r = spawnSync(process.execPath, [self, '--run', kind], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
