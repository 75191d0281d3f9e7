// Offender record fields recorded by people (never inferred): role, self-defined ethnicity (18+1),
// officer-observed ethnicity, nationality and the source of each, date of birth or age band. Kept
// in their own table, which no detection rule, score or ranking reads (guard-rail test in
// src/cases/person-record.test.ts).
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0042: StoreMigration = {
  name: '0042-person-records',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('person_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      /** How the person is named in the case (as the officer records it). */
      .addColumn('subject', 'text', (c) => c.notNull())
      /** The resolved person (src/identity) this record was made against, when there is one. */
      .addColumn('person_id', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('self_defined_ethnicity', 'text')
      .addColumn('self_defined_ethnicity_source', 'text')
      .addColumn('officer_observed_ethnicity', 'text')
      .addColumn('officer_observed_ethnicity_source', 'text')
      .addColumn('nationality', 'text')
      .addColumn('nationality_source', 'text')
      .addColumn('date_of_birth', 'text')
      .addColumn('age_band', 'text')
      .addColumn('age_source', 'text')
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('person_records_subject')
      .on('person_records')
      .columns(['case_id', 'subject'])
      .unique()
      .execute();
  },
};
