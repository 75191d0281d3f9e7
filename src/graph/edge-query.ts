// Set-based SQL that turns messages and calls into directed party pairs and aggregates them in the
// database (one GROUP BY per build, never row by row). Both store dialects: the JSON array of
// recipients/callees is expanded with json_each (SQLite) or jsonb_array_elements_text (PostgreSQL).
import { sql, type RawBuilder } from 'kysely';
import type { Store } from '../store/store.js';
import type { GraphFilter } from './graph-types.js';

/** One aggregated row: `a` sent to or called `b` (`directed` 0: direction unknown). */
export interface PairRow {
  a: string;
  b: string;
  kind: 'message' | 'call';
  directed: number;
  app: string;
  device_id: string;
  source_id: string;
  n: number;
  first_at: number | null;
  last_at: number | null;
  seconds: number;
}

/** One item behind an edge (for path hops and evidence lists). */
export interface PairItem {
  id: string;
  kind: 'message' | 'call';
  a: string;
  b: string;
  directed: number;
  app: string;
  device_id: string;
  source_id: string;
  at: number | null;
  seconds: number;
  locator: string;
}

interface ItemTable {
  table: 'messages' | 'calls';
  kind: 'message' | 'call';
  from: string;
  to: string;
  at: string;
  seconds: string;
}

const TABLES: ItemTable[] = [
  {
    table: 'messages',
    kind: 'message',
    from: 'sender',
    to: 'recipients',
    at: 'sent_at',
    seconds: '0',
  },
  {
    table: 'calls',
    kind: 'call',
    from: 'caller',
    to: 'callees',
    at: 'started_at',
    seconds: 'COALESCE(t.duration_s, 0)',
  },
];

function expand(store: Store, array: string): string {
  // an empty recipient list means "the device's owner" (the runner's owner key is device:<id>)
  const arr = `CASE WHEN t.${array} = '[]' THEN ${
    store.dialect === 'postgres'
      ? `jsonb_build_array('device:' || t.device_id)::text`
      : `json_array('device:' || t.device_id)`
  } ELSE t.${array} END`;
  return store.dialect === 'postgres'
    ? `jsonb_array_elements_text((${arr})::jsonb) AS r(value)`
    : `json_each(${arr}) AS r`;
}

function filters(store: Store, caseId: string, f: GraphFilter, at: string): RawBuilder<unknown>[] {
  // Without a time window a whole case is read: on SQLite a table scan in rowid order is several
  // times faster than walking the (case_id, time) index, which reads the table in random order.
  const scan = store.dialect === 'sqlite' && f.from === undefined && f.to === undefined;
  const w: RawBuilder<unknown>[] = [
    scan ? sql`+t.case_id = ${caseId}` : sql`t.case_id = ${caseId}`,
  ];
  if (f.from !== undefined) w.push(sql`t.${sql.raw(at)} >= ${f.from}`);
  if (f.to !== undefined) w.push(sql`t.${sql.raw(at)} < ${f.to}`);
  if (f.apps?.length) w.push(sql`t.app IN (${sql.join(f.apps)})`);
  if (f.devices?.length) w.push(sql`t.device_id IN (${sql.join(f.devices)})`);
  if (f.direction) w.push(sql`t.direction = ${f.direction}`);
  return w;
}

/**
 * The directed pairs of one item table as a sub-select: sender → each recipient; when the sender is
 * unknown, the counterpart and the owner with the direction unknown. Group identifiers (a chat's own
 * id) are not persons and are left out.
 */
