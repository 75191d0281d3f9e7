// Opens Threadline's own SQLite store with the durability settings evidence work needs:
// WAL, synchronous=FULL, foreign keys, a busy timeout.
import Database from 'better-sqlite3';

export type SqliteDb = Database.Database;

export const STORE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL
  foreign_keys: 1,
  busy_timeout: 30_000,
} as const;

export function openStoreConnection(
  file: string,
  opts: { readonly?: boolean; cacheMiB?: number } = {},
): SqliteDb {
  const db = new Database(file, { readonly: opts.readonly ?? false });
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 30000');
  db.pragma('trusted_schema = OFF');
  // page cache per connection (the bulk writer asks for more: index inserts stay in memory)
  db.pragma(`cache_size = -${(opts.cacheMiB ?? 64) * 1024}`);
  db.pragma('temp_store = MEMORY');
  return db;
}

/** Reads back the pragmas that must hold on every store connection (asserted by tests). */
export function readStorePragmas(db: SqliteDb): Record<string, unknown> {
  return {
    journal_mode: db.pragma('journal_mode', { simple: true }),
    synchronous: db.pragma('synchronous', { simple: true }),
    foreign_keys: db.pragma('foreign_keys', { simple: true }),
    busy_timeout: db.pragma('busy_timeout', { simple: true }),
  };
}
