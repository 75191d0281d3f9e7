// Property testing of SQLite parsers: arbitrary cell values (any storage class, out-of-range
// integers, invalid UTF-8, huge text) written into a real schema, then the parser must either
// parse or raise a typed AppError, within a time bound.
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { AppError } from '../model/errors.js';
import type { Parser } from '../ingest/parser.js';
import { runParser, type ParserRun } from './run-parser.js';

/** Any value SQLite can hold in a cell, with the awkward cases weighted in. */
export function arbSqliteValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.constantFrom(0, -1, 1, 2, 3, 4, 5, 6, 7, 13, 15, 100, -2),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.double({ noNaN: false }),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    fc.constantFrom(
      '447700900123@s.whatsapp.net',
      '120363001234567890@g.us',
      '98765432101234@lid',
      '+447700900123',
      '07700 900123',
      '',
      'status@broadcast',
    ),
  );
}

/** A record of arbitrary values for the named columns. */
export function arbRow(columns: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(columns.map((c) => [c, arbSqliteValue()])));
}

/** Bind a value for better-sqlite3 (doubles that are NaN become NULL, as SQLite stores them). */
export function bindable(v: unknown): unknown {
  if (typeof v === 'number' && Number.isNaN(v)) return null;
  return v;
}

/**
 * Build a database with `build`, run the parser on it, and require that it either finishes or
 * throws an AppError, within `boundMs`. Returns the run (or null when an AppError was raised).
 */
export async function parsesOrAppError(
  parser: Parser,
  build: (dir: string) => string | { path: string; others?: string[] },
  boundMs = 5000,
): Promise<ParserRun | null> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-prop-'));
  try {
    const built = build(dir);
    const path = typeof built === 'string' ? built : built.path;
    const others = typeof built === 'string' ? [] : (built.others ?? []);
    const t0 = performance.now();
    try {
      const run = await runParser(parser, path, { others });
      const ms = performance.now() - t0;
      if (ms > boundMs)
        throw new Error(`${parser.id} took ${Math.round(ms)} ms (bound ${boundMs})`);
      return run;
    } catch (e) {
      if (e instanceof AppError) return null;
      throw e;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Open a fresh SQLite file (rollback journal, so nothing lingers in a WAL). */
export function freshDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  return db;
}
