// The embedded store's own settings: durability pragmas on every connection and the FTS5 query
// text. Search, paging, bulk writes and migrations are in the shared Store contract
// (sqlite-store.contract.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { tempCase } from '../../testkit/temp-store.js';
import { readStorePragmas, openStoreConnection } from './sqlite-connection.js';
import { SqliteBulkWriter } from './sqlite-bulk-writer.js';
import { toFts5, parseSearchText } from '../fts-query.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('SQLite store', () => {
  it('opens every connection with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const t = await tempCase();
    cleanups.push(t.cleanup);
    expect(readStorePragmas(t.store.conn)).toEqual({
      journal_mode: 'wal',
      synchronous: 2,
      foreign_keys: 1,
      busy_timeout: 30000,
    });
    const w = new SqliteBulkWriter(t.file);
    expect(
      readStorePragmas((w as unknown as { conn: ReturnType<typeof openStoreConnection> }).conn),
    ).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 30000 });
    await w.close();
    await t.store.migrate(); // idempotent
    expect(await t.store.checkIntegrity()).toEqual([]);
  });

  it('turns typed text into a safe FTS5 expression', () => {
    expect(toFts5('meet tonight')).toBe('"meet" AND "tonight"');
    expect(toFts5('"meet me" food*')).toBe('"meet me" AND "food"*');
    expect(toFts5('a"b')).toBe('"ab"');
    expect(toFts5('   ')).toBeNull();
    expect(parseSearchText('+447700900123 a@example.org').terms.map((t) => t.text)).toEqual([
      '+447700900123',
      'a@example.org',
    ]);
  });
});