function pairsOf(
  store: Store,
  caseId: string,
  f: GraphFilter,
  t: ItemTable,
  extraCols: string,
  restrict: RawBuilder<unknown> | null,
): RawBuilder<unknown> {
  const where = filters(store, caseId, f, t.at);
  if (restrict) where.push(restrict);
  const groups = sql`(SELECT g.group_key FROM threads g WHERE g.case_id = ${caseId} AND g.group_key IS NOT NULL)`;
  const cols = (a: string, b: string, directed: number) =>
    sql.raw(
      `${a} AS a, ${b} AS b, '${t.kind}' AS kind, ${directed} AS directed, t.app AS app, t.device_id AS device_id, t.source_id AS source_id, t.${t.at} AS at, ${t.seconds} AS seconds${extraCols}`,
    );
  // one recipient (nearly every item): cut the key out of the JSON text; several: json_each
  const to = `t.${t.to}`;
  const instr = (hay: string, needle: string) =>
    store.dialect === 'postgres' ? `strpos(${hay}, ${needle})` : `instr(${hay}, ${needle})`;
  const single = `${to} LIKE '["%"]' AND ${instr(to, `'","'`)} = 0 AND ${instr(to, `'\\'`)} = 0`;
  const fast = sql`SELECT ${cols(`t.${t.from}`, `substr(${to}, 3, length(${to}) - 4)`, 1)}
    FROM ${sql.table(t.table)} t
    WHERE ${sql.join(where, sql` AND `)} AND t.${sql.raw(t.from)} IS NOT NULL AND ${sql.raw(single)}
      AND substr(${sql.raw(to)}, 3, length(${sql.raw(to)}) - 4) <> t.${sql.raw(t.from)}
      AND substr(${sql.raw(to)}, 3, length(${sql.raw(to)}) - 4) NOT IN ${groups}`;
  const known = sql`SELECT ${cols(`t.${t.from}`, 'r.value', 1)}
    FROM ${sql.table(t.table)} t, ${sql.raw(expand(store, t.to))}
    WHERE ${sql.join(where, sql` AND `)} AND t.${sql.raw(t.from)} IS NOT NULL AND NOT (${sql.raw(single)})
      AND r.value <> t.${sql.raw(t.from)} AND r.value NOT IN ${groups}`;
  const unknown = sql`SELECT ${cols('t.counterpart', `'device:' || t.device_id`, 0)}
    FROM ${sql.table(t.table)} t
    WHERE ${sql.join(where, sql` AND `)} AND t.${sql.raw(t.from)} IS NULL
      AND t.counterpart IS NOT NULL AND t.counterpart NOT IN ${groups}`;
  if (t.table !== 'messages') return sql`${fast} UNION ALL ${known} UNION ALL ${unknown}`;
  // a message in a group thread reaches every participant, also those the app did not list as
  // recipients (Android MMS lists only the owner on an incoming group message)
  const group = sql`SELECT ${cols(`t.${t.from}`, 'gp.key', 1)}
    FROM ${sql.table(t.table)} t
    JOIN threads th ON th.id = t.thread_id AND th.is_group = 1
    JOIN item_parties gp ON gp.item_id = t.thread_id AND gp.role = 'participant'
    WHERE ${sql.join(where, sql` AND `)} AND t.${sql.raw(t.from)} IS NOT NULL AND t.thread_id IS NOT NULL
      AND gp.key <> t.${sql.raw(t.from)} AND ${sql.raw(instr(to, `'"' || gp.key || '"'`))} = 0
      AND NOT (t.recipients = '[]' AND gp.key = 'device:' || t.device_id)`;
  return sql`${fast} UNION ALL ${known} UNION ALL ${unknown} UNION ALL ${group}`;
}

/** Aggregated pairs for a graph build: one row per (a, b, kind, direction known, app, device, source). */
export function aggregatePairsQuery(
  store: Store,
  caseId: string,
  f: GraphFilter,
): RawBuilder<PairRow> {
  const parts = TABLES.map((t) => pairsOf(store, caseId, f, t, '', null));
  return sql<PairRow>`SELECT p.a, p.b, p.kind, p.directed, p.app, p.device_id, p.source_id,
      COUNT(*) AS n, MIN(p.at) AS first_at, MAX(p.at) AS last_at, SUM(p.seconds) AS seconds
    FROM (${sql.join(parts, sql` UNION ALL `)}) p
    GROUP BY p.a, p.b, p.kind, p.directed, p.app, p.device_id, p.source_id`;
}

type RawPair = [
  string,
  string,
  'message' | 'call',
  number,
  string,
  string,
  string,
  number,
  number | null,
  number | null,
  number,
];

/**
 * Streams the aggregated pairs to `each` as raw column arrays (a, b, kind, directed, app, device,
 * source, n, first, last, seconds). On SQLite the rows are iterated straight from the statement:
 * a million-row result never becomes a million objects.
 */
export async function forEachPair(
  store: Store,
  caseId: string,
  f: GraphFilter,
  each: (r: RawPair) => void,
): Promise<number> {
  const q = aggregatePairsQuery(store, caseId, f).compile(store.db);
  let n = 0;
  const conn = (
    store as {
      conn?: {
        prepare(s: string): { raw(on: boolean): { iterate(...p: unknown[]): Iterable<unknown[]> } };
      };
    }
  ).conn;
  if (store.dialect === 'sqlite' && conn) {
    for (const r of conn
      .prepare(q.sql)
      .raw(true)
      .iterate(...q.parameters)) {
      each(r as RawPair);
      n++;
    }
    return n;
  }
  const rows = (await store.db.executeQuery(q)).rows as PairRow[];
  for (const r of rows) {
    each([
      r.a,
      r.b,
      r.kind,
      Number(r.directed),
      r.app,
      r.device_id,
      r.source_id,
      Number(r.n),
      r.first_at === null ? null : Number(r.first_at),
      r.last_at === null ? null : Number(r.last_at),
      Number(r.seconds ?? 0),
    ]);
    n++;
  }
  return n;
}

