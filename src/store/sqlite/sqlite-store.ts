// The embedded store: one SQLite file (better-sqlite3 + FTS5) read through Kysely, written by a
// bulk writer on its own connection.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import {
  Store,
  type BulkWriter,
  type SearchPage,
  type SearchQuery,
  type SearchHit,
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
    const offset = Math.max(q.offset ?? 0, 0);
    const where: string[] = ['m.case_id = @caseId'];
    const params: Record<string, unknown> = { caseId, limit, offset };
    if (match) params.match = match;
    if (q.deviceIds?.length) {
      where.push(`m.device_id IN (${q.deviceIds.map((_, i) => `@dev${i}`).join(',')})`);
      q.deviceIds.forEach((d, i) => (params[`dev${i}`] = d));
    }
    if (q.apps?.length) {
      where.push(`m.app IN (${q.apps.map((_, i) => `@app${i}`).join(',')})`);
      q.apps.forEach((d, i) => (params[`app${i}`] = d));
    }
    if (q.languages?.length) {
      where.push(`m.language IN (${q.languages.map((_, i) => `@lang${i}`).join(',')})`);
      q.languages.forEach((d, i) => (params[`lang${i}`] = d));
    }
    if (q.direction) {
      where.push('m.direction = @direction');
      params.direction = q.direction;
    }
    const partyKeys = [...(q.party ? [q.party] : []), ...(q.parties ?? [])];
    if (partyKeys.length) {
      const list = partyKeys.map((_, i) => `@party${i}`).join(',');
      where.push(`(m.counterpart IN (${list}) OR m.sender IN (${list}))`);
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
    const sort = q.sort ?? (match ? 'relevance' : 'newest');
    const order =
      sort === 'relevance' && match
        ? 'ORDER BY f.rank, m.seq'
        : sort === 'oldest'
          ? 'ORDER BY m.sent_at ASC, m.seq ASC'
          : 'ORDER BY m.sent_at DESC, m.seq DESC';
    const select = match
      ? `SELECT m.id, m.seq, m.thread_id, m.device_id, m.app, m.direction, m.sent_at, m.sender, m.body, m.language,
           highlight(message_fts, 0, char(2), char(3)) AS bh, highlight(message_fts, 1, char(2), char(3)) AS th
         FROM message_fts f JOIN messages m ON m.seq = f.rowid
         WHERE message_fts MATCH @match AND ${where.join(' AND ')}`
      : `SELECT m.id, m.seq, m.thread_id, m.device_id, m.app, m.direction, m.sent_at, m.sender, m.body, m.language,
           NULL AS bh, NULL AS th FROM messages m WHERE ${where.join(' AND ')}`;
    const rows = this.conn
      .prepare(`${select} ${order} LIMIT @limit OFFSET @offset`)
      .all(params) as Array<Record<string, unknown>>;
    const hits: SearchHit[] = rows.map((r) => ({
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
    return { hits, total: null, tookMs: performance.now() - t0 };
  }

  async indexTranslations(
    entries: ReadonlyArray<{ messageId: string; text: string | null }>,
  ): Promise<void> {
    const find = this.conn.prepare('SELECT seq, body FROM messages WHERE id = ?');
    const del = this.conn.prepare('DELETE FROM message_fts WHERE rowid = ?');
    const ins = this.conn.prepare(
      'INSERT INTO message_fts(rowid, body, translation) VALUES (?, ?, ?)',
    );
    this.conn.transaction(() => {
      for (const e of entries) {
        const m = find.get(e.messageId) as { seq: number; body: string | null } | undefined;
        if (!m) continue;
        del.run(m.seq);
        if (m.body !== null || e.text !== null) ins.run(m.seq, m.body, e.text);
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

export { sql };
