// Opens SQLite evidence only as a scratch copy taken together with its -wal and -journal, with the
// hostile-database settings (trusted_schema off, cell_size_check on, no mmap, query_only, exact
// 64-bit integers). Also tells which rows exist only because of the WAL.
import Database from 'better-sqlite3';
import { copyFileSync, createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, ErrorCodes } from '../model/errors.js';
import type { EvidenceFile } from './evidence-file.js';
import type { ScratchSpace } from './scratch-space.js';

export type EvidenceRow = Record<string, unknown>;

async function copyTo(file: EvidenceFile, dest: string): Promise<void> {
  await pipeline(await file.open(), createWriteStream(dest, { flags: 'wx', mode: 0o600 }));
}

function mapSqliteError(e: unknown, file: string, record?: string): AppError {
  const code = (e as { code?: string }).code ?? '';
  const msg = (e as Error).message ?? String(e);
  if (code === 'SQLITE_NOTADB')
    return new AppError(
      ErrorCodes.SQLITE_NOT_A_DATABASE,
      `not a SQLite database: ${msg}`,
      { file, record },
      { cause: e },
    );
  if (
    code.startsWith('SQLITE_CORRUPT') ||
    code === 'SQLITE_IOERR_SHORT_READ' ||
    /malformed|corrupt/i.test(msg)
  )
    return new AppError(
      ErrorCodes.SQLITE_CORRUPT,
      `database is corrupt: ${msg}`,
      { file, record },
      { cause: e },
    );
  return new AppError(
    ErrorCodes.PARSE_ERROR,
    `SQLite error ${code}: ${msg}`,
    { file, record },
    { cause: e },
  );
}

export class EvidenceDb {
  /** Anomalies seen while opening: `hot-journal-rolled-back`, `quick-check: …`, `wal-applied`. */
  readonly anomalies: string[] = [];
  private tableCache: Set<string> | null = null;
  private readonly columnCache = new Map<string, Set<string>>();
  private mainOnly: Database.Database | null | undefined;

  private constructor(
    readonly conn: Database.Database,
    readonly file: EvidenceFile,
    private readonly dir: string,
    readonly hasWal: boolean,
    private readonly mainCopySource: string,
  ) {}

  /**
   * Copy the database and its companions into scratch space and open the copy. The original is only
   * read. A hot journal is rolled back on the copy (recorded); a WAL is applied on the copy.
   */
  static async open(file: EvidenceFile, scratch: ScratchSpace): Promise<EvidenceDb> {
    const dir = scratch.newDir('sqlite');
    const main = join(dir, 'db.sqlite');
    await copyTo(file, main);
    // the main file as copied, before SQLite touches the working copy (for walOnlyRowids)
    const pristine = join(dir, 'main.pristine');
    if (file.companions.wal && file.companions.wal.size > 0) copyFileSync(main, pristine);
    const wal = file.companions.wal;
    const journal = file.companions.journal;
    const hasWal = !!wal && wal.size > 0;
    if (wal) await copyTo(wal, `${main}-wal`);
    if (journal) await copyTo(journal, `${main}-journal`);
    let conn: Database.Database;
    try {
      conn = new Database(main, { fileMustExist: true });
      EvidenceDb.harden(conn);
    } catch (e) {
      throw mapSqliteError(e, file.path);
    }
    const db = new EvidenceDb(conn, file, dir, hasWal, pristine);
    if (journal && journal.size > 0) db.anomalies.push('hot-journal-rolled-back');
    if (hasWal) db.anomalies.push('wal-applied');
    try {
      const rows = conn.pragma('quick_check(20)') as Array<{ quick_check: string }>;
      const bad = rows.map((r) => r.quick_check).filter((s) => s !== 'ok');
      if (bad.length) db.anomalies.push(`quick-check: ${bad.slice(0, 3).join('; ')}`);
    } catch (e) {
      const err = mapSqliteError(e, file.path);
      if (err.code === ErrorCodes.SQLITE_NOT_A_DATABASE) {
        conn.close();
        throw err;
      }
      db.anomalies.push(`quick-check failed: ${err.message}`);
    }
    conn.pragma('query_only = ON');
    return db;
  }

