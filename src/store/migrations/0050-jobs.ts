// Jobs: long work (ingest, translation batches, analysis) queued in the store and run by the
// embedded runner or by `threadline worker` processes on any machine. A running job holds a lease
// that its worker renews; a job whose lease expired (its worker died) is claimed again elsewhere.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0050: StoreMigration = {
  name: '0050-jobs',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      // queued | running | done | failed | cancelled
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('progress', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(3))
      .addColumn('worker', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('heartbeat_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('jobs_claim')
      .on('jobs')
      .columns(['status', 'kind', 'created_at'])
      .execute();
    await db.schema
      .createIndex('jobs_case')
      .on('jobs')
      .columns(['case_id', 'created_at'])
      .execute();
  },
};
