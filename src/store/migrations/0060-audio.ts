// Transcripts of voice notes and audio attachments (every version kept, with engine, model and
// audio hashes and per-segment times), per-attachment transcription errors, and transcription jobs.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0060: StoreMigration = {
  name: '0060-audio',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('transcripts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('media_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('current', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull()) // machine | human
      .addColumn('language', 'text')
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('segments', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('seconds', 'double precision')
      .addColumn('engine', 'text')
      .addColumn('model', 'text')
      .addColumn('model_hash', 'text')
      .addColumn('audio_sha256', 'text', (c) => c.notNull())
      .addColumn('pcm_sha256', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('supersedes', 'text')
      .addColumn('note', 'text')
      .addColumn('job_id', 'text')
      .execute();
    await db.schema
      .createIndex('transcripts_case_media')
      .on('transcripts')
      .columns(['case_id', 'media_id', 'current'])
      .execute();
    await db.schema
      .createIndex('transcripts_message')
      .on('transcripts')
      .column('message_id')
      .execute();

    await db.schema
      .createTable('transcription_errors')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('media_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('engine', 'text')
      .addColumn('job_id', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('transcription_errors_pk', ['case_id', 'media_id'])
      .execute();

    await db.schema
      .createTable('transcription_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('engines', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('error', 'text')
      .execute();
  },
};
