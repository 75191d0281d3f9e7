// Analysts' merge and split decisions on persons. A decision names identifier keys (never person
// ids, which follow from the keys), so it survives re-ingest and re-resolution; each records who
// made it, when and why, and decisions apply in the order they were made.
import type { Store } from '../store/store.js';
import type { Actor } from '../app/app-context.js';
import { makeId } from '../model/ids.js';
import { AppError, ErrorCodes } from '../model/errors.js';

export interface PersonDecision {
  id: string;
  seq: number;
  kind: 'merge' | 'split';
  /** merge: each merged person's keys; split: one list, the keys taken out as a new person. */
  keys: string[][];
  /** split: the keys left in the original person. */
  otherKeys: string[];
  reason: string;
  actor: { id: string; name: string };
  createdAt: number;
}

export async function listDecisions(store: Store, caseId: string): Promise<PersonDecision[]> {
  const rows = await store.db
    .selectFrom('person_decisions')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    kind: r.kind as 'merge' | 'split',
    keys: JSON.parse(r.keys) as string[][],
    otherKeys: JSON.parse(r.other_keys) as string[],
    reason: r.reason,
    actor: { id: r.actor_id, name: r.actor_name },
    createdAt: Number(r.created_at),
  }));
}

function requireReason(reason: string | undefined): string {
  const r = (reason ?? '').trim();
  if (!r)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      'a reason is required for every merge and split (it is recorded with who made it)',
    );
  if (r.length > 2000)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'reason is longer than 2,000 characters');
  return r;
}

export async function addDecision(
  store: Store,
  caseId: string,
  d: { kind: 'merge' | 'split'; keys: string[][]; otherKeys?: string[]; reason?: string },
  actor: Actor,
  now = Date.now(),
): Promise<PersonDecision> {
  const reason = requireReason(d.reason);
  const last = await store.db
    .selectFrom('person_decisions')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  const keys = d.keys.map((k) => [...new Set(k)].sort());
  const otherKeys = [...new Set(d.otherKeys ?? [])].sort();
  const id = makeId('annotation', [caseId, 'person-decision', seq, d.kind, JSON.stringify(keys)]);
  await store.db
    .insertInto('person_decisions')
    .values({
      id,
      case_id: caseId,
      seq,
      kind: d.kind,
      keys: JSON.stringify(keys),
      other_keys: JSON.stringify(otherKeys),
      reason,
      actor_id: actor.id,
      actor_name: actor.name,
      created_at: now,
    })
    .execute();
  return {
    id,
    seq,
    kind: d.kind,
    keys,
    otherKeys,
    reason,
    actor: { id: actor.id, name: actor.name },
    createdAt: now,
  };
}
