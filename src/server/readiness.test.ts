// Readiness in server mode: /readyz is ready on PostgreSQL once every migration is applied, says
// which are pending while the shared database is behind the code (another server migrating), and
// reports the store unavailable when it cannot be reached. Skipped without PostgreSQL.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pgUnavailableReason, tempPgStore } from '../testkit/temp-pg.js';
import { testApp } from '../testkit/test-app.js';
import { createServer } from './create-server.js';

const skip = await pgUnavailableReason();
if (skip) console.warn(`[skip] readiness on PostgreSQL: ${skip}`);

describe.skipIf(!!skip)('readiness on PostgreSQL', () => {
  it('is ready with the full schema, not while migrations are pending or the store is down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-ready-'));
    const t = await tempPgStore();
    const { server } = await createServer(testApp(t.store, dir), {
      log: { level: 'silent' },
      webRoot: null,
    });
    try {
      const ready = await server.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready', store: 'postgres' });
      await t.store.pool.query("DELETE FROM kysely_migration WHERE name = '0090-postgres-search'");
      const behind = await server.inject({ url: '/readyz' });
      expect(behind.statusCode).toBe(503);
      expect(behind.json()).toEqual({ status: 'schema-behind', pending: ['0090-postgres-search'] });
      await t.store.pool.query(
        "INSERT INTO kysely_migration (name, timestamp) VALUES ('0090-postgres-search', now()::text)",
      );
      expect((await server.inject({ url: '/readyz' })).statusCode).toBe(200);
      await t.db.drop(); // the database goes away under the server
      const down = await server.inject({ url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ status: 'store-unavailable' });
    } finally {
      await server.close();
      await t.store.close().catch(() => {});
      await t.db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
