// Connection pools for the PostgreSQL store: 64-bit integers and numerics read as JavaScript
// numbers (times are epoch milliseconds, counts fit easily), as better-sqlite3 returns them.
import pg from 'pg';

const INT8 = 20;
const NUMERIC = 1700;

const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8 || oid === NUMERIC)
      return (v: string | Buffer) => (v === null ? null : Number(v as string));
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface PoolOptions {
  max?: number;
  applicationName?: string;
}

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'threadline',
    types: types as unknown as pg.CustomTypesConfig,
  });
  // an idle client losing its connection (server restart) must not crash the process
  pool.on('error', () => {});
  return pool;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

export type { Pool, PoolClient } from 'pg';
