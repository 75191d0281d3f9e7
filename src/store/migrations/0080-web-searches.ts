// The workbench's saved searches and watch-lists (identifiers and terms an analyst wants to hear
// about), per case. Hit counts are computed live; `checked_seq` marks what was already reviewed.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0080: StoreMigration = {
  name: '0080-web-searches',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('saved_searches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('saved_searches_case')
      .on('saved_searches')
      .columns(['case_id', 'name'])
      .execute();

    await db.schema
      .createTable('watch_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('checked_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('checked_at', 'bigint')
      .addColumn('checked_by', 'text')
      .execute();
    await db.schema
      .createIndex('watch_entries_case')
      .on('watch_entries')
      .columns(['case_id', 'kind', 'value'])
      .unique()
      .execute();
  },
};
