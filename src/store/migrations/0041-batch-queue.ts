// The batch-ingest queue: one row per (batch folder, case, device folder), so an unattended ingest
// of many cases can be killed and run again and continue where it stopped.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0041: StoreMigration = {
  name: '0041-batch-queue',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('batch_queue')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('batch_id', 'text', (c) => c.notNull())
      /** The case the folder ingests into (its id is fixed by its reference, even before it exists). */
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('case_ref', 'text', (c) => c.notNull())
      .addColumn('case_dir', 'text', (c) => c.notNull())
      /** Device folder inside the case folder ('' for a problem with the case folder itself). */
      .addColumn('device_dir', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      /** pending | running | done | failed */
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('ingest_id', 'text')
      .addColumn('device_id', 'text')
      .addColumn('files', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('batch_queue_batch')
      .on('batch_queue')
      .columns(['batch_id', 'seq'])
      .execute();
  },
};
