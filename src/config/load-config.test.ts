// Configuration layers: defaults, then file, then THREADLINE_* environment, then flags; validated.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { configFromEnv, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('has safe defaults: embedded, network off, OFFICIAL-SENSITIVE marking elsewhere', () => {
    const c = loadConfig({ env: {} });
    expect(c.mode).toBe('embedded');
    expect(c.network.allowed).toBe(false);
    expect(c.server.host).toBe('127.0.0.1');
    expect(Object.isFrozen(c.server)).toBe(true);
  });
  it('applies file < env < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cfg-'));
    try {
      const file = join(dir, 'c.json');
      writeFileSync(file, JSON.stringify({ server: { port: 1111 }, region: 'IE' }));
      const c = loadConfig({
        file,
        env: { THREADLINE_PORT: '2222', THREADLINE_NETWORK_ALLOWED: 'true' },
        flags: { region: 'GB' },
      });
      expect(c.server.port).toBe(2222);
      expect(c.network.allowed).toBe(true);
      expect(c.region).toBe('GB');
      expect(loadConfig({ file, env: {} }).server.port).toBe(1111);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('maps nested THREADLINE_A__B variables', () => {
    expect(configFromEnv({ THREADLINE_INGEST__BATCH_ROWS: '2000', OTHER: 'x' })).toEqual({
      ingest: { batchRows: 2000 },
    });
  });
  it('rejects unknown keys and bad values with CONFIG_INVALID', () => {
    expect(() => loadConfig({ env: {}, flags: { nonsense: 1 } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => loadConfig({ env: { THREADLINE_PORT: '99999' } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
