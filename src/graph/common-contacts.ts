// Common contacts between two seized devices: the identifiers both phones know (saved in the address
// book, messaged or called), with how each device saved them and the counts on each side.
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { NodeResolver, valueOf } from './node-resolver.js';

export interface DeviceSide {
  /** Names this device saved the identifier under (address book). */
  savedAs: string[];
  /** Other names the device shows for it (push names, party names). */
  shownAs: string[];
  messages: number;
  calls: number;
  contactEntries: number;
  firstAt: number | null;
  lastAt: number | null;
}

export interface CommonContact {
  key: string;
  value: string;
  a: DeviceSide;
  b: DeviceSide;
}

export interface CommonContactsResult {
  a: { id: string; label: string; owners: string[] };
  b: { id: string; label: string; owners: string[] };
  common: CommonContact[];
  /** Each device's own identifiers found on the other one (the two owners in direct contact). */
  direct: Array<{ key: string; ownerOf: 'a' | 'b'; on: DeviceSide }>;
}

async function requireDevice(store: Store, caseId: string, ref: string) {
  const d = await store.db
    .selectFrom('devices')
    .select(['id', 'label', 'exhibit'])
    .where('case_id', '=', caseId)
    .where((eb) => eb.or([eb('id', '=', ref), eb('label', '=', ref), eb('exhibit', '=', ref)]))
    .execute();
  if (d.length === 0)
    throw new AppError(ErrorCodes.NOT_FOUND, `no device ${JSON.stringify(ref)} in this case`, {
      device: ref,
    });
  if (d.length > 1)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `${JSON.stringify(ref)} names ${d.length} devices; use the device id`,
      { device: ref },
    );
  return d[0]!;
}

function emptySide(): DeviceSide {
  return {
    savedAs: [],
    shownAs: [],
    messages: 0,
    calls: 0,
    contactEntries: 0,
    firstAt: null,
    lastAt: null,
  };
}

export async function commonContacts(
  store: Store,
  caseId: string,
  refA: string,
  refB: string,
): Promise<CommonContactsResult> {
  const da = await requireDevice(store, caseId, refA);
  const db = await requireDevice(store, caseId, refB);
  if (da.id === db.id)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'common contacts needs two different devices');
  const resolver = await NodeResolver.load(store, caseId, 'identifier');
  const ownersA = resolver.ownerKeys.get(da.id) ?? [];
  const ownersB = resolver.ownerKeys.get(db.id) ?? [];
  // one set-based aggregation over the per-source activity the ingest records
  const rows = await store.db
    .selectFrom('identifier_activity')
    .select((eb) => [
      'key',
      'device_id',
      'kind',
      eb.fn.sum<number>('count').as('n'),
      eb.fn.min<number | null>('first_at').as('first_at'),
      eb.fn.max<number | null>('last_at').as('last_at'),
    ])
    .where('case_id', '=', caseId)
    .where('device_id', 'in', [da.id, db.id])
    .where('key', 'not like', 'device:%')
    .groupBy(['key', 'device_id', 'kind'])
    .execute();
  const sides = new Map<string, { a?: DeviceSide; b?: DeviceSide }>();
  for (const r of rows) {
    const s = sides.get(r.key) ?? {};
    const which = r.device_id === da.id ? 'a' : 'b';
    const side = (s[which] ??= emptySide());
    const n = Number(r.n);
    if (r.kind === 'message') side.messages += n;
    else if (r.kind === 'call') side.calls += n;
    else if (r.kind === 'contact') side.contactEntries += n;
    const f = r.first_at === null ? null : Number(r.first_at);
    const l = r.last_at === null ? null : Number(r.last_at);
    if (f !== null && (side.firstAt === null || f < side.firstAt)) side.firstAt = f;
    if (l !== null && (side.lastAt === null || l > side.lastAt)) side.lastAt = l;
    sides.set(r.key, s);
  }
  const saved = await store.db
    .selectFrom('item_parties as ip')
    .innerJoin('contacts as c', 'c.id', 'ip.item_id')
    .select(['ip.key as key', 'ip.device_id as device_id', 'c.name as name'])
    .where('ip.case_id', '=', caseId)
    .where('ip.item_kind', '=', 'contact')
    .where('ip.device_id', 'in', [da.id, db.id])
    .distinct()
    .execute();
  for (const s of saved) {
    const side = sides.get(s.key)?.[s.device_id === da.id ? 'a' : 'b'];
    if (side && s.name && !side.savedAs.includes(s.name)) side.savedAs.push(s.name);
  }
  for (const [key, s] of sides)
    for (const [which, dev] of [
      ['a', da.id],
      ['b', db.id],
    ] as const) {
      const side = s[which];
      if (!side) continue;
      for (const n of resolver.names.get(key) ?? [])
        if (n.device === dev && !side.savedAs.includes(n.name) && !side.shownAs.includes(n.name))
          side.shownAs.push(n.name);
      side.savedAs.sort();
      side.shownAs.sort();
    }
  const own = new Set([...ownersA, ...ownersB]);
  const common: CommonContact[] = [];
  const direct: CommonContactsResult['direct'] = [];
  for (const [key, s] of sides) {
    if (own.has(key)) {
      if (ownersA.includes(key) && s.b) direct.push({ key, ownerOf: 'a', on: s.b });
      if (ownersB.includes(key) && s.a) direct.push({ key, ownerOf: 'b', on: s.a });
      continue;
    }
    if (s.a && s.b) common.push({ key, value: valueOf(key), a: s.a, b: s.b });
  }
  const total = (c: CommonContact) =>
    c.a.messages + c.a.calls + c.a.contactEntries + c.b.messages + c.b.calls + c.b.contactEntries;
  common.sort((x, y) => total(y) - total(x) || (x.key < y.key ? -1 : 1));
  direct.sort((x, y) => (x.key < y.key ? -1 : 1));
  const label = (d: { label: string; exhibit: string | null }) =>
    d.exhibit ? `${d.label} (${d.exhibit})` : d.label;
  return {
    a: { id: da.id, label: label(da), owners: ownersA },
    b: { id: db.id, label: label(db), owners: ownersB },
    common,
    direct,
  };
}
