// The server store: PostgreSQL through Kysely (pg pool), the same numbered migrations as SQLite run
// once under an advisory lock, a bulk writer on its own connection, and full-text search over
// message text and translations with the same words, phrases, prefixes and filters as SQLite.
import { Kysely, PostgresDialect } from 'kysely';
import {
  Store,
  type BulkWriter,
  type MessageCount,
  type SearchHit,
  type SearchPage,
  type SearchQuery,
  type SearchSort,
} from '../store.js';
import type { Database } from '../schema.js';
import { runMigrations } from '../migrate.js';
import { MIGRATIONS } from '../migrations/index.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { highlight, searchTerms, type TermWords } from '../fts-tokens.js';
import { createPool, redactUrl, type Pool } from './pg-pool.js';
import { PgBulkWriter } from './pg-bulk-writer.js';
import { tsvectorLiteral, tsqueryLiteral } from './pg-fts.js';

export interface PostgresStoreOptions {
  url: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** Match counts where search changes plan (as the SQLite store; tests lower them). */
  searchPlan?: { rankLimit?: number };
}

/** Key of the session advisory lock held while migrating ('tlmg' as ASCII). */
export const MIGRATION_LOCK_KEY = 0x746c_6d67;
/** Collations whose order is byte order (what SQLite uses, so exports sort identically). */
const BYTE_ORDER_COLLATIONS = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8', 'ucs_basic']);
/** Above this many matches relevance ranking gives way to time order (as in SQLite). */
export const PG_RANK_LIMIT = 20_000;

const HIT_COLUMNS =
  'm.id, m.seq, m.thread_id, m.device_id, m.app, m.direction, m.sent_at, m.sender, m.body, m.language';

export class PostgresStore extends Store {
  readonly dialect = 'postgres' as const;
  readonly db: Kysely<Database>;
  readonly location: string;
  readonly pool: Pool;

