// Reading resolved persons: each with its identifiers and the reasons they were grouped, the names
// each device's owner saved them under (aliases: shown, never used to group), the devices they own
// and the analysts' decisions that shaped them.
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import {
  displayIdentifier,
  normaliseIdentifier,
  parseIdentifierKey,
} from '../model/identifiers.js';
import type { PersonReason } from './resolve-persons.js';
import { listDecisions } from './person-decisions.js';

export interface PersonView {
  id: string;
  label: string;
  confidence: number;
  origin: string;
  identifiers: Array<{ key: string; display: string; confidence: number; reasons: PersonReason[] }>;
  /** How each device's owner saved this person (contact names, display names). */
  aliases: Array<{ deviceId: string; device: string; name: string; key: string }>;
  /** Devices this person owns, with the evidence behind it. */
  devices: Array<{ id: string; label: string; confidence: number; evidence: unknown[] }>;
  decisions: Array<{ id: string; kind: string; by: string; why: string; at: number }>;
}

export interface ListOptions {
  /** Include persons with a single identifier, no alias and no device (default false). */
  all?: boolean;
}

export async function listPersons(
  store: Store,
  caseId: string,
  opts: ListOptions = {},
): Promise<PersonView[]> {
  const [persons, pis, names, owners, devices, decisions] = await Promise.all([
    store.db
      .selectFrom('persons')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute(),
    store.db
      .selectFrom('person_identifiers')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('person_id')
      .execute(),
    store.db
      .selectFrom('identifier_names')
      .select(['key', 'device_id', 'name'])
      .where('case_id', '=', caseId)
      .distinct()
      .execute(),
    store.db.selectFrom('device_owners').selectAll().where('case_id', '=', caseId).execute(),
    store.db.selectFrom('devices').select(['id', 'label']).where('case_id', '=', caseId).execute(),
    listDecisions(store, caseId),
  ]);
  const label = new Map(devices.map((d) => [d.id, d.label]));
  const idsOf = new Map<string, PersonView['identifiers']>();
  for (const r of pis) {
    const l = idsOf.get(r.person_id) ?? idsOf.set(r.person_id, []).get(r.person_id)!;
    l.push({
      key: r.key,
      display: displayIdentifier(r.key),
      confidence: Number(r.confidence),
      reasons: JSON.parse(r.reasons) as PersonReason[],
    });
  }
  const namesOf = new Map<string, Array<{ device_id: string; name: string }>>();
  for (const n of names) (namesOf.get(n.key) ?? namesOf.set(n.key, []).get(n.key)!).push(n);
  const out: PersonView[] = [];
  for (const p of persons) {
    const identifiers = idsOf.get(p.id) ?? [];
    const keys = new Set(identifiers.map((i) => i.key));
    const aliases = identifiers
      .flatMap((i) =>
        (namesOf.get(i.key) ?? []).map((n) => ({
          deviceId: n.device_id,
          device: label.get(n.device_id) ?? n.device_id,
          name: n.name,
          key: i.key,
        })),
      )
      .sort((a, b) => (a.device + a.name + a.key < b.device + b.name + b.key ? -1 : 1));
    const owned = owners
      .filter((o) => o.person_id === p.id)
      .map((o) => ({
        id: o.device_id,
        label: label.get(o.device_id) ?? o.device_id,
        confidence: Number(o.confidence),
        evidence: JSON.parse(o.evidence) as unknown[],
      }))
      .sort((a, b) => (a.label < b.label ? -1 : 1));
    const decided = decisions
      .filter((d) => [...d.keys.flat(), ...d.otherKeys].some((k) => keys.has(k)))
      .map((d) => ({ id: d.id, kind: d.kind, by: d.actor.name, why: d.reason, at: d.createdAt }));
    const interesting =
      identifiers.length > 1 || aliases.length > 0 || owned.length > 0 || decided.length > 0;
    if (!opts.all && !interesting) continue;
    out.push({
      id: p.id,
      label: p.label,
      confidence: Number(p.confidence),
      origin: p.origin,
      identifiers,
      aliases,
      devices: owned,
      decisions: decided,
    });
  }
  return out;
}

/** A person by id, or by one of its identifiers written any way (`07700 900123`, a key …). */
export async function findPerson(store: Store, caseId: string, ref: string): Promise<PersonView> {
  const all = await listPersons(store, caseId, { all: true });
  const byId = all.find((p) => p.id === ref);
  if (byId) return byId;
  const key = toKey(ref);
  const hit = all.find((p) => p.identifiers.some((i) => i.key === key));
  if (!hit)
    throw new AppError(
      ErrorCodes.NOT_FOUND,
      `no person or identifier ${JSON.stringify(ref)} in this case`,
    );
  return hit;
}

/** An identifier key from what a user typed. */
export function toKey(ref: string, region = 'GB'): string {
  if (parseIdentifierKey(ref)) return ref;
  const n = normaliseIdentifier(ref, 'auto', { region });
  if (!n)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, `not an identifier: ${JSON.stringify(ref)}`);
  return n.key;
}
