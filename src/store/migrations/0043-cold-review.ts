// Cold-case re-reviews: what a case held before each re-run (its snapshot) and what the re-run
// added (its report), with a priority for the queue across closed cases.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0043: StoreMigration = {
  name: '0043-cold-review',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('cold_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('reviewed_at', 'bigint', (c) => c.notNull())
      .addColumn('reviewed_by', 'text', (c) => c.notNull())
      /** JSON: crossovers (identifier → other case ids) and finding ids after the re-run. */
      .addColumn('snapshot', 'text', (c) => c.notNull())
      /** JSON: what the re-run added. */
      .addColumn('report', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('cold_reviews_case')
      .on('cold_reviews')
      .columns(['case_id', 'reviewed_at'])
      .execute();
  },
};
