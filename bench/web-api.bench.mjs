// bench/web-api: the workbench API on a large case, through HTTP as the browser calls it. A case of
// BENCH_MESSAGES SMS (default 1,000,000: the generator's scale device, an Android mmssms.db,
// ingested once and kept under .bench-data/web-api) served by `serve` on the embedded default
// (SQLite, the store's audit chain written on every request). Timed: search result pages (words
// drawn from the case, first page with its count, the next page, newest first) and conversation
// pages (first page, around a message, the next page), p50 / p95 / max. Target: under 300 ms.
// Prints the machine. Usage:
//   npm run bench web-api
//   BENCH_MESSAGES=200000 npm run bench web-api
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { printMachine } from './machine.mjs';

const N = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const TARGET_MS = 300;
const dir = join(process.cwd(), '.bench-data', 'web-api', `m${N}`);
const dataDir = join(dir, 'data');

const { generateScaleDevice } = await import('../dist/generator/scale.js');
const { SqliteStore } = await import('../dist/store/sqlite/sqlite-store.js');
const { createCase, findCase } = await import('../dist/store/queries/cases.js');
const { ingest } = await import('../dist/ingest/runner.js');
const { loadConfig } = await import('../dist/config/load-config.js');
const { openApp } = await import('../dist/app/app-context.js');
const { serveWorkbench } = await import('../dist/server/serve.js');

async function prepare() {
  if (existsSync(join(dir, 'ready'))) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  let t0 = performance.now();
  await generateScaleDevice({ dir: join(dir, 'evidence'), messages: N, seed: 1 });
  const genS = (performance.now() - t0) / 1000;
  const store = new SqliteStore({ file: join(dataDir, 'threadline.db') });
  await store.migrate();
  await createCase(store, { ref: 'BENCH-WEB', title: 'web API benchmark' });
  t0 = performance.now();
  await ingest(store, {
    caseRef: 'BENCH-WEB',
    inputs: [join(dir, 'evidence')],
    deviceLabel: 'SCALE/1',
    exhibit: 'SC/1',
    toolVersion: 'bench',
    scratchParent: join(dir, 'scratch'),
  });
  const ingestS = (performance.now() - t0) / 1000;
  await store.close();
  rmSync(join(dir, 'scratch'), { recursive: true, force: true });
  writeFileSync(join(dir, 'ready'), `${N} messages\n`);
  console.log(
    `prepared ${N.toLocaleString()} messages: generated in ${genS.toFixed(1)} s, ingested in ${ingestS.toFixed(1)} s (not timed below)`,
  );
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return {
    n: s.length,
    p50: +q(0.5).toFixed(1),
    p95: +q(0.95).toFixed(1),
    max: +s[s.length - 1].toFixed(1),
  };
}

await prepare();
printMachine();
const app = await openApp(loadConfig({ env: {}, flags: { dataDir } }));
const running = await serveWorkbench(app, {
  host: '127.0.0.1',
  port: 0,
  log: { level: 'silent' },
  signals: [],
  webRoot: null,
});
try {
  const kase = await findCase(app.store, 'BENCH-WEB');
  const base = new URL(`/api/cases/${kase.id}`, running.url).toString();
  const headers = { 'x-threadline-purpose': 'benchmark' };
  const timed = async (path, retried = false) => {
    const t0 = performance.now();
    let r;
    try {
      r = await fetch(base + path, { headers });
    } catch (e) {
      // a kept-alive connection the server closed while the bench was busy elsewhere: retry once
      // (the retry alone is timed)
      if (retried) throw e;
      return timed(path, true);
    }
    const body = await r.json();
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(`${path} → ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
    return { ms, body };
  };
  const total = Number(
    (
      await app.store.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
    ).n,
  );

  // words from the case itself (every 997th message), common and rare ones alike
  const sample = await app.store.db
    .selectFrom('messages')
    .select(['body'])
    .where('case_id', '=', kase.id)
    .where(sql`seq % 997 = 1`)
    .limit(400)
    .execute();
  const words = [
    ...new Set(sample.flatMap((r) => (r.body ?? '').toLowerCase().match(/\p{L}{4,}/gu) ?? [])),
  ].slice(0, ROUNDS);

  const first = [];
  const next = [];
  const newest = [];
  const hits = [];
  for (const w of words.slice(0, 3)) await timed(`/search?q=${encodeURIComponent(w)}`); // warm
  for (const w of words) {
    const a = await timed(`/search?q=${encodeURIComponent(w)}&limit=50`);
    first.push(a.ms);
    hits.push(a.body.count?.count ?? a.body.total ?? 0);
    if (a.body.next)
      next.push(
        (await timed(`/search?q=${encodeURIComponent(w)}&limit=50&cursor=${a.body.next}`)).ms,
      );
    newest.push(
      (await timed(`/search?q=${encodeURIComponent(w)}&limit=50&sort=newest&count=0`)).ms,
    );
  }

  const searchRows = {
    'search: first page (50 hits + count up to 10,000)': stats(first),
    'search: next page': stats(next),
    'search: newest first, no count': stats(newest),
  };
  for (const [k, v] of Object.entries(searchRows))
    console.log(JSON.stringify({ bench: 'web-api', what: k, messages: total, ...v }));

  const threads = (await timed(`/threads?limit=${ROUNDS}`)).body.threads;
  // a message in the middle of each conversation (looked up before timing)
  const mids = new Map();
  for (const t of threads) {
    const mid = await app.store.db
      .selectFrom('messages')
      .select('id')
      .where('case_id', '=', kase.id)
      .where('thread_id', '=', t.id)
      .orderBy('sent_at')
      .offset(Math.floor(t.messages / 2))
      .limit(1)
      .executeTakeFirst();
    if (mid) mids.set(t.id, mid.id);
  }
  const threadFirst = [];
  const threadAround = [];
  const threadNext = [];
  for (const t of threads.slice(0, 3)) await timed(`/threads/${t.id}/messages`); // warm
  for (const t of threads) {
    const a = await timed(`/threads/${t.id}/messages?limit=60`);
    threadFirst.push(a.ms);
    if (mids.has(t.id))
      threadAround.push(
        (await timed(`/threads/${t.id}/messages?around=${mids.get(t.id)}&limit=60`)).ms,
      );
    if (a.body.after)
      threadNext.push((await timed(`/threads/${t.id}/messages?after=${a.body.after}&limit=60`)).ms);
  }
  const rows = {
    ...searchRows,
    'conversation: first page (60 messages)': stats(threadFirst),
    'conversation: around a message': stats(threadAround),
    'conversation: next page': stats(threadNext),
  };
  console.log(
    `case: ${total.toLocaleString()} messages in ${threads.length} most recently active conversations timed; ${words.length} search words (hits per word: median ${stats(hits).p50})`,
  );
  let worst = 0;
  for (const [k, v] of Object.entries(rows)) {
    worst = Math.max(worst, v.p95);
    if (!(k in searchRows))
      console.log(JSON.stringify({ bench: 'web-api', what: k, messages: total, ...v }));
  }
  console.log(
    `p95 worst ${worst.toFixed(0)} ms: ${worst < TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS} ms target`,
  );
  process.exitCode = worst < TARGET_MS ? 0 : 1;
} finally {
  await running.stop();
  await app.close();
}
