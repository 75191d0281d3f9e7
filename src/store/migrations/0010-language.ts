// Language identification, translations (every version kept, with provenance and review), the
// per-case translation cache, per-message translation errors, translation jobs and the case glossary.
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

export const migration0010: StoreMigration = {
  name: '0010-language',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('language_detections')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('candidate', 'text')
      .addColumn('script', 'text')
      .addColumn('detector', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('language_detections_case')
      .on('language_detections')
      .columns(['case_id', 'language'])
      .execute();

    await db.schema
      .createTable('translations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('current', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull()) // machine | human
      .addColumn('source_language', 'text', (c) => c.notNull())
      .addColumn('target_language', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('engine', 'text')
      .addColumn('model', 'text')
      .addColumn('model_hash', 'text')
      .addColumn('source_sha256', 'text', (c) => c.notNull())
      .addColumn('glossary_hash', 'text')
      .addColumn('glossary', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('verified_by', 'text')
      .addColumn('verified_at', 'bigint')
      .addColumn('supersedes', 'text')
      .addColumn('note', 'text')
      .addColumn('job_id', 'text')
      .execute();
    await db.schema
      .createIndex('translations_message')
      .on('translations')
      .columns(['case_id', 'message_id', 'target_language', 'current'])
      .execute();

    await db.schema
      .createTable('translation_cache')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('source_language', 'text', (c) => c.notNull())
      .addColumn('target_language', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('translation_cache_pk', ['case_id', 'key'])
      .execute();

    await db.schema
      .createTable('translation_errors')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('target_language', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('tried', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('job_id', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('translation_errors_pk', [
        'case_id',
        'message_id',
        'target_language',
      ])
      .execute();

    await db.schema
      .createTable('translation_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('target_language', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('engines', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('error', 'text')
      .execute();
    await db.schema
      .createIndex('translation_jobs_case')
      .on('translation_jobs')
      .column('case_id')
      .execute();

    await db.schema
      .createTable('glossary_terms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('term_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('gloss', 'text')
      .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('glossary_terms_case_term')
      .on('glossary_terms')
      .columns(['case_id', 'term_key'])
      .unique()
      .execute();
  },
};
