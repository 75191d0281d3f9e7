// PostgreSQL only: the full-text index (what SQLite keeps in its FTS5 table message_fts). One row per
// message with text: the words of the body and of the current translation as tsvectors built by the
// store's own tokenizer (src/store/fts-tokens.ts), so both dialects index the same words. Also a
// (case, time, seq) index whose order serves both time orders with SQLite's NULL placement.
import { sql, type Kysely } from 'kysely';
import type { StoreDialect, StoreMigration } from './migration.js';

export const migration0090: StoreMigration = {
  name: '0090-postgres-search',
  async up(db: Kysely<unknown>, dialect: StoreDialect) {
    if (dialect !== 'postgres') return;
    await sql`CREATE TABLE message_search (
      seq bigint PRIMARY KEY REFERENCES messages (seq) ON DELETE CASCADE,
      case_id text NOT NULL,
      body_tsv tsvector,
      translation text,
      translation_tsv tsvector
    )`.execute(db);
    await sql`CREATE INDEX message_search_body ON message_search USING gin (body_tsv)`.execute(db);
    await sql`CREATE INDEX message_search_translation ON message_search USING gin (translation_tsv)`.execute(
      db,
    );
    await sql`CREATE INDEX message_search_case ON message_search (case_id)`.execute(db);
    await sql`CREATE INDEX messages_case_time_seq ON messages (case_id, sent_at DESC NULLS LAST, seq DESC)`.execute(
      db,
    );
  },
};
