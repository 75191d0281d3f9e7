// PostgreSQL-specific behaviour: migrations run once under an advisory lock when several servers
// start together, a database that would sort differently from SQLite is refused, 64-bit integers
// read as numbers, openStore chooses PostgreSQL by options, and the URL's password is never shown.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { pgUnavailableReason, tempPgDatabase, PG_ADMIN_URL } from '../../testkit/temp-pg.js';
import { PostgresStore } from './postgres-store.js';
import { openStore } from '../open-store.js';
import { MIGRATIONS } from '../migrations/index.js';
import { createCase } from '../queries/cases.js';
import { ErrorCodes } from '../../model/errors.js';
import { redactUrl } from './pg-pool.js';

const skip = await pgUnavailableReason();
if (skip) console.warn(`[skip] PostgreSQL store: ${skip}`);

describe.skipIf(!!skip)('PostgreSQL store', () => {
  it('migrates once when several servers start together', async () => {
    const db = await tempPgDatabase();
    const stores = Array.from({ length: 4 }, () => new PostgresStore({ url: db.url }));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      const names = (
        await stores[0]!.pool.query<{ name: string }>(
          'SELECT name FROM kysely_migration ORDER BY name',
        )
      ).rows.map((r) => r.name);
      expect(names).toEqual(MIGRATIONS.map((m) => m.name).sort());
      // and again, concurrently, with nothing left to do
      await Promise.all(stores.map((s) => s.migrate()));
      expect(await stores[1]!.checkIntegrity()).toEqual([]);
      // the lock is released: nobody holds it afterwards
      const held = await stores[0]!.pool.query(
        "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted",
      );
      expect(held.rowCount).toBe(0);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  });

  it('refuses a database whose collation does not sort by byte order', async () => {
    const name = `tl_test_coll_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-GB' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    const store = new PostgresStore({ url: u.toString() });
    try {
      await expect(store.migrate()).rejects.toMatchObject({ code: ErrorCodes.STORE_ERROR });
    } finally {
      await store.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('opens by options, reads 64-bit integers as numbers, and keeps the password out of its location', async () => {
    const db = await tempPgDatabase();
    const store = await openStore({ kind: 'postgres', url: db.url });
    try {
      expect(store.dialect).toBe('postgres');
      const kase = await createCase(store, { ref: 'BIG', createdAt: 1_700_000_000_123 });
      const row = await store.db
        .selectFrom('cases')
        .select(['created_at', (eb) => eb.fn.countAll<number>().as('n')])
        .where('id', '=', kase.id)
        .groupBy('created_at')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ created_at: 1_700_000_000_123, n: 1 });
      expect(redactUrl('postgres://u:secret@db.example.org:5432/x')).toBe(
        'postgres://u:***@db.example.org:5432/x',
      );
      const bad = new PostgresStore({ url: 'postgres://u:secret@127.0.0.1:1/none' });
      const err = await bad.migrate().catch((e: unknown) => e as Error);
      expect(String((err as Error).message)).not.toContain('secret');
      expect(err).toMatchObject({ code: ErrorCodes.STORE_ERROR });
      await bad.close();
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
