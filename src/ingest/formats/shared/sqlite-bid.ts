// Shared bidding rule for SQLite artefacts: required tables decide, a known file name adds confidence.
import type { Probe } from '../../parser.js';

export async function sqliteBid(
  probe: Probe,
  opts: {
    required: readonly string[];
    any?: readonly string[];
    names?: readonly string[];
    score?: number;
  },
): Promise<number> {
  if (!probe.isSqlite) return 0;
  const tables = await probe.sqliteTables();
  if (!opts.required.every((t) => tables.has(t))) return 0;
  if (opts.any && !opts.any.some((t) => tables.has(t))) return 0;
  const base = opts.score ?? 70;
  const named = opts.names?.includes(probe.file.name) ? 20 : 0;
  return Math.min(100, base + named);
}
