// Chooses the store implementation from options (the composition roots pass what config says).
import { join } from 'node:path';
import type { Store } from './store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

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

export function defaultSqliteFile(dataDir: string): string {
  return join(dataDir, 'threadline.db');
}
