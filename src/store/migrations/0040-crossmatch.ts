// Cases across the store: case contacts (owner, supervisor), the cross-case identifier index
// (one row per identifier, case and device with where it appears), which devices it covers, and
// cross-case watch-lists and their alerts.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0040: StoreMigration = {
  name: '0040-crossmatch',
  async up(db: Kysely<unknown>) {
    // who to contact about a case (shown to users who learn a match exists but cannot open it)
    await db.schema.alterTable('cases').addColumn('owner', 'text').execute();
    await db.schema.alterTable('cases').addColumn('supervisor', 'text').execute();

    // Derived from identifier_activity, device_identifiers and identifier_names; rebuilt per device.
    await db.schema
      .createTable('crossmatch_index')
      .addColumn('match_key', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      /** JSON: the stored keys that normalise to match_key (a phone and its WhatsApp id). */
      .addColumn('keys', 'text', (c) => c.notNull())
      /** JSON: how it appears (owner, imei, account, message, call, contact, thread). */
      .addColumn('roles', 'text', (c) => c.notNull())
      /** JSON: contact names given to it on this device (at most a few). */
      .addColumn('names', 'text', (c) => c.notNull())
      .addColumn('messages', 'bigint', (c) => c.notNull())
      .addColumn('calls', 'bigint', (c) => c.notNull())
      .addColumn('contacts', 'bigint', (c) => c.notNull())
      .addColumn('first_at', 'bigint')
      .addColumn('last_at', 'bigint')
      .addPrimaryKeyConstraint('crossmatch_index_pk', ['match_key', 'case_id', 'device_id'])
      .execute();
    await db.schema
      .createIndex('crossmatch_index_case')
      .on('crossmatch_index')
      .columns(['case_id', 'match_key'])
      .execute();
    await db.schema
      .createIndex('crossmatch_index_device')
      .on('crossmatch_index')
      .columns(['device_id'])
      .execute();

    await db.schema
      .createTable('crossmatch_devices')
      .addColumn('device_id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('keys', 'bigint', (c) => c.notNull())
      .addColumn('indexed_at', 'bigint', (c) => c.notNull())
      .execute();

    // identifiers watched across cases: an ingest into another case that holds one raises an alert
    // (the per-case watch-list of 0080 counts hits inside its own case)
    await db.schema
      .createTable('crossmatch_watches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('match_key', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('crossmatch_watches_key')
      .on('crossmatch_watches')
      .columns(['match_key', 'case_id'])
      .unique()
      .execute();

    await db.schema
      .createTable('crossmatch_alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      /** The watching case (whose members see the alert). */
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('watch_id', 'text', (c) => c.notNull())
      .addColumn('match_key', 'text', (c) => c.notNull())
      .addColumn('matched_case_id', 'text', (c) => c.notNull())
      .addColumn('matched_device_id', 'text', (c) => c.notNull())
      .addColumn('ingest_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('seen_at', 'bigint')
      .addColumn('seen_by', 'text')
      .execute();
    await db.schema
      .createIndex('crossmatch_alerts_case')
      .on('crossmatch_alerts')
      .columns(['case_id', 'created_at'])
      .execute();
  },
};
