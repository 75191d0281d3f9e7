// Writes a SQLite evidence file the way a phone leaves it: in WAL mode, optionally with rows that
// exist only in the -wal file (copied while the writer is still open, so nothing is checkpointed).
import Database from 'better-sqlite3';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
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
        writeFileSync(`${path}-wal`, deterministicWal(readFileSync(`${tmp}-wal`)));
        return;
      }
    }
  } finally {
    db.close();
    if (!existsSync(path)) copyFileSync(tmp, path);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * SQLite starts each WAL with random salts, so two identical writes give different -wal bytes.
 * Rewrites the salts to fixed values and recomputes the header and frame checksums (the format
 * is in https://www.sqlite.org/fileformat2.html#walformat), so the same data gives the same bytes
 * and SQLite still accepts every frame.
 */
export function deterministicWal(
  wal: Buffer,
  salts: [number, number] = [0x54484c31, 0x47454e31],
): Buffer {
  const out = Buffer.from(wal);
  if (out.length < 32) return out;
  const magic = out.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return out;
  const bigEndian = (magic & 1) === 1;
  const pageSize = out.readUInt32BE(8);
  const word = (b: Buffer, o: number) => (bigEndian ? b.readUInt32BE(o) : b.readUInt32LE(o));
  const checksum = (from: number, to: number, s: [number, number]): [number, number] => {
    let [s0, s1] = s;
    for (let o = from; o < to; o += 8) {
      s0 = (s0 + word(out, o) + s1) >>> 0;
      s1 = (s1 + word(out, o + 4) + s0) >>> 0;
    }
    return [s0, s1];
  };
  out.writeUInt32BE(salts[0], 16);
  out.writeUInt32BE(salts[1], 20);
  let sum = checksum(0, 24, [0, 0]);
  out.writeUInt32BE(sum[0], 24);
  out.writeUInt32BE(sum[1], 28);
  for (let f = 32; f + 24 + pageSize <= out.length; f += 24 + pageSize) {
    out.writeUInt32BE(salts[0], f + 8);
    out.writeUInt32BE(salts[1], f + 12);
    sum = checksum(f, f + 8, sum);
    sum = checksum(f + 24, f + 24 + pageSize, sum);
    out.writeUInt32BE(sum[0], f + 16);
    out.writeUInt32BE(sum[1], f + 20);
  }
  return out;
}