  constructor(private readonly opts: PostgresStoreOptions) {
    super();
    this.pool = createPool(opts.url, { max: opts.maxConnections ?? 10 });
    this.db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: this.pool }) });
    this.location = redactUrl(opts.url);
  }

  /**
   * Runs pending migrations holding a session advisory lock, so several servers and workers that
   * start together migrate once: the others wait, then find nothing to do. Refuses a database
   * whose collation does not sort by byte order (exports would not match SQLite's).
   */
  async migrate(): Promise<void> {
    const client = await this.pool.connect().catch((e: unknown) => {
      throw new AppError(
        ErrorCodes.STORE_ERROR,
        `cannot connect to PostgreSQL at ${this.location}: ${(e as Error).message}`,
        {},
        { cause: e },
      );
    });
    try {
      // (the provider columns exist from PostgreSQL 15 on: read them through jsonb)
      const coll = await client.query<{ collate: string; provider: string | null; icu: string }>(
        `SELECT datcollate AS collate, to_jsonb(d) ->> 'datlocprovider' AS provider,
           coalesce(to_jsonb(d) ->> 'daticulocale', to_jsonb(d) ->> 'datlocale', '') AS icu
         FROM pg_database d WHERE datname = current_database()`,
      );
      const c = coll.rows[0];
      const byteOrder = !!c && BYTE_ORDER_COLLATIONS.has(c.collate) && (c.provider ?? 'c') !== 'i';
      if (!byteOrder)
        throw new AppError(
          ErrorCodes.STORE_ERROR,
          `database collation ${c?.provider === 'i' ? `ICU ${c.icu}` : (c?.collate ?? '?')} does not sort by byte order; create the database with LC_COLLATE 'C.UTF-8' (or 'C') and the libc provider: see docs/deployment.md`,
        );
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        await runMigrations(this.db as unknown as Kysely<unknown>, 'postgres');
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } finally {
      client.release();
    }
  }

  async openWriter(): Promise<BulkWriter> {
    return new PgBulkWriter(await this.pool.connect());
  }

  async searchMessages(caseId: string, q: SearchQuery): Promise<SearchPage> {
    const t0 = performance.now();
    const terms = searchTerms(q.text);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
    const p = new Params();
    const caseParam = p.add(caseId);
    const f = searchFilters(caseParam, q, p);
    const match = terms.length ? matchClause(terms, p, caseParam) : null;
    let sort: SearchSort = q.sort ?? (match ? 'relevance' : 'newest');
    let matches: number | null = null;
    const rankLimit = this.opts.searchPlan?.rankLimit ?? PG_RANK_LIMIT;
    if (match) {
      // how many match in the case (counted up to a cap): tells whether ranking is affordable
      const cap = Math.max(rankLimit, 100_000);
      const cp = new Params();
      const cm = matchClause(terms, cp, cp.add(caseId));
      const r = await this.pool.query<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM message_search s WHERE ${cm.where} LIMIT ${cap + 1}) x`,
        cp.values,
      );
      matches = r.rows[0]!.n;
      if (sort === 'relevance' && matches > rankLimit) sort = 'newest';
      if (matches > cap) matches = null;
    }
    const where = [...f.where];
    if (sort !== 'relevance' && q.after) {
      const { sentAt, seq } = q.after;
      const s = p.add(seq);
      if (sentAt === null)
        where.push(
          sort === 'newest'
            ? `(m.sent_at IS NULL AND m.seq < ${s})`
            : `(m.sent_at IS NOT NULL OR m.seq > ${s})`,
        );
      else {
        const t = p.add(sentAt);
        where.push(
          sort === 'newest'
            ? `(m.sent_at < ${t} OR m.sent_at IS NULL OR (m.sent_at = ${t} AND m.seq < ${s}))`
            : `(m.sent_at > ${t} OR (m.sent_at = ${t} AND m.seq > ${s}))`,
        );
      }
    }
    // SQLite's order: NULL times first ascending, last descending
    const timeOrder =
      sort === 'oldest'
        ? 'ORDER BY m.sent_at ASC NULLS FIRST, m.seq ASC'
        : 'ORDER BY m.sent_at DESC NULLS LAST, m.seq DESC';
    const offset = sort === 'relevance' ? Math.max(q.offset ?? 0, 0) : 0;
    let text: string;
    if (!match) {
      text = `SELECT ${HIT_COLUMNS}, NULL AS translation FROM messages m WHERE ${where.join(' AND ')} ${timeOrder} LIMIT ${limit + 1}`;
    } else {
      let order = timeOrder;
      if (sort === 'relevance') {
        const any = `${p.add(terms.map((t) => `(${tsqueryLiteral(t)})`).join(' | '))}::tsquery`;
        order = `ORDER BY ts_rank(coalesce(s.body_tsv, ''), ${any}) + ts_rank(coalesce(s.translation_tsv, ''), ${any}) DESC, m.seq`;
      }
      text = `SELECT ${HIT_COLUMNS}, s.translation FROM message_search s JOIN messages m ON m.seq = s.seq
        WHERE ${match.where} AND ${where.join(' AND ')}
        ${order} LIMIT ${limit + 1} OFFSET ${offset}`;
    }
    const rows = (await this.pool.query<Record<string, unknown>>(text, p.values)).rows;
    const more = rows.length > limit;
    const hits: SearchHit[] = rows.slice(0, limit).map((r) => {
      const body = (r.body as string | null) ?? null;
      const translation = (r.translation as string | null) ?? null;
      return {
        id: r.id as string,
        seq: r.seq as number,
        threadId: (r.thread_id as string | null) ?? null,
        deviceId: r.device_id as string,
        app: r.app as string,
        direction: r.direction as string,
        sentAt: (r.sent_at as number | null) ?? null,
        sender: (r.sender as string | null) ?? null,
        body,
        bodyHighlight: match ? highlight(body, terms) : null,
        translationHighlight: match ? highlight(translation, terms) : null,
        language: (r.language as string | null) ?? null,
      };
    });
    return {
      hits,
      total: f.filtered ? null : matches,
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
    const terms = searchTerms(q.text);
    const p = new Params();
    const caseParam = p.add(caseId);
    const f = searchFilters(caseParam, q, p);
    const match = terms.length ? matchClause(terms, p, caseParam) : null;
    const inner = match
      ? `SELECT 1 FROM message_search s JOIN messages m ON m.seq = s.seq WHERE ${match.where} AND ${f.where.join(' AND ')}`
      : `SELECT 1 FROM messages m WHERE ${f.where.join(' AND ')}`;
    const r = await this.pool.query<{ n: number }>(
      `SELECT count(*) AS n FROM (${inner} LIMIT ${cap + 1}) x`,
      p.values,
    );
    const n = r.rows[0]!.n;
    return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
  }

  async indexTranslations(
    entries: ReadonlyArray<{ messageId: string; text: string | null }>,
  ): Promise<void> {
    if (entries.length === 0) return;
    // the last entry for a message wins (as when SQLite applies them one by one)
    const last = new Map<string, string | null>();
    for (const e of entries) last.set(e.messageId, e.text);
    const ids = [...last.keys()];
    const texts = ids.map((id) => last.get(id) ?? null);
    const vectors = texts.map((t) => tsvectorLiteral(t));
    await this.pool.query(
      `INSERT INTO message_search (seq, case_id, translation, translation_tsv)
       SELECT m.seq, m.case_id, u.t, u.v FROM unnest($1::text[], $2::text[], $3::tsvector[]) AS u(id, t, v)
       JOIN messages m ON m.id = u.id
       ON CONFLICT (seq) DO UPDATE SET translation = EXCLUDED.translation, translation_tsv = EXCLUDED.translation_tsv`,
      [ids, texts, vectors],
    );
  }

  /**
   * Checks the store's own consistency: every migration applied, every message with text indexed
   * for search with its case, and (when the amcheck extension is installed) every B-tree index.
   */
  async checkIntegrity(): Promise<string[]> {
    const problems: string[] = [];
    const applied = new Set(
      (await this.pool.query<{ name: string }>('SELECT name FROM kysely_migration')).rows.map(
        (r) => r.name,
      ),
    );
    for (const m of MIGRATIONS)
      if (!applied.has(m.name)) problems.push(`migration ${m.name} not applied`);
    const unindexed = await this.pool.query<{ n: number }>(
      `SELECT count(*) AS n FROM messages m WHERE m.body IS NOT NULL AND m.body ~ '[[:alnum:]]'
       AND NOT EXISTS (SELECT 1 FROM message_search s WHERE s.seq = m.seq AND s.body_tsv IS NOT NULL)`,
    );
    if (unindexed.rows[0]!.n > 0)
      problems.push(`${unindexed.rows[0]!.n} messages with text missing from the search index`);
    const wrongCase = await this.pool.query<{ n: number }>(
      'SELECT count(*) AS n FROM message_search s JOIN messages m ON m.seq = s.seq WHERE s.case_id <> m.case_id',
    );
    if (wrongCase.rows[0]!.n > 0)
      problems.push(`${wrongCase.rows[0]!.n} search index rows under the wrong case`);
    const amcheck = await this.pool.query("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'");
    if (amcheck.rowCount) {
      const idx = await this.pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE a.amname = 'btree' AND n.nspname = current_schema()`,
      );
      for (const { name } of idx.rows) {
        try {
          await this.pool.query('SELECT bt_index_check($1::regclass)', [name]);
        } catch (e) {
          problems.push(`index ${name}: ${(e as Error).message}`);
        }
      }
    }
    return problems;
  }

  async close(): Promise<void> {
    await this.db.destroy(); // ends the pool
  }
}

