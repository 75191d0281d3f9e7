// Identity resolution: analysts' merge and split decisions on persons (kept across re-ingest and
// re-resolution), each device's resolved owner with its evidence, and when a case was resolved.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0006: StoreMigration = {
  name: '0006-identity',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('person_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      // merge: `keys` holds each merged person's keys (JSON array of arrays);
      // split: `keys` the keys taken out as a new person, `other_keys` the ones left behind
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('keys', 'text', (c) => c.notNull())
      .addColumn('other_keys', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('person_decisions_case')
      .on('person_decisions')
      .columns(['case_id', 'seq'])
      .unique()
      .execute();

    await db.schema
      .createTable('device_owners')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      // JSON: [{ key, role, reason, source, locator }]
      .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
      .addPrimaryKeyConstraint('device_owners_pk', ['case_id', 'device_id'])
      .execute();

    await db.schema
      .createTable('person_resolutions')
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('persons', 'integer', (c) => c.notNull())
      .addColumn('resolved_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
