// The embedded store: one SQLite file (better-sqlite3 + FTS5) read through Kysely, written by a
// bulk writer on its own connection.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import {
  Store,
  type BulkWriter,
  type MessageCount,
  type SearchPage,
  type SearchQuery,
  type SearchHit,
  type SearchSort,
} from '../store.js';
import type { Database } from '../schema.js';
import { runMigrations } from '../migrate.js';
import { toFts5 } from '../fts-query.js';
import { openStoreConnection, type SqliteDb } from './sqlite-connection.js';
import { SqliteBulkWriter } from './sqlite-bulk-writer.js';
import { SqliteThreadedWriter } from './sqlite-threaded-writer.js';

export interface SqliteStoreOptions {
  /** Path of the database file; ':memory:' is refused (the writer needs a second connection). */
  file: string;
  readonly?: boolean;
  /** Run bulk writes on a worker thread (default true: parsing and writing then use both cores). */
  threadedWriter?: boolean;
  /** Match counts where search changes plan (defaults suit millions of messages; tests lower them). */
  searchPlan?: { rankLimit?: number; membershipFrom?: number };
}

export class SqliteStore extends Store {
  readonly dialect = 'sqlite' as const;
  readonly db: Kysely<Database>;
  readonly location: string;
  /** The raw connection behind `db` (for dialect-specific statements inside this package). */
  readonly conn: SqliteDb;

  constructor(private readonly opts: SqliteStoreOptions) {
    super();
    if (opts.file === ':memory:') throw new Error('SqliteStore needs a file path');
    mkdirSync(dirname(opts.file), { recursive: true });
    this.conn = openStoreConnection(opts.file, { readonly: opts.readonly ?? false });
    this.db = new Kysely<Database>({ dialect: new SqliteDialect({ database: this.conn }) });
    this.location = opts.file;
  }

  async migrate(): Promise<void> {
    await runMigrations(this.db as unknown as Kysely<unknown>, 'sqlite');
  }

  async openWriter(): Promise<BulkWriter> {
    return this.opts.threadedWriter === false
      ? new SqliteBulkWriter(this.opts.file)
      : new SqliteThreadedWriter(this.opts.file);
  }

