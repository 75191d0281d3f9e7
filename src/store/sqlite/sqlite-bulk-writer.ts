// Bulk writer for the SQLite store: one dedicated connection, cached prepared statements,
// explicit transactions that may span awaits (the connection is used by nothing else).
import type Database from 'better-sqlite3';
import type { BulkWriter, Row } from '../store.js';
import { SOURCE_ITEM_TABLES, type TableName } from '../schema.js';
import { openStoreConnection, type SqliteDb } from './sqlite-connection.js';

const IDENT = /^[a-z_][a-z0-9_]*$/;

function checkIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  return name;
}

export class SqliteBulkWriter implements BulkWriter {
  private readonly conn: SqliteDb;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string, opts: { cacheMiB?: number } = {}) {
    this.conn = openStoreConnection(file, { cacheMiB: opts.cacheMiB ?? 256 });
    // Checkpointing a large ingest is done once, after commit, not piecemeal inside it.
    this.conn.pragma('wal_autocheckpoint = 0');
  }

  /** Copy the WAL into the database (after a large commit), truncating the WAL. */
  checkpoint(): void {
    this.conn.pragma('wal_checkpoint(TRUNCATE)');
  }

  get inTransaction(): boolean {
    return this.conn.inTransaction;
  }

  async begin(): Promise<void> {
    this.conn.exec('BEGIN IMMEDIATE');
  }

  async commit(): Promise<void> {
    this.conn.exec('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.conn.inTransaction) this.conn.exec('ROLLBACK');
  }

  private statement(
    verb: string,
    table: string,
    cols: readonly string[],
    suffix = '',
  ): Database.Statement {
    const key = `${verb}|${table}|${cols.join(',')}|${suffix}`;
    let st = this.statements.get(key);
    if (!st) {
      const names = cols.map(checkIdent);
      st = this.conn.prepare(
        `${verb} INTO ${checkIdent(table)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})${suffix}`,
      );
      this.statements.set(key, st);
    }
    return st;
  }

  private runAll(st: Database.Statement, rows: ReadonlyArray<readonly unknown[]>): number {
    let n = 0;
    const run = () => {
      for (const r of rows) n += st.run(r).changes;
    };
    if (this.conn.inTransaction) run();
    else this.conn.transaction(run)();
    return n;
  }

  async insert(table: TableName, rows: readonly Row[]): Promise<number> {
    const first = rows[0];
    if (!first) return 0;
    const cols = Object.keys(first);
    return this.insertArrays(
      table,
      cols,
      rows.map((r) => cols.map((c) => r[c])),
    );
  }

  /** Insert positional rows (the worker-thread writer sends these: cheaper to copy between threads). */
  insertArrays(
    table: TableName,
    cols: readonly string[],
    rows: ReadonlyArray<readonly unknown[]>,
  ): number {
    if (rows.length === 0) return 0;
    const st = this.statement('INSERT OR IGNORE', table, cols);
    if (table !== 'messages') return this.runAll(st, rows);
    const before = (
      this.conn.prepare('SELECT coalesce(max(seq), 0) AS s FROM messages').get() as { s: number }
    ).s;
    const n = this.runAll(st, rows);
    if (n > 0) {
      // index the new batch with one statement (a per-row trigger is about three times slower)
      this.conn
        .prepare(
          'INSERT INTO message_fts(rowid, body) SELECT seq, body FROM messages WHERE seq > ? AND body IS NOT NULL',
        )
        .run(before);
    }
    return n;
  }

  async upsert(
    table: TableName,
    rows: readonly Row[],
    conflictColumns: readonly string[],
  ): Promise<number> {
    const first = rows[0];
    if (!first) return 0;
    const cols = Object.keys(first);
    return this.upsertArrays(
      table,
      cols,
      rows.map((r) => cols.map((c) => r[c])),
      conflictColumns,
    );
  }

  upsertArrays(
    table: TableName,
    cols: readonly string[],
    rows: ReadonlyArray<readonly unknown[]>,
    conflictColumns: readonly string[],
  ): number {
    if (rows.length === 0) return 0;
    const updates = cols.filter((c) => !conflictColumns.includes(c));
    const suffix =
      ` ON CONFLICT (${conflictColumns.map(checkIdent).join(', ')}) DO ` +
      (updates.length
        ? `UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}`
        : 'NOTHING');
    return this.runAll(this.statement('INSERT', table, cols, suffix), rows);
  }

  async deleteWhere(table: TableName, column: string, value: string): Promise<number> {
    return this.deleteWhereSync(table, column, value);
  }

  deleteWhereSync(table: TableName, column: string, value: string): number {
    return this.conn
      .prepare(`DELETE FROM ${checkIdent(table)} WHERE ${checkIdent(column)} = ?`)
      .run(value).changes;
  }

  async deleteSourceItems(sourceId: string): Promise<number> {
    let n = 0;
    for (const t of ['contacts', 'threads'] as const) {
      n += this.conn
        .prepare(
          `DELETE FROM item_parties WHERE item_id IN (SELECT id FROM ${t} WHERE source_id = ?)`,
        )
        .run(sourceId).changes;
    }
    for (const t of SOURCE_ITEM_TABLES)
      n += this.conn.prepare(`DELETE FROM ${t} WHERE source_id = ?`).run(sourceId).changes;
    return n;
  }

  async close(): Promise<void> {
    this.closeSync();
  }

  closeSync(): void {
    if (this.conn.inTransaction) this.conn.exec('ROLLBACK');
    try {
      this.checkpoint();
    } catch {
      /* another connection is reading: the checkpoint happens later */
    }
    this.conn.close();
  }
}