/** Every pair item of a case in time order (i2 CSV rows, link evidence lists), streamed. */
export async function forEachPairItem(
  store: Store,
  caseId: string,
  f: GraphFilter,
  each: (r: PairItem) => void | Promise<void>,
): Promise<number> {
  const parts = TABLES.map((t) =>
    pairsOf(store, caseId, f, t, ', t.id AS id, t.locator AS locator', null),
  );
  const q =
    sql<PairItem>`SELECT p.id, p.kind, p.a, p.b, p.directed, p.app, p.device_id, p.source_id, p.at, p.seconds, p.locator
    FROM (${sql.join(parts, sql` UNION ALL `)}) p ORDER BY p.at, p.id, p.b`.compile(store.db);
  let n = 0;
  const conn = (
    store as { conn?: { prepare(s: string): { iterate(...p: unknown[]): Iterable<unknown> } } }
  ).conn;
  const rows: Iterable<unknown> =
    store.dialect === 'sqlite' && conn
      ? conn.prepare(q.sql).iterate(...q.parameters)
      : (await store.db.executeQuery(q)).rows;
  for (const raw of rows) {
    const r = raw as PairItem;
    r.at = r.at === null ? null : Number(r.at);
    r.seconds = Number(r.seconds ?? 0);
    r.directed = Number(r.directed);
    await each(r);
    n++;
  }
  return n;
}

/** Aggregated pairs as objects (small graphs, tests). */
export async function aggregatePairs(
  store: Store,
  caseId: string,
  f: GraphFilter,
): Promise<PairRow[]> {
  const out: PairRow[] = [];
  await forEachPair(store, caseId, f, (r) =>
    out.push({
      a: r[0],
      b: r[1],
      kind: r[2],
      directed: Number(r[3]),
      app: r[4],
      device_id: r[5],
      source_id: r[6],
      n: Number(r[7]),
      first_at: r[8] === null ? null : Number(r[8]),
      last_at: r[9] === null ? null : Number(r[9]),
      seconds: Number(r[10] ?? 0),
    }),
  );
  return out;
}

/**
 * The items between two sets of identifier keys (either way), newest first. Reached through the
 * indexed counterpart column, and for messages also through the threads the keys take part in.
 */
export async function itemsBetween(
  store: Store,
  caseId: string,
  keysA: readonly string[],
  keysB: readonly string[],
  f: GraphFilter,
  limit: number,
): Promise<{ items: PairItem[]; total: number }> {
  const all = [...new Set([...keysA, ...keysB])];
  const setA = new Set(keysA);
  const setB = new Set(keysB);
  const parts = TABLES.map((t) => {
    const viaThreads =
      t.table === 'messages'
        ? sql` OR t.thread_id IN (SELECT ip.item_id FROM item_parties ip WHERE ip.case_id = ${caseId} AND ip.item_kind = 'thread' AND ip.key IN (${sql.join(all)}))`
        : sql``;
    const restrict = sql`(t.counterpart IN (${sql.join(all)})${viaThreads})`;
    return pairsOf(store, caseId, f, t, ', t.id AS id, t.locator AS locator', restrict);
  });
  const q = sql<PairItem>`SELECT DISTINCT p.id, p.kind, p.a, p.b, p.directed, p.app, p.device_id, p.source_id, p.at, p.seconds, p.locator
    FROM (${sql.join(parts, sql` UNION ALL `)}) p
    WHERE (p.a IN (${sql.join(keysA)}) AND p.b IN (${sql.join(keysB)}))
       OR (p.a IN (${sql.join(keysB)}) AND p.b IN (${sql.join(keysA)}))
    ORDER BY p.at DESC, p.id`;
  const rows = (await q.execute(store.db)).rows.filter(
    (r) => (setA.has(r.a) && setB.has(r.b)) || (setB.has(r.a) && setA.has(r.b)),
  );
  for (const r of rows) {
    r.at = r.at === null ? null : Number(r.at);
    r.seconds = Number(r.seconds ?? 0);
    r.directed = Number(r.directed);
  }
  return { items: rows.slice(0, limit), total: rows.length };
}

/** Address-book entries on seized devices: which device saved which identifier, under what name. */
export interface ContactRow {
  device_id: string;
  key: string;
  contact_id: string;
  name: string | null;
  source_id: string;
  locator: string;
  deleted: number;
}

export async function contactEntries(
  store: Store,
  caseId: string,
  f: GraphFilter,
): Promise<ContactRow[]> {
  const rows = await store.db
    .selectFrom('item_parties as ip')
    .innerJoin('contacts as c', 'c.id', 'ip.item_id')
    .select([
      'ip.device_id as device_id',
      'ip.key as key',
      'c.id as contact_id',
      'c.name as name',
      'c.source_id as source_id',
      'c.locator as locator',
      'c.deleted as deleted',
    ])
    .where('ip.case_id', '=', caseId)
    .where('ip.item_kind', '=', 'contact')
    .$if(!!f.devices?.length, (q) => q.where('ip.device_id', 'in', f.devices!))
    .orderBy('ip.device_id')
    .orderBy('ip.key')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ...r, deleted: Number(r.deleted) }));
}
