// Runs the numbered migrations through Kysely's Migrator (which takes a lock, so several servers
// starting together migrate once).
import { Migrator, type Kysely, type Migration } from 'kysely';
import { AppError, ErrorCodes } from '../model/errors.js';
import { MIGRATIONS, type StoreDialect } from './migrations/index.js';

export async function runMigrations(db: Kysely<unknown>, dialect: StoreDialect): Promise<string[]> {
  const migrator = new Migrator({
    db,
    // each capability numbers its migrations in its own range (0006 identity, 0010 language …), so
    // a store may already hold a higher-numbered one when a lower one lands
    allowUnorderedMigrations: true,
    provider: {
      async getMigrations(): Promise<Record<string, Migration>> {
        const out: Record<string, Migration> = {};
        for (const m of MIGRATIONS) out[m.name] = { up: (d) => m.up(d, dialect) };
        return out;
      },
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new AppError(
      ErrorCodes.MIGRATION_FAILED,
      `migration ${failed ?? '?'} failed: ${String((error as Error).message ?? error)}`,
      {},
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
