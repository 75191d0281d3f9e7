// Where a source's bytes are stored when its path is a logical one: an iTunes/Finder backup keeps
// `HomeDomain/Library/SMS/sms.db` as `3d/3d0d7e…`; the hashed name is provenance and is kept here.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0003: StoreMigration = {
  name: '0003-ios-backup',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sources').addColumn('stored_path', 'text').execute();
  },
};