  async searchMessages(caseId: string, q: SearchQuery): Promise<SearchPage> {
    const t0 = performance.now();
    const match = toFts5(q.text);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
    const f = searchFilters(caseId, q);
    let sort: SearchSort = q.sort ?? (match ? 'relevance' : 'newest');
    // counting FTS matches is cheap (the doclist length), and tells which plan is fast
    const matches = match
      ? (
          this.conn
            .prepare('SELECT count(*) AS n FROM message_fts WHERE message_fts MATCH ?')
            .get(match) as { n: number }
        ).n
      : null;
    if (
      sort === 'relevance' &&
      matches !== null &&
      matches > (this.opts.searchPlan?.rankLimit ?? RANK_LIMIT)
    )
      sort = 'newest';
    const params: Record<string, unknown> = { ...f.params, limit: limit + 1 };
    const where = [...f.where];
    if (sort !== 'relevance' && q.after) {
      const { sentAt, seq } = q.after;
      params.afterT = sentAt;
      params.afterS = seq;
      // NULL times sort first ascending and last descending (SQLite's order)
      where.push(
        sort === 'newest'
          ? sentAt === null
            ? '(m.sent_at IS NULL AND m.seq < @afterS)'
            : '(m.sent_at < @afterT OR m.sent_at IS NULL OR (m.sent_at = @afterT AND m.seq < @afterS))'
          : sentAt === null
            ? '(m.sent_at IS NOT NULL OR m.seq > @afterS)'
            : '(m.sent_at > @afterT OR (m.sent_at = @afterT AND m.seq > @afterS))',
      );
    }
    const timeOrder =
      sort === 'oldest'
        ? 'ORDER BY m.sent_at ASC, m.seq ASC'
        : 'ORDER BY m.sent_at DESC, m.seq DESC';
    const offset = sort === 'relevance' ? Math.max(q.offset ?? 0, 0) : 0;
    let rows: Array<Record<string, unknown>>;
    if (!match) {
      rows = this.conn
        .prepare(
          `SELECT ${HIT_COLUMNS}, NULL AS bh, NULL AS th FROM messages m WHERE ${where.join(' AND ')} ${timeOrder} LIMIT @limit`,
        )
        .all(params) as Array<Record<string, unknown>>;
    } else if (
      sort !== 'relevance' &&
      (matches ?? 0) > (this.opts.searchPlan?.membershipFrom ?? MEMBERSHIP_PLAN_FROM)
    ) {
      // many matches in time order: walk the time index and test FTS membership, then highlight
      // just this page (sorting every match by time would cost O(matches))
      params.match = match;
      rows = this.conn
        .prepare(
          `SELECT ${HIT_COLUMNS} FROM messages m WHERE ${where.join(' AND ')} AND m.seq IN (SELECT rowid FROM message_fts WHERE message_fts MATCH @match) ${timeOrder} LIMIT @limit`,
        )
        .all(params) as Array<Record<string, unknown>>;
      const hl = this.conn.prepare(
        'SELECT highlight(message_fts, 0, char(2), char(3)) AS bh, highlight(message_fts, 1, char(2), char(3)) AS th FROM message_fts WHERE message_fts MATCH ? AND rowid = ?',
      );
      for (const r of rows) Object.assign(r, hl.get(match, r.seq) ?? {});
    } else {
      params.match = match;
      params.offset = offset;
      rows = this.conn
        .prepare(
          `SELECT ${HIT_COLUMNS}, highlight(message_fts, 0, char(2), char(3)) AS bh, highlight(message_fts, 1, char(2), char(3)) AS th
           FROM message_fts f JOIN messages m ON m.seq = f.rowid
           WHERE message_fts MATCH @match AND ${where.join(' AND ')}
           ${sort === 'relevance' ? 'ORDER BY f.rank, m.seq' : timeOrder} LIMIT @limit OFFSET @offset`,
        )
        .all(params) as Array<Record<string, unknown>>;
    }
    const more = rows.length > limit;
    const hits: SearchHit[] = rows.slice(0, limit).map((r) => ({
      id: r.id as string,
      seq: r.seq as number,
      threadId: (r.thread_id as string | null) ?? null,
      deviceId: r.device_id as string,
      app: r.app as string,
      direction: r.direction as string,
      sentAt: (r.sent_at as number | null) ?? null,
      sender: (r.sender as string | null) ?? null,
      body: (r.body as string | null) ?? null,
      bodyHighlight: (r.bh as string | null) ?? null,
      translationHighlight: (r.th as string | null) ?? null,
      language: (r.language as string | null) ?? null,
    }));
    // the FTS count covers every case: the case's own total is counted when affordable
    let total: number | null = null;
    if (!f.filtered && matches !== null && matches <= TOTAL_COUNT_LIMIT)
      total = (
        this.conn
          .prepare(
            'SELECT count(*) AS n FROM messages m WHERE m.case_id = ? AND m.seq IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)',
          )
          .get(caseId, match) as { n: number }
      ).n;
    return {
      hits,
      total,
      tookMs: performance.now() - t0,
      sort,
      more,
    };
  }

  override async countMessages(
    caseId: string,
    q: SearchQuery,
    cap = 10_000,
  ): Promise<MessageCount> {
    const match = toFts5(q.text);
    const f = searchFilters(caseId, q);
    const params: Record<string, unknown> = { ...f.params, cap: cap + 1 };
    let sql: string;
    // (the FTS table holds every case's messages, so matches are always joined to their case)
    if (match) {
      sql = `SELECT 1 FROM messages m WHERE ${f.where.join(' AND ')} AND m.seq IN (SELECT rowid FROM message_fts WHERE message_fts MATCH @match) LIMIT @cap`;
    } else {
      sql = `SELECT 1 FROM messages m WHERE ${f.where.join(' AND ')} LIMIT @cap`;
    }
    if (match) params.match = match;
    const used = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
    const n = (this.conn.prepare(`SELECT count(*) AS n FROM (${sql})`).get(used) as { n: number })
      .n;
    return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
  }

