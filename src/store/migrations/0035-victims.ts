// Victim flags (an identifier, or every identifier of a person, marked as a victim's) and each
// case's secret pseudonym key, so exports can replace victims' names and numbers with stable
// pseudonyms that cannot be reversed by hashing every possible phone number.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0035: StoreMigration = {
  name: '0035-victims',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('victim_flags')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      // set when the flag was given to a person (all of its identifiers at the time)
      .addColumn('person_id', 'text')
      .addColumn('note', 'text')
      .addColumn('flagged_by', 'text', (c) => c.notNull())
      .addColumn('flagged_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('victim_flags_pk', ['case_id', 'key'])
      .execute();
    await db.schema
      .createTable('redaction_keys')
      .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