  private static harden(conn: Database.Database): void {
    conn.pragma('trusted_schema = OFF');
    conn.pragma('cell_size_check = ON');
    conn.pragma('mmap_size = 0');
    conn.defaultSafeIntegers(true);
  }

  /** Table names (from sqlite_master, after the WAL is applied). */
  tables(): Set<string> {
    if (!this.tableCache) {
      try {
        const rows = this.conn
          .prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view')")
          .all() as Array<{ name: string }>;
        this.tableCache = new Set(rows.map((r) => r.name));
      } catch (e) {
        throw mapSqliteError(e, this.file.path, 'sqlite_master');
      }
    }
    return this.tableCache;
  }

  hasTable(name: string): boolean {
    return this.tables().has(name);
  }

  columns(table: string): Set<string> {
    let c = this.columnCache.get(table);
    if (!c) {
      if (!/^[A-Za-z0-9_]+$/.test(table)) return new Set();
      try {
        const rows = this.conn.prepare(`PRAGMA table_info("${table}")`).all() as Array<{
          name: string;
        }>;
        c = new Set(rows.map((r) => r.name));
      } catch {
        c = new Set();
      }
      this.columnCache.set(table, c);
    }
    return c;
  }

  /** Iterate the rows of a query; SQLite errors become typed errors naming the file and table. */
  *iterate(sqlText: string, params: unknown[] = [], record = 'query'): Generator<EvidenceRow> {
    let st: Database.Statement;
    try {
      st = this.conn.prepare(sqlText);
    } catch (e) {
      throw mapSqliteError(e, this.file.path, record);
    }
    try {
      for (const row of st.iterate(...params)) yield row as EvidenceRow;
    } catch (e) {
      throw mapSqliteError(e, this.file.path, record);
    }
  }

  all(sqlText: string, params: unknown[] = [], record = 'query'): EvidenceRow[] {
    return [...this.iterate(sqlText, params, record)];
  }

  /**
   * Rowids of `table` present only once the WAL is applied (not in the main file alone).
   * Empty when there is no WAL. The main file alone is opened as a second scratch copy.
   */
  walOnlyRowids(table: string, rowidColumn = 'rowid'): Set<bigint> {
    if (!this.hasWal || !/^[A-Za-z0-9_]+$/.test(table) || !/^[A-Za-z0-9_]+$/.test(rowidColumn))
      return new Set();
    if (this.mainOnly === undefined) {
      try {
        // a second scratch copy of the main file alone (no -wal beside it): the main file's own state
        const alone = join(this.dir, 'main-only', 'db.sqlite');
        mkdirSync(dirname(alone), { recursive: true });
        copyFileSync(this.mainCopySource, alone);
        const m = new Database(alone, { fileMustExist: true });
        EvidenceDb.harden(m);
        m.pragma('query_only = ON');
        this.mainOnly = m;
      } catch {
        this.mainOnly = null;
      }
    }
    const full = new Set<bigint>();
    for (const r of this.iterate(`SELECT ${rowidColumn} AS r FROM "${table}"`, [], table))
      full.add(BigInt(r.r as bigint));
    const base = new Set<bigint>();
    if (this.mainOnly) {
      try {
        for (const r of this.mainOnly
          .prepare(`SELECT ${rowidColumn} AS r FROM "${table}"`)
          .iterate())
          base.add(BigInt((r as EvidenceRow).r as bigint));
      } catch {
        // the table may not exist in the main file at all (schema only in the WAL)
      }
    }
    const out = new Set<bigint>();
    for (const r of full) if (!base.has(r)) out.add(r);
    return out;
  }

  close(): void {
    try {
      this.mainOnly?.close();
    } catch {
      /* already closed */
    }
    try {
      this.conn.close();
    } catch {
      /* already closed */
    }
  }
}

/** Convert a value read with safe integers (bigint) to a number when exact, else keep text. */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint')
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

/** Text of a value read from evidence (BLOBs decoded as UTF-8 strictly, else null). */
export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  if (v instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(v);
    } catch {
      return null;
    }
  }
  return String(v);
}

export function fileSize(path: string): number {
  return statSync(path).size;
}
