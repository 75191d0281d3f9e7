// Shape of a numbered migration: portable Kysely schema code, with a dialect switch where SQL differs.
//
// THE RULE (every migration runs on SQLite and on PostgreSQL; the Store contract suite runs them on
// both, so a migration that breaks one dialect fails CI):
// - Use Kysely's schema builder (createTable, addColumn, createIndex, alterTable) with portable
//   types only: 'text', 'integer', 'bigint', 'double precision'. Booleans are integer 0/1, JSON is
//   text, times are bigint epoch milliseconds. No 'boolean', 'json', 'blob', 'datetime'.
// - Anything else (raw SQL, triggers, virtual tables, extensions, PostgreSQL-only indexes) goes
//   behind `if (dialect === 'sqlite') … else …`, giving both forms, or is PostgreSQL-only in the
//   0090s range. Defaults through defaultTo() with literals (or sql`…` valid in both).
// - Every table has case_id (partitioning and Citus sharding by case); give new tables a primary
//   key that includes case_id where you can.
// - Never edit a landed migration: add a new one in your range. Migrations run once, under a lock,
//   inside one transaction on PostgreSQL.
import type { Kysely } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

export interface StoreMigration {
  /** `NNNN-name`; migrations run in name order. Ranges: 0001–0009 core, 0010s language, 0020s
   * detection, 0030s security, 0040s cases, 0050s jobs, 0060s audio. */
  name: string;
  up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void>;
}