/** Positional parameters ($1, $2 …) collected while a statement is built. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** Every term must match the body or the translation (a phrase within one of them). */
function matchClause(terms: readonly TermWords[], p: Params, caseParam: string): { where: string } {
  const parts = [`s.case_id = ${caseParam}`];
  for (const t of terms) {
    const q = p.add(tsqueryLiteral(t));
    parts.push(`(s.body_tsv @@ ${q}::tsquery OR s.translation_tsv @@ ${q}::tsquery)`);
  }
  return { where: parts.join(' AND ') };
}

/** WHERE clauses of the structured filters (everything but text and paging), as in SQLite. */
function searchFilters(
  caseParam: string,
  q: SearchQuery,
  p: Params,
): { where: string[]; filtered: boolean } {
  const where: string[] = [`m.case_id = ${caseParam}`];
  const list = (column: string, values: readonly string[] | undefined) => {
    if (values?.length) where.push(`${column} = ANY(${p.add([...values])}::text[])`);
  };
  list('m.device_id', q.deviceIds);
  list('m.app', q.apps);
  list('m.language', q.languages);
  if (q.direction) where.push(`m.direction = ${p.add(q.direction)}`);
  const partyKeys = [...(q.party ? [q.party] : []), ...(q.parties ?? [])];
  if (partyKeys.length) {
    const k = p.add(partyKeys);
    where.push(`(m.counterpart = ANY(${k}::text[]) OR m.sender = ANY(${k}::text[]))`);
  }
  if (q.messageIds) where.push(`m.id = ANY(${p.add([...q.messageIds])}::text[])`);
  if (q.threadId) where.push(`m.thread_id = ${p.add(q.threadId)}`);
  if (q.from !== undefined) where.push(`m.sent_at >= ${p.add(q.from)}`);
  if (q.to !== undefined) where.push(`m.sent_at < ${p.add(q.to)}`);
  if (q.minSeq !== undefined) where.push(`m.seq > ${p.add(q.minSeq)}`);
  return { where, filtered: where.length > 1 };
}

/** Factory used by openStore (kept out of the embedded import graph). */
export async function createPostgresStore(url: string): Promise<Store> {
  return new PostgresStore({ url });
}
