// Chooses the store implementation from options (the composition roots pass what config says).
import { join } from 'node:path';
import type { Store } from './store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { AppError, ErrorCodes } from '../model/errors.js';

export type StoreOptions = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export type PostgresStoreFactory = (url: string) => Promise<Store>;
let postgresFactory: PostgresStoreFactory | null = null;

/** Registered by the PostgreSQL implementation (kept out of the embedded import graph). */
export function registerPostgresStore(f: PostgresStoreFactory): void {
  postgresFactory = f;
}

export async function openStore(opts: StoreOptions, { migrate = true } = {}): Promise<Store> {
  let store: Store;
  if (opts.kind === 'sqlite') store = new SqliteStore({ file: opts.file });
  else {
    if (!postgresFactory) {
      const modulePath = './postgres/postgres-store.js';
      const mod: unknown = await import(modulePath).catch(() => null);
      if (mod && typeof mod === 'object' && 'createPostgresStore' in mod)
        postgresFactory = (mod as { createPostgresStore: PostgresStoreFactory })
          .createPostgresStore;
    }
    if (!postgresFactory) throw new Error('PostgreSQL store is not available in this build');
    store = await postgresFactory(opts.url);
  }
  if (migrate) await store.migrate();
  return store;
}

/** The store the configuration asks for: `store.kind`, else PostgreSQL in server mode or when a
 * database URL is given, else the embedded SQLite file in the data folder. */
export function storeOptionsFrom(config: {
  mode: 'embedded' | 'server';
  dataDir: string;
  database: { url?: string };
  store: { kind?: 'sqlite' | 'postgres'; url?: string };
}): StoreOptions {
  const url = config.store.url ?? config.database.url;
  const kind = config.store.kind ?? (config.mode === 'server' || url ? 'postgres' : 'sqlite');
  if (kind === 'sqlite') return { kind, file: defaultSqliteFile(config.dataDir) };
  if (!url)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      'the PostgreSQL store needs a URL: set store.url, database.url or THREADLINE_DATABASE_URL',
    );
  return { kind, url };
}

export function defaultSqliteFile(dataDir: string): string {
  return join(dataDir, 'threadline.db');
}
