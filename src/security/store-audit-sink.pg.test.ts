// The audit chain on PostgreSQL: concurrent appends from two stores (two pools, as two servers
// would) build one chain; the triggers refuse UPDATE, DELETE and TRUNCATE; an edit made with the
// triggers disabled is found by verification. Skips with a message when no PostgreSQL is reachable.
import { describe, expect, it } from 'vitest';
import { pgUnavailableReason, tempPgDatabase } from '../testkit/temp-pg.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { StoreAuditSink } from './store-audit-sink.js';

const skip = await pgUnavailableReason();
if (skip) console.warn(`[skip] PostgreSQL audit chain: ${skip}`);

describe.skipIf(!!skip)('audit chain on PostgreSQL', () => {
  it('keeps one chain across two servers and detects tampering', async () => {
    const db = await tempPgDatabase();
    const a = new PostgresStore({ url: db.url });
    const b = new PostgresStore({ url: db.url });
    try {
      await a.migrate();
      await b.migrate();
      const sa = new StoreAuditSink(a);
      const sb = new StoreAuditSink(b);
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? sa : sb).record({
            actor: 'u_1',
            action: 'case.view',
            caseId: 'case_x',
            outcome: 'success',
            details: { i },
          }),
        ),
      );
      expect(await sa.verify()).toMatchObject({ ok: true, count: 30, headSeq: 30 });
      await expect(a.pool.query(`UPDATE audit_log SET actor = 'x' WHERE seq = 3`)).rejects.toThrow(
        /append-only/,
      );
      await expect(a.pool.query(`DELETE FROM audit_log WHERE seq = 3`)).rejects.toThrow(
        /append-only/,
      );
      await expect(a.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
      await a.pool.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await a.pool.query(`UPDATE audit_log SET actor = 'x' WHERE seq = 3`);
      const r = await sb.verify();
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'hash-mismatch' })]);
      const page = await sa.list({ caseId: 'case_x', limit: 5 });
      expect(page.entries.map((e) => e.seq)).toEqual([30, 29, 28, 27, 26]);
      expect(typeof page.entries[0]!.at).toBe('number');
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  }, 60_000);
});
