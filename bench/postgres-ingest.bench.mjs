// bench/postgres-ingest: a generic CSV of N messages ingested end to end (decode, normalise, store,
// full-text index) into a fresh PostgreSQL database, then full-text search latency (words, phrase,
// prefix, newest-first with filters) measured over many runs: p50/p95 in milliseconds. Prints the
// machine. Skips, saying why, when PostgreSQL is unreachable. Usage:
//   npm run bench postgres-ingest                       (200,000 messages)
//   BENCH_ROWS=1000000 BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test npm run bench postgres-ingest
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { printMachine } from './machine.mjs';

const N = Number(process.env.BENCH_ROWS ?? 200_000);
const ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const root = join(process.cwd(), '.bench-data', 'postgres-ingest');
const WORDS = [
  'parcel',
  'station',
  'meet',
  'tonight',
  'money',
  'school',
  'car',
  'later',
  'food',
  'phone',
];
const BODIES = [
  'Unde ești? Vino la 10, te rog.',
  'Cześć, gdzie jesteś? Czekam pod sklepem.',
  'meet at the usual place, back door',
  'Bạn đang ở đâu?',
];

function writeInput() {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'csv'), { recursive: true });
  const t0 = Date.UTC(2024, 0, 1);
  const parts = ['#,Timestamp (UTC),Direction,Number,Body\r\n'];
  for (let i = 0; i < N; i++) {
    const at = new Date(t0 + i * 37_000).toISOString();
    const w = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}`;
    parts.push(
      `${i + 1},${at},${i % 2 ? 'Outgoing' : 'Incoming'},07700 900${String(i % 1000).padStart(3, '0')},"${BODIES[i % BODIES.length]} ${w} #${i}"\r\n`,
    );
  }
  writeFileSync(join(root, 'csv', 'messages.csv'), parts.join(''));
}

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

printMachine();
const admin = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 3000 });
try {
  await admin.connect();
} catch (e) {
  console.log(`[skip] postgres-ingest: PostgreSQL not reachable at ${ADMIN}: ${e.message}`);
  process.exit(0);
}
const name = `tl_bench_${Date.now().toString(36)}`;
await admin.query(
  `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
);
const url = new URL(ADMIN);
url.pathname = `/${name}`;
const { PostgresStore } = await import('../dist/store/postgres/postgres-store.js');
const { createCase } = await import('../dist/store/queries/cases.js');
const { ingest } = await import('../dist/ingest/runner.js');
const store = new PostgresStore({ url: url.toString() });
try {
  writeInput();
  await store.migrate();
  const kase = await createCase(store, { ref: 'BENCH' });
  const t0 = performance.now();
  const r = await ingest(store, {
    caseRef: 'BENCH',
    inputs: [join(root, 'csv')],
    deviceLabel: 'csv',
    toolVersion: 'bench',
    timezone: 'Europe/London',
    scratchParent: join(root, 'tmp'),
  });
  const s = (performance.now() - t0) / 1000;
  const size = await store.pool.query('SELECT pg_database_size(current_database()) AS b');
  console.log(
    JSON.stringify({
      bench: 'postgres-ingest',
      messages: r.counts.messages,
      seconds: +s.toFixed(2),
      messagesPerSecond: Math.round(r.counts.messages / s),
      databaseMiB: Math.round(size.rows[0].b / 2 ** 20),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  await store.pool.query('ANALYZE');
  const queries = [
    { name: 'word (relevance or newest)', q: { text: 'parcel' } },
    { name: 'two words', q: { text: 'parcel station' } },
    { name: 'phrase', q: { text: '"usual place"' } },
    { name: 'prefix', q: { text: 'stat*' } },
    { name: 'rare word', q: { text: 'sklepem school' } },
    { name: 'word, outgoing, newest', q: { text: 'money', direction: 'outgoing', sort: 'newest' } },
    { name: 'no text, newest page', q: { text: '', sort: 'newest' } },
  ];
  for (const { name: qn, q } of queries) {
    const times = [];
    let hits = 0;
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      const page = await store.searchMessages(kase.id, { ...q, limit: 50 });
      times.push(performance.now() - t);
      hits = page.hits.length;
    }
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: 'postgres-search',
        query: qn,
        messages: r.counts.messages,
        hits,
        p50Ms: +pct(times, 50).toFixed(1),
        p95Ms: +pct(times, 95).toFixed(1),
      }),
    );
  }
} finally {
  await store.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  rmSync(root, { recursive: true, force: true });
}
