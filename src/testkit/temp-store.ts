// A real SQLite store in a fresh temporary folder, for integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createCase, type CaseRecord } from '../store/queries/cases.js';

export interface TempStore {
  store: SqliteStore;
  dir: string;
  file: string;
  cleanup(): Promise<void>;
}

export async function tempStore(opts: { threadedWriter?: boolean } = {}): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-store-'));
  const file = join(dir, 'threadline.db');
  const store = new SqliteStore({ file, threadedWriter: opts.threadedWriter });
  await store.migrate();
  return {
    store,
    dir,
    file,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function tempCase(
  opts: { ref?: string; threadedWriter?: boolean } = {},
): Promise<TempStore & { kase: CaseRecord }> {
  const t = await tempStore(opts);
  const kase = await createCase(t.store, { ref: opts.ref ?? 'TEST-1', createdAt: 0 });
  return { ...t, kase };
}

export async function countRows(
  store: SqliteStore,
  table: 'messages' | 'calls' | 'contacts' | 'threads' | 'sources' | 'ingests' | 'media',
): Promise<number> {
  const r = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
