// The Store contract: a Kysely handle for portable reads, a bulk writer for ingest, and the few
// operations whose SQL differs by dialect (full-text search). SQLite and PostgreSQL implement it.
import type { Kysely } from 'kysely';
import type { Database, TableName } from './schema.js';
import type { StoreDialect } from './migrations/migration.js';

export type Row = Record<string, string | number | bigint | null | Uint8Array>;

/**
 * Batched, transactional writes used by ingest and bulk jobs. One writer owns its own connection,
 * so a long ingest transaction never blocks or leaks into readers.
 */
export interface BulkWriter {
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  readonly inTransaction: boolean;
  /** Insert rows (all with the same keys); existing primary keys are left untouched. Returns rows
   * inserted. New messages are added to the full-text index in the same call. */
  insert(table: TableName, rows: readonly Row[]): Promise<number>;
  /** Insert or replace rows by primary key. */
  upsert(
    table: TableName,
    rows: readonly Row[],
    conflictColumns: readonly string[],
  ): Promise<number>;
  /** Delete rows where `column = value`. */
  deleteWhere(table: TableName, column: string, value: string): Promise<number>;
  /** Delete everything read from one source (its items and their parties), before re-parsing it. */
  deleteSourceItems(sourceId: string): Promise<number>;
  close(): Promise<void>;
}

export type SearchSort = 'relevance' | 'newest' | 'oldest';

export interface SearchQuery {
  /** Free text: words are ANDed; "quoted phrases" and prefix* are supported. */
  text: string;
  deviceIds?: string[];
  apps?: string[];
  languages?: string[];
  direction?: 'incoming' | 'outgoing' | 'unknown';
  /** Messages where this identifier key is sender or recipient. */
  party?: string;
  /** Messages where any of these identifier keys is a party (a resolved person). */
  parties?: string[];
  from?: number;
  to?: number;
  threadId?: string;
  /** Restrict to messages that are evidence in a finding (used once detection exists). */
  messageIds?: string[];
  sort?: SearchSort;
  limit?: number;
  /** Offset paging (relevance order); time orders page with `after` instead. */
  offset?: number;
  /** Keyset paging for the time orders: hits strictly after this (sentAt, seq) position. */
  after?: { sentAt: number | null; seq: number };
  /** Only messages stored after this sequence number (new since a watch-list check). */
  minSeq?: number;
}

export interface SearchHit {
  id: string;
  seq: number;
  threadId: string | null;
  deviceId: string;
  app: string;
  direction: string;
  sentAt: number | null;
  sender: string | null;
  body: string | null;
  /** Text with matches wrapped in \u0002 … \u0003 markers (the UI turns them into <mark>). */
  bodyHighlight: string | null;
  translationHighlight: string | null;
  language: string | null;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Total matches when cheap to know, else null (the UI pages with "more"). */
  total: number | null;
  tookMs: number;
  /** The order actually used: relevance falls back to newest when too many messages match to rank. */
  sort?: SearchSort;
  /** True when there are more hits after this page. */
  more?: boolean;
}

export interface MessageCount {
  count: number;
  /** True when counting stopped at the cap (the real number is higher). */
  capped: boolean;
}

export abstract class Store {
  abstract readonly dialect: StoreDialect;
  abstract readonly db: Kysely<Database>;
  /** A description safe to print (no credentials). */
  abstract readonly location: string;

  /** Run pending migrations (idempotent; safe when several processes start together). */
  abstract migrate(): Promise<void>;
  abstract openWriter(): Promise<BulkWriter>;
  abstract searchMessages(caseId: string, q: SearchQuery): Promise<SearchPage>;
  /**
   * How many messages match (filters included), counting at most `cap`. Generic version pages
   * through searchMessages; stores override it with a direct count.
   */
  async countMessages(caseId: string, q: SearchQuery, cap = 10_000): Promise<MessageCount> {
    let count = 0;
    let after: SearchQuery['after'];
    for (;;) {
      const page = await this.searchMessages(caseId, {
        ...q,
        sort: 'oldest',
        after,
        offset: 0,
        limit: 500,
      });
      count += page.hits.length;
      const last = page.hits[page.hits.length - 1];
      if (count > cap) return { count: cap, capped: true };
      if (!last || page.hits.length < 500) return { count, capped: false };
      after = { sentAt: last.sentAt, seq: last.seq };
    }
  }
  /** Re-index the translation text of messages (after translations change). */
  abstract indexTranslations(
    entries: ReadonlyArray<{ messageId: string; text: string | null }>,
  ): Promise<void>;
  /** Integrity check of the store itself. Returns problems found (empty when sound). */
  abstract checkIntegrity(): Promise<string[]>;
  abstract close(): Promise<void>;
}
