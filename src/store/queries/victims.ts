// Victim flags of a case: an identifier (or every identifier of a resolved person) marked as a
// victim's, so exports can redact it; and the case's secret key for stable pseudonyms.
import { randomBytes } from 'node:crypto';
import type { Store } from '../store.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

export interface VictimFlag {
  key: string;
  personId: string | null;
  note: string | null;
  flaggedBy: string;
  flaggedAt: number;
}

export async function listVictimFlags(store: Store, caseId: string): Promise<VictimFlag[]> {
  const rows = await store.db
    .selectFrom('victim_flags')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('key')
    .execute();
  return rows.map((r) => ({
    key: r.key,
    personId: r.person_id,
    note: r.note,
    flaggedBy: r.flagged_by,
    flaggedAt: Number(r.flagged_at),
  }));
}

/**
 * Flag identifier keys as a victim's. With `personId`, every identifier of that person is flagged.
 * Keys must be identifiers of the case (a typo must not silently leave a victim unredacted).
 */
export async function flagVictims(
  store: Store,
  caseId: string,
  f: { keys?: string[]; personId?: string; note?: string | null; by: string; at?: number },
): Promise<string[]> {
  let keys = [...new Set(f.keys ?? [])];
  if (f.personId) {
    const ids = await store.db
      .selectFrom('person_identifiers')
      .select('key')
      .where('case_id', '=', caseId)
      .where('person_id', '=', f.personId)
      .execute();
    if (!ids.length)
      throw new AppError(ErrorCodes.NOT_FOUND, `no person ${f.personId} in this case`, {
        personId: f.personId,
      });
    keys = [...new Set([...keys, ...ids.map((i) => i.key)])];
  }
  if (!keys.length) throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'no identifier to flag');
  const known = new Set(
    (
      await store.db
        .selectFrom('identifiers')
        .select('key')
        .where('case_id', '=', caseId)
        .where('key', 'in', keys)
        .execute()
    ).map((r) => r.key),
  );
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length)
    throw new AppError(
      ErrorCodes.NOT_FOUND,
      `not identifiers of this case: ${unknown.slice(0, 5).join(', ')}`,
      { keys: unknown },
    );
  const at = f.at ?? Date.now();
  for (const key of keys.sort())
    await store.db
      .insertInto('victim_flags')
      .values({
        case_id: caseId,
        key,
        person_id: f.personId ?? null,
        note: f.note ?? null,
        flagged_by: f.by,
        flagged_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['case_id', 'key']).doUpdateSet({
          person_id: f.personId ?? null,
          note: f.note ?? null,
          flagged_by: f.by,
          flagged_at: at,
        }),
      )
      .execute();
  return keys;
}

export async function unflagVictims(store: Store, caseId: string, keys: string[]): Promise<number> {
  if (!keys.length) return 0;
  const r = await store.db
    .deleteFrom('victim_flags')
    .where('case_id', '=', caseId)
    .where('key', 'in', keys)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The case's secret pseudonym key, created on first use (random, never exported). */
export async function redactionSecret(store: Store, caseId: string): Promise<string> {
  const found = await store.db
    .selectFrom('redaction_keys')
    .select('secret')
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (found) return found.secret;
  await store.db
    .insertInto('redaction_keys')
    .values({ case_id: caseId, secret: randomBytes(32).toString('hex'), created_at: Date.now() })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
  const r = await store.db
    .selectFrom('redaction_keys')
    .select('secret')
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return r.secret;
}
