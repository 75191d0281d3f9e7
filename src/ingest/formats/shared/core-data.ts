// Core Data stores (iOS app databases): Z_PRIMARYKEY keeps the highest primary key each entity has
// used (Z_MAX), and keys are never reused, so rows absent below it were deleted (or pruned).
import type { EvidenceDb } from '../../../evidence/evidence-sqlite.js';
import { big } from './row-values.js';

/** How many primary keys 1..Z_MAX of `entity` are absent from `present`; null when unknown. */
export function missingBelowZMax(
  db: EvidenceDb,
  entity: string,
  present: ReadonlySet<bigint>,
): { missing: number; max: bigint } | null {
  if (!db.hasTable('Z_PRIMARYKEY')) return null;
  const row = db.all(
    'SELECT Z_MAX FROM Z_PRIMARYKEY WHERE Z_NAME = ?',
    [entity],
    'Z_PRIMARYKEY',
  )[0];
  const max = row ? big(row.Z_MAX) : null;
  if (max === null || max <= 0n) return null;
  let n = 0;
  for (const p of present) if (p >= 1n && p <= max) n++;
  return { missing: Number(max) - n, max };
}
