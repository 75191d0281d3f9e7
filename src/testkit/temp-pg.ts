// A real PostgreSQL database for tests: a uniquely named database created on the test server
// (127.0.0.1:5432, user postgres, or THREADLINE_TEST_PG_URL) and dropped afterwards. Test files
// ask `pgAvailable()` first and skip, saying why, when no server is reachable.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore, type PostgresStoreOptions } from '../store/postgres/postgres-store.js';
import { createCase, type CaseRecord } from '../store/queries/cases.js';

export const PG_ADMIN_URL =
  process.env.THREADLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<string | null> | null = null;

/** null when PostgreSQL is reachable, else the reason it is not (for the skip message). */
export function pgUnavailableReason(): Promise<string | null> {
  reachable ??= (async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return null;
    } catch (e) {
      return `PostgreSQL not reachable at ${PG_ADMIN_URL}: ${(e as Error).message}`;
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return reachable;
}

export async function pgAvailable(label: string): Promise<boolean> {
  const why = await pgUnavailableReason();
  if (why) console.warn(`[skip] ${label}: ${why}`);
  return why === null;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface TempPgDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new empty database (byte-order collation, as the store requires). */
export async function tempPgDatabase(prefix = 'tl_test'): Promise<TempPgDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin((c) =>
    c.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    ),
  );
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    async drop() {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export interface TempPgStore {
  store: PostgresStore;
  db: TempPgDatabase;
  cleanup(): Promise<void>;
}

export async function tempPgStore(
  opts: Omit<PostgresStoreOptions, 'url'> = {},
): Promise<TempPgStore> {
  const db = await tempPgDatabase();
  const store = new PostgresStore({ ...opts, url: db.url });
  await store.migrate();
  return {
    store,
    db,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
}

export async function tempPgCase(
  opts: { ref?: string } = {},
): Promise<TempPgStore & { kase: CaseRecord }> {
  const t = await tempPgStore();
  const kase = await createCase(t.store, { ref: opts.ref ?? 'TEST-1', createdAt: 0 });
  return { ...t, kase };
}
