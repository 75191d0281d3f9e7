// Writes a SQLite evidence file the way a phone leaves it: in WAL mode, optionally with rows that
// exist only in the -wal file (copied while the writer is still open, so nothing is checkpointed).
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export interface SqliteFileOptions {
  /** Statements run after everything else is checkpointed: their rows live only in the WAL. */
  walTail?: (db: Database.Database) => void;
  /** Journal mode of the finished file (default wal). */
  mode?: 'wal' | 'delete';
  userVersion?: number;
  /** Enforce foreign keys while writing (default on; Android apps leave them off). */
  foreignKeys?: boolean;
}

export function writeSqliteFile(
  path: string,
  build: (db: Database.Database) => void,
  opts: SqliteFileOptions = {},
): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`])
    if (existsSync(p)) unlinkSync(p);
  const dir = mkdtempSync(join(tmpdir(), 'tl-gen-'));
  const tmp = join(dir, 'db');
  const db = new Database(tmp);
  try {
    if (opts.userVersion !== undefined) db.pragma(`user_version = ${opts.userVersion}`);
    if (opts.foreignKeys === false) db.pragma('foreign_keys = OFF');
    if ((opts.mode ?? 'wal') === 'wal') {
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
    }
    db.transaction(() => build(db))();
    if ((opts.mode ?? 'wal') === 'wal') {
      db.pragma('wal_checkpoint(TRUNCATE)');
      if (opts.walTail) {
        db.transaction(() => opts.walTail!(db))();
        // copy while open: the tail is committed in the WAL but not checkpointed into the main file
        copyFileSync(tmp, path);
        copyFileSync(`${tmp}-wal`, `${path}-wal`);
        return;
      }
    }
  } finally {
    db.close();
    if (!existsSync(path)) copyFileSync(tmp, path);
    rmSync(dir, { recursive: true, force: true });
  }
}