  async indexTranslations(
    entries: ReadonlyArray<{ messageId: string; text: string | null }>,
  ): Promise<void> {
    // The indexed text of a message is its body and, for a voice note, its current transcript.
    const find = this.conn.prepare(
      `SELECT m.seq, trim(coalesce(m.body, '') || ' ' || coalesce((SELECT group_concat(t.text, ' ')
         FROM transcripts t WHERE t.message_id = m.id AND t.current = 1), '')) AS body
       FROM messages m WHERE m.id = ?`,
    );
    const del = this.conn.prepare('DELETE FROM message_fts WHERE rowid = ?');
    const ins = this.conn.prepare(
      'INSERT INTO message_fts(rowid, body, translation) VALUES (?, ?, ?)',
    );
    this.conn.transaction(() => {
      for (const e of entries) {
        const m = find.get(e.messageId) as { seq: number; body: string | null } | undefined;
        if (!m) continue;
        del.run(m.seq);
        if (m.body || e.text !== null) ins.run(m.seq, m.body || null, e.text);
      }
    })();
  }

  async checkIntegrity(): Promise<string[]> {
    const rows = this.conn.pragma('quick_check') as Array<{ quick_check: string }>;
    const problems = rows.map((r) => r.quick_check).filter((s) => s !== 'ok');
    const fk = this.conn.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`${fk.length} foreign key violations`);
    return problems;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** Above this many matches, relevance ranking (which scores every match) gives way to time order. */
export const RANK_LIMIT = 20_000;
/** Up to this many matches in the store, a search also counts the case's own total. */
const TOTAL_COUNT_LIMIT = 100_000;
/** Above this many matches, time order walks the time index testing FTS membership. */
const MEMBERSHIP_PLAN_FROM = 2_000;

const HIT_COLUMNS =
  'm.id, m.seq, m.thread_id, m.device_id, m.app, m.direction, m.sent_at, m.sender, m.body, m.language';

/** WHERE clauses and parameters of the structured filters (everything but text and paging). */
function searchFilters(
  caseId: string,
  q: SearchQuery,
): { where: string[]; params: Record<string, unknown>; filtered: boolean } {
  const where: string[] = ['m.case_id = @caseId'];
  const params: Record<string, unknown> = { caseId };
  const list = (name: string, column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    where.push(`${column} IN (${values.map((_, i) => `@${name}${i}`).join(',')})`);
    values.forEach((v, i) => (params[`${name}${i}`] = v));
  };
  list('dev', 'm.device_id', q.deviceIds);
  list('app', 'm.app', q.apps);
  list('lang', 'm.language', q.languages);
  if (q.direction) {
    where.push('m.direction = @direction');
    params.direction = q.direction;
  }
  const partyKeys = [...(q.party ? [q.party] : []), ...(q.parties ?? [])];
  if (partyKeys.length) {
    const names = partyKeys.map((_, i) => `@party${i}`).join(',');
    where.push(`(m.counterpart IN (${names}) OR m.sender IN (${names}))`);
    partyKeys.forEach((d, i) => (params[`party${i}`] = d));
  }
  if (q.messageIds) {
    where.push(`m.id IN (SELECT value FROM json_each(@messageIds))`);
    params.messageIds = JSON.stringify(q.messageIds);
  }
  if (q.threadId) {
    where.push('m.thread_id = @threadId');
    params.threadId = q.threadId;
  }
  if (q.from !== undefined) {
    where.push('m.sent_at >= @from');
    params.from = q.from;
  }
  if (q.to !== undefined) {
    where.push('m.sent_at < @to');
    params.to = q.to;
  }
  if (q.minSeq !== undefined) {
    where.push('m.seq > @minSeq');
    params.minSeq = q.minSeq;
  }
  return { where, params, filtered: where.length > 1 };
}

export { sql };
