// Bulk writer for the PostgreSQL store: one dedicated connection, explicit transactions that span
// awaits, and batches written with one INSERT … SELECT FROM unnest(arrays) per table and batch (one
// parameter per column, so a batch has no parameter-count limit). New messages are indexed for
// full-text search in the same transaction.
import type { BulkWriter, Row } from '../store.js';
import { SOURCE_ITEM_TABLES, type TableName } from '../schema.js';
import type { PoolClient } from 'pg';
import { tsvectorLiteral } from './pg-fts.js';

const IDENT = /^[a-z_][a-z0-9_]*$/;
/** Rows per statement: large enough to amortise round trips, small enough to bound memory. */
const BATCH = 5000;

function checkIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  return name;
}

function arrayValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v);
  return v ?? null;
}

export class PgBulkWriter implements BulkWriter {
  private tx = false;
  private closed = false;
  private readonly columnTypes = new Map<string, Map<string, string>>();

  constructor(private readonly client: PoolClient) {}

  get inTransaction(): boolean {
    return this.tx;
  }

  async begin(): Promise<void> {
    await this.client.query('BEGIN');
    this.tx = true;
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
    this.tx = false;
  }

  async rollback(): Promise<void> {
    if (!this.tx) return;
    this.tx = false;
    await this.client.query('ROLLBACK');
  }

  /** Column → array type (`text[]`, `int8[]` …) of a table, read once from the catalogue. */
  private async types(table: string): Promise<Map<string, string>> {
    let m = this.columnTypes.get(table);
    if (!m) {
      const r = await this.client.query<{ column_name: string; udt_name: string }>(
        `SELECT column_name, udt_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1`,
        [table],
      );
      m = new Map(r.rows.map((c) => [c.column_name, `${c.udt_name}[]`]));
      if (m.size === 0) throw new Error(`unknown table ${table}`);
      this.columnTypes.set(table, m);
    }
    return m;
  }

  /** `INSERT INTO t (cols) SELECT * FROM unnest($1::type[], …)` with per-column arrays. */
  private async statement(
    table: TableName,
    cols: readonly string[],
    rows: readonly Row[],
  ): Promise<{ text: string; values: unknown[][] }> {
    const types = await this.types(table);
    const casts = cols.map((c, i) => {
      const t = types.get(checkIdent(c));
      if (!t) throw new Error(`unknown column ${table}.${c}`);
      return `$${i + 1}::${t}`;
    });
    const values = cols.map((c) => rows.map((r) => arrayValue(r[c])));
    return {
      text: `INSERT INTO ${checkIdent(table)} (${cols.join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`,
      values,
    };
  }

  private async inTx<T>(fn: () => Promise<T>): Promise<T> {
    if (this.tx) return fn();
    await this.begin();
    try {
      const r = await fn();
      await this.commit();
      return r;
    } catch (e) {
      await this.rollback();
      throw e;
    }
  }

  async insert(table: TableName, rows: readonly Row[]): Promise<number> {
    const first = rows[0];
    if (!first) return 0;
    const cols = Object.keys(first);
    return this.inTx(async () => {
      let n = 0;
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        // in key order, as the SQLite writer inserts a batch: index pages are written locally and
        // message sequence numbers follow the same order on both dialects
        if ('id' in first)
          batch.sort((a, b) => {
            const x = String(a.id);
            const y = String(b.id);
            return x < y ? -1 : x > y ? 1 : 0;
          });
        const st = await this.statement(table, cols, batch);
        if (table !== 'messages') {
          const r = await this.client.query(`${st.text} ON CONFLICT DO NOTHING`, st.values);
          n += r.rowCount ?? 0;
          continue;
        }
        const r = await this.client.query<{ seq: number; id: string }>(
          `${st.text} ON CONFLICT DO NOTHING RETURNING seq, id`,
          st.values,
        );
        n += r.rowCount ?? 0;
        await this.indexInserted(batch, r.rows);
      }
      return n;
    });
  }

  /** Full-text rows for messages just inserted (the first row given for each id was stored). */
  private async indexInserted(
    batch: readonly Row[],
    inserted: ReadonlyArray<{ seq: number; id: string }>,
  ): Promise<void> {
    if (inserted.length === 0) return;
    const byId = new Map<string, Row>();
    for (const r of batch) if (!byId.has(r.id as string)) byId.set(r.id as string, r);
    const seqs: number[] = [];
    const cases: string[] = [];
    const vectors: string[] = [];
    for (const { seq, id } of inserted) {
      const row = byId.get(id);
      const v = tsvectorLiteral(row?.body as string | null | undefined);
      if (!row || v === null) continue;
      seqs.push(seq);
      cases.push(row.case_id as string);
      vectors.push(v);
    }
    if (seqs.length === 0) return;
    await this.client.query(
      `INSERT INTO message_search (seq, case_id, body_tsv)
       SELECT * FROM unnest($1::int8[], $2::text[], $3::tsvector[])`,
      [seqs, cases, vectors],
    );
  }

  async upsert(
    table: TableName,
    rows: readonly Row[],
    conflictColumns: readonly string[],
  ): Promise<number> {
    const first = rows[0];
    if (!first) return 0;
    const cols = Object.keys(first);
    // PostgreSQL refuses to update one row twice in a statement: the last row for a key wins, as
    // it does when SQLite applies the rows one by one
    const byKey = new Map<string, Row>();
    for (const r of rows) byKey.set(JSON.stringify(conflictColumns.map((c) => r[c])), r);
    const unique = [...byKey.values()];
    const updates = cols.filter((c) => !conflictColumns.includes(c));
    const suffix =
      ` ON CONFLICT (${conflictColumns.map(checkIdent).join(', ')}) DO ` +
      (updates.length
        ? `UPDATE SET ${updates.map((c) => `${checkIdent(c)} = EXCLUDED.${c}`).join(', ')}`
        : 'NOTHING');
    return this.inTx(async () => {
      let n = 0;
      for (let i = 0; i < unique.length; i += BATCH) {
        const st = await this.statement(table, cols, unique.slice(i, i + BATCH));
        n += (await this.client.query(st.text + suffix, st.values)).rowCount ?? 0;
      }
      return n;
    });
  }

  async deleteWhere(table: TableName, column: string, value: string): Promise<number> {
    const r = await this.client.query(
      `DELETE FROM ${checkIdent(table)} WHERE ${checkIdent(column)} = $1`,
      [value],
    );
    return r.rowCount ?? 0;
  }

  async deleteSourceItems(sourceId: string): Promise<number> {
    let n = 0;
    for (const t of ['contacts', 'threads'] as const) {
      const r = await this.client.query(
        `DELETE FROM item_parties WHERE item_id IN (SELECT id FROM ${t} WHERE source_id = $1)`,
        [sourceId],
      );
      n += r.rowCount ?? 0;
    }
    for (const t of SOURCE_ITEM_TABLES)
      n +=
        (await this.client.query(`DELETE FROM ${t} WHERE source_id = $1`, [sourceId])).rowCount ??
        0;
    return n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.rollback();
      this.client.release();
    } catch (e) {
      this.client.release(e as Error);
    }
  }
}
