// Choosing the store from configuration: embedded SQLite by default, PostgreSQL in server mode or
// when a URL is given (config file, THREADLINE_DATABASE_URL or THREADLINE_STORE__*), and a clear
// error when PostgreSQL is asked for without a URL.
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { ConfigSchema } from '../config/config-schema.js';
import { configFromEnv } from '../config/load-config.js';
import { storeOptionsFrom } from './open-store.js';
import { ErrorCodes } from '../model/errors.js';

const cfg = (input: Record<string, unknown>) => ConfigSchema.parse(input);

describe('storeOptionsFrom', () => {
  it('chooses SQLite, PostgreSQL by mode, URL or kind', () => {
    expect(storeOptionsFrom(cfg({ dataDir: '/d' }))).toEqual({
      kind: 'sqlite',
      file: join('/d', 'threadline.db'),
    });
    expect(storeOptionsFrom(cfg({ database: { url: 'postgres://h/db' } }))).toEqual({
      kind: 'postgres',
      url: 'postgres://h/db',
    });
    expect(
      storeOptionsFrom(
        cfg({ store: { kind: 'postgres', url: 'postgres://a/b' }, mode: 'embedded' }),
      ),
    ).toEqual({ kind: 'postgres', url: 'postgres://a/b' });
    expect(
      storeOptionsFrom(cfg({ store: { kind: 'sqlite' }, database: { url: 'postgres://h/db' } })),
    ).toMatchObject({ kind: 'sqlite' });
    expect(() => storeOptionsFrom(cfg({ mode: 'server' }))).toThrow(
      expect.objectContaining({ code: ErrorCodes.INVALID_ARGUMENT }),
    );
  });

  it('reads the store from THREADLINE_* variables', () => {
    const env = configFromEnv({
      THREADLINE_STORE__KIND: 'postgres',
      THREADLINE_STORE__URL: 'postgres://u@db.example.org/threadline',
    });
    expect(storeOptionsFrom(cfg({ ...env, dataDir: resolve('x') }))).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db.example.org/threadline',
    });
  });
});
