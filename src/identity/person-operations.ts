// Analyst operations on persons: merge several into one, split identifiers out into a new person.
// Each is recorded as a decision (who, when, why) and the case is resolved again at once.
import type { Store } from '../store/store.js';
import type { Actor } from '../app/app-context.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { addDecision, type PersonDecision } from './person-decisions.js';
import { ensureResolved, resolvePersons } from './resolve-persons.js';
import { findPerson, toKey, type PersonView } from './person-queries.js';

export async function mergePersons(
  store: Store,
  caseId: string,
  refs: readonly string[],
  reason: string | undefined,
  actor: Actor,
): Promise<{ decision: PersonDecision; person: PersonView }> {
  await ensureResolved(store, caseId);
  const persons: PersonView[] = [];
  for (const r of refs) {
    const p = await findPerson(store, caseId, r);
    if (!persons.some((x) => x.id === p.id)) persons.push(p);
  }
  if (persons.length < 2)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      'merge needs at least two different persons (by person id or identifier)',
    );
  const decision = await addDecision(
    store,
    caseId,
    { kind: 'merge', keys: persons.map((p) => p.identifiers.map((i) => i.key)), reason },
    actor,
  );
  await resolvePersons(store, caseId);
  return { decision, person: await findPerson(store, caseId, persons[0]!.identifiers[0]!.key) };
}

export async function splitPerson(
  store: Store,
  caseId: string,
  personRef: string,
  keyRefs: readonly string[],
  reason: string | undefined,
  actor: Actor,
): Promise<{ decision: PersonDecision; person: PersonView; splitOff: PersonView }> {
  await ensureResolved(store, caseId);
  const person = await findPerson(store, caseId, personRef);
  const mine = new Set(person.identifiers.map((i) => i.key));
  const keys = [...new Set(keyRefs.map((k) => toKey(k)))];
  if (!keys.length)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      'name the identifiers to split out of the person',
    );
  for (const k of keys)
    if (!mine.has(k))
      throw new AppError(
        ErrorCodes.INVALID_ARGUMENT,
        `${k} is not an identifier of person ${person.id}`,
      );
  const rest = [...mine].filter((k) => !keys.includes(k));
  if (!rest.length)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      'a split must leave at least one identifier in the original person',
    );
  const decision = await addDecision(
    store,
    caseId,
    { kind: 'split', keys: [keys], otherKeys: rest, reason },
    actor,
  );
  await resolvePersons(store, caseId);
  return {
    decision,
    person: await findPerson(store, caseId, rest[0]!),
    splitOff: await findPerson(store, caseId, keys[0]!),
  };
}
