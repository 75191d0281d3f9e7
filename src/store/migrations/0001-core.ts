// Core evidential schema: cases, devices, ingests, sources and the items read from them.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import type { StoreDialect, StoreMigration } from './migration.js';

type Tb = CreateTableBuilder<string, never>;

/** Provenance columns shared by every item table. */
function provenance(t: Tb): Tb {
  return t
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
    .addColumn('locator', 'text', (c) => c.notNull())
    .addColumn('parser', 'text', (c) => c.notNull());
}

function item(t: Tb): Tb {
  return t
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'));
}

export const migration0001: StoreMigration = {
  name: '0001-core',
  async up(db: Kysely<unknown>, dialect: StoreDialect) {
    const json = (t: Tb, name: string, dflt = "'{}'") =>
      t.addColumn(name, 'text', (c) => c.notNull().defaultTo(sql.raw(dflt)));

    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text')
      .addColumn('marking', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('live'))
      .addColumn('crime_types', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('description', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await json(
      db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('exhibit', 'text')
        .addColumn('region', 'text', (c) => c.notNull().defaultTo('GB'))
        .addColumn('timezone', 'text')
        .addColumn('model', 'text')
        .addColumn('os', 'text')
        .addColumn('name', 'text'),
      'facts',
    ).execute();
    await db.schema
      .createIndex('devices_case')
      .on('devices')
      .columns(['case_id', 'label'])
      .unique()
      .execute();

    await db.schema
      .createTable('ingests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('inputs', 'text', (c) => c.notNull())
      .addColumn('tool_version', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('error', 'text')
      .execute();

    await db.schema
      .createTable('sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('ingest_id', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('container_id', 'text')
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('parser', 'text')
      .addColumn('artefacts', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .createIndex('sources_case_device')
      .on('sources')
      .columns(['case_id', 'device_id'])
      .execute();
    await db.schema
      .createIndex('sources_sha')
      .on('sources')
      .columns(['case_id', 'sha256'])
      .execute();

    await db.schema
      .createTable('identifiers')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('identifiers_pk', ['case_id', 'key'])
      .execute();
    await db.schema.createIndex('identifiers_key').on('identifiers').column('key').execute();

    await db.schema
      .createTable('identifier_names')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
      .addColumn('locator', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('identifier_names_pk', [
        'case_id',
        'key',
        'device_id',
        'name',
        'source_id',
        'locator',
      ])
      .execute();

    await db.schema
      .createTable('device_identifiers')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
      .addColumn('locator', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_identifiers_pk', [
        'case_id',
        'device_id',
        'key',
        'role',
        'source_id',
      ])
      .execute();

    await provenance(
      db.schema
        .createTable('identifier_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('a_key', 'text', (c) => c.notNull())
        .addColumn('b_key', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('confidence', 'double precision', (c) => c.notNull()),
    ).execute();

    await db.schema
      .createTable('item_parties')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('item_kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint')
      .addPrimaryKeyConstraint('item_parties_pk', ['item_id', 'key', 'role'])
      .execute();
    await db.schema
      .createIndex('item_parties_key')
      .on('item_parties')
      .columns(['case_id', 'key'])
      .execute();

    // Per identifier, source and item kind: how often and when it appears (crossmatch, profiles).
    // Written per source by the ingest runner, so a skipped (unchanged) source keeps its rows.
    await db.schema
      .createTable('identifier_activity')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addColumn('first_at', 'bigint')
      .addColumn('last_at', 'bigint')
      .addPrimaryKeyConstraint('identifier_activity_pk', [
        'case_id',
        'key',
        'source_id',
        'kind',
        'role',
      ])
      .execute();
    await db.schema
      .createIndex('identifier_activity_key')
      .on('identifier_activity')
      .column('key')
      .execute();

    await provenance(
      item(db.schema.createTable('threads'))
        .addColumn('app', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('is_group', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('group_key', 'text')
        .addColumn('participants', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0)),
    ).execute();
    await db.schema
      .createIndex('threads_case_device')
      .on('threads')
      .columns(['case_id', 'device_id'])
      .execute();

    const seqType = dialect === 'postgres' ? 'bigserial' : 'integer';
    await provenance(
      db.schema
        .createTable('messages')
        .addColumn('seq', seqType, (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('thread_id', 'text')
        .addColumn('app', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addColumn('sent_raw', 'text')
        .addColumn('sent_enc', 'text')
        .addColumn('sent_zone', 'text')
        .addColumn('received_at', 'bigint')
        .addColumn('read_at', 'bigint')
        .addColumn('sender', 'text')
        .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('counterpart', 'text')
        .addColumn('body', 'text')
        .addColumn('subject', 'text')
        .addColumn('status', 'text')
        .addColumn('type', 'text')
        .addColumn('language', 'text')
        .addColumn('language_conf', 'double precision')
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('recovery', 'text', (c) => c.notNull().defaultTo('live'))
        .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('raw', 'text', (c) => c.notNull().defaultTo('{}')),
    ).execute();
    await db.schema
      .createIndex('messages_thread')
      .on('messages')
      .columns(['thread_id', 'sent_at'])
      .execute();
    await db.schema
      .createIndex('messages_case_time')
      .on('messages')
      .columns(['case_id', 'sent_at'])
      .execute();
    // (counterpart, sent_at) without case_id keeps the index small; queries also filter on case_id
    await db.schema
      .createIndex('messages_counterpart')
      .on('messages')
      .columns(['counterpart', 'sent_at'])
      .execute();

    await provenance(
      item(db.schema.createTable('calls'))
        .addColumn('app', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('started_raw', 'text')
        .addColumn('started_enc', 'text')
        .addColumn('duration_s', 'double precision')
        .addColumn('caller', 'text')
        .addColumn('callees', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('counterpart', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('unknown'))
        .addColumn('video', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('recovery', 'text', (c) => c.notNull().defaultTo('live'))
        .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('raw', 'text', (c) => c.notNull().defaultTo('{}')),
    ).execute();
    await db.schema
      .createIndex('calls_case_time')
      .on('calls')
      .columns(['case_id', 'started_at'])
      .execute();
    await db.schema
      .createIndex('calls_counterpart')
      .on('calls')
      .columns(['counterpart', 'started_at'])
      .execute();

    await provenance(
      item(db.schema.createTable('contacts'))
        .addColumn('app', 'text')
        .addColumn('name', 'text')
        .addColumn('account', 'text')
        .addColumn('note', 'text')
        .addColumn('entries', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('recovery', 'text', (c) => c.notNull().defaultTo('live'))
        .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('raw', 'text', (c) => c.notNull().defaultTo('{}')),
    ).execute();
    await db.schema
      .createIndex('contacts_case_device')
      .on('contacts')
      .columns(['case_id', 'device_id'])
      .execute();

    await provenance(
      item(db.schema.createTable('locations'))
        .addColumn('at', 'bigint')
        .addColumn('at_raw', 'text')
        .addColumn('at_enc', 'text')
        .addColumn('lat', 'double precision')
        .addColumn('lon', 'double precision')
        .addColumn('accuracy_m', 'double precision')
        .addColumn('label', 'text')
        .addColumn('origin', 'text', (c) => c.notNull().defaultTo('other'))
        .addColumn('app', 'text')
        .addColumn('cell', 'text')
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('raw', 'text', (c) => c.notNull().defaultTo('{}')),
    ).execute();
    await db.schema
      .createIndex('locations_case_time')
      .on('locations')
      .columns(['case_id', 'at'])
      .execute();

    await provenance(
      item(db.schema.createTable('media'))
        .addColumn('message_id', 'text')
        .addColumn('filename', 'text')
        .addColumn('mime', 'text')
        .addColumn('size', 'bigint')
        .addColumn('path', 'text')
        .addColumn('sha256', 'text')
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('raw', 'text', (c) => c.notNull().defaultTo('{}')),
    ).execute();
    await db.schema.createIndex('media_message').on('media').column('message_id').execute();

    await db.schema
      .createTable('persons')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('person_identifiers')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('person_identifiers_pk', ['case_id', 'key'])
      .execute();
    await db.schema
      .createIndex('person_identifiers_person')
      .on('person_identifiers')
      .column('person_id')
      .execute();

    await db.schema
      .createTable('annotations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('annotations_target')
      .on('annotations')
      .columns(['case_id', 'target_id'])
      .execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    if (dialect === 'sqlite') {
      // Full-text index over message text and translations; rowid = messages.seq. The bulk writer
      // indexes each batch of new messages with one INSERT … SELECT (a per-row trigger is 3× slower).
      await sql`CREATE VIRTUAL TABLE message_fts USING fts5(body, translation, tokenize = 'unicode61 remove_diacritics 2')`.execute(
        db,
      );
      await sql`CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
        DELETE FROM message_fts WHERE rowid = old.seq; END`.execute(db);
    }
  },
};
