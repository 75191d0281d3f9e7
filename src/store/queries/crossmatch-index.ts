// The cross-case identifier index: per identifier, case and device, where it appears (roles,
// contact names, message/call/contact counts, first and last dates). Derived from the item tables,
// refreshed per device after each ingest, rebuildable at any time; cross-case watch alerts fire here.
import { sql } from 'kysely';
import type { Store } from '../store.js';
import type { CrossmatchIndexTable } from '../schema.js';
import { hashParts } from '../../model/ids.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import {
  normaliseIdentifier,
  parseIdentifierKey,
  phoneFromWhatsAppJid,
  type IdentifierType,
} from '../../model/identifiers.js';

/**
 * Identifier types matched across cases: numbers, equipment, subscriptions, e-mail and app
 * accounts. Not matched: `phone-raw` and `imei-raw` (values that did not normalise, such as short
 * codes), `sender` (alphanumeric senders like a bank's), `device` (a device's own placeholder).
 */
export const CROSSMATCH_TYPES: ReadonlySet<IdentifierType> = new Set<IdentifierType>([
  'phone',
  'email',
  'imei',
  'imsi',
  'iccid',
  'whatsapp',
  'telegram',
  'signal',
  'snapchat',
  'instagram',
  'facebook',
  'apple-id',
  'username',
]);

/** WhatsApp ids that are not a person's account (status broadcasts, channels). */
const WA_NOT_ACCOUNTS = /@(broadcast|newsletter)$/;

/**
 * The key an identifier is matched on across cases, or null when it is not matched. A WhatsApp id
 * of a phone number (`447700900123@s.whatsapp.net`) matches as that phone number.
 */
export function matchKeyOf(key: string): { matchKey: string; type: IdentifierType } | null {
  const p = parseIdentifierKey(key);
  if (!p || !CROSSMATCH_TYPES.has(p.type)) return null;
  if (p.type === 'whatsapp') {
    if (WA_NOT_ACCOUNTS.test(p.value)) return null;
    const phone = phoneFromWhatsAppJid(p.value);
    if (phone) {
      const n = normaliseIdentifier(phone, 'phone');
      if (n && n.type === 'phone') return { matchKey: n.key, type: 'phone' };
    }
  }
  return { matchKey: key, type: p.type };
}

/** Match key for a value as a person types it (`07700 900123`, an IMEI, a key). */
export function matchKeyForInput(value: string, region = 'GB'): string | null {
  const v = value.trim();
  if (!v) return null;
  if (parseIdentifierKey(v)) return matchKeyOf(v)?.matchKey ?? null;
  const digits = v.replace(/[\s\-/.]/g, '');
  // 15 digits passing the Luhn check read as an IMEI; anything else goes through auto-detection
  const n =
    /^\d{15}$/.test(digits) && normaliseIdentifier(digits, 'imei')?.type === 'imei'
      ? normaliseIdentifier(digits, 'imei')
      : normaliseIdentifier(v, 'auto', { region });
  return n ? (matchKeyOf(n.key)?.matchKey ?? null) : null;
}

const MAX_NAMES = 5;
const CHUNK = 400;

interface Agg {
  matchKey: string;
  type: string;
  keys: Set<string>;
  roles: Set<string>;
  names: Set<string>;
  messages: number;
  calls: number;
  contacts: number;
  first: number | null;
  last: number | null;
}

function minN(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
function maxN(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** The index rows of one device, computed from its identifier activity, device identifiers and names. */
export async function crossmatchRowsForDevice(
  store: Store,
  caseId: string,
  deviceId: string,
): Promise<CrossmatchIndexTable[]> {
  const aggs = new Map<string, Agg>();
  const agg = (key: string): Agg | null => {
    const m = matchKeyOf(key);
    if (!m) return null;
    let a = aggs.get(m.matchKey);
    if (!a) {
      a = {
        matchKey: m.matchKey,
        type: m.type,
        keys: new Set(),
        roles: new Set(),
        names: new Set(),
        messages: 0,
        calls: 0,
        contacts: 0,
        first: null,
        last: null,
      };
      aggs.set(m.matchKey, a);
    }
    a.keys.add(key);
    return a;
  };

  const activity = await store.db
    .selectFrom('identifier_activity')
    .select((eb) => [
      'key',
      'kind',
      eb.fn.sum<number>('count').as('n'),
      eb.fn.min<number | null>('first_at').as('first'),
      eb.fn.max<number | null>('last_at').as('last'),
    ])
    .where('case_id', '=', caseId)
    .where('device_id', '=', deviceId)
    .groupBy(['key', 'kind'])
    .execute();
  for (const r of activity) {
    const a = agg(r.key);
    if (!a) continue;
    const n = Number(r.n);
    a.roles.add(r.kind);
    if (r.kind === 'message') a.messages += n;
    else if (r.kind === 'call') a.calls += n;
    else if (r.kind === 'contact') a.contacts += n;
    if (r.kind === 'message' || r.kind === 'call') {
      a.first = minN(a.first, r.first === null ? null : Number(r.first));
      a.last = maxN(a.last, r.last === null ? null : Number(r.last));
    }
  }

  const owned = await store.db
    .selectFrom('device_identifiers')
    .select(['key', 'role'])
    .distinct()
    .where('case_id', '=', caseId)
    .where('device_id', '=', deviceId)
    .execute();
  for (const r of owned) agg(r.key)?.roles.add(r.role);

  const names = await store.db
    .selectFrom('identifier_names')
    .select(['key', 'name'])
    .distinct()
    .where('case_id', '=', caseId)
    .where('device_id', '=', deviceId)
    .orderBy('key')
    .orderBy('name')
    .execute();
  for (const r of names) {
    const a = aggs.get(matchKeyOf(r.key)?.matchKey ?? '');
    if (a && a.names.size < MAX_NAMES) a.names.add(r.name);
  }

  return [...aggs.values()]
    .sort((x, y) => (x.matchKey < y.matchKey ? -1 : x.matchKey > y.matchKey ? 1 : 0))
    .map((a) => ({
      match_key: a.matchKey,
      case_id: caseId,
      device_id: deviceId,
      type: a.type,
      keys: JSON.stringify([...a.keys].sort()),
      roles: JSON.stringify([...a.roles].sort()),
      names: JSON.stringify([...a.names]),
      messages: a.messages,
      calls: a.calls,
      contacts: a.contacts,
      first_at: a.first,
      last_at: a.last,
    }));
}

/** Replace the index rows of one device. Returns the number of identifiers indexed. */
export async function writeCrossmatchRows(
  store: Store,
  caseId: string,
  deviceId: string,
  rows: readonly CrossmatchIndexTable[],
  at = Date.now(),
): Promise<number> {
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('crossmatch_index').where('device_id', '=', deviceId).execute();
    for (let i = 0; i < rows.length; i += CHUNK)
      await trx
        .insertInto('crossmatch_index')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    await trx.deleteFrom('crossmatch_devices').where('device_id', '=', deviceId).execute();
    await trx
      .insertInto('crossmatch_devices')
      .values({ device_id: deviceId, case_id: caseId, keys: rows.length, indexed_at: at })
      .execute();
  });
  return rows.length;
}

/** Recompute one device's index rows from the item tables. */
export async function refreshCrossmatchDevice(
  store: Store,
  caseId: string,
  deviceId: string,
): Promise<CrossmatchIndexTable[]> {
  const rows = await crossmatchRowsForDevice(store, caseId, deviceId);
  await writeCrossmatchRows(store, caseId, deviceId, rows);
  return rows;
}

/** Index every device the index does not cover yet (stores from before the index, other writers). */
export async function ensureCrossmatchIndex(store: Store): Promise<number> {
  const missing = await store.db
    .selectFrom('devices')
    .leftJoin('crossmatch_devices', 'crossmatch_devices.device_id', 'devices.id')
    .select(['devices.id as id', 'devices.case_id as caseId'])
    .where('crossmatch_devices.device_id', 'is', null)
    .orderBy('devices.id')
    .execute();
  for (const d of missing) await refreshCrossmatchDevice(store, d.caseId, d.id);
  return missing.length;
}

/** Drop and rebuild the index (of one case, or of the whole store). Returns devices indexed. */
export async function rebuildCrossmatchIndex(store: Store, caseId?: string): Promise<number> {
  await store.db.transaction().execute(async (trx) => {
    let del = trx.deleteFrom('crossmatch_index');
    let delDev = trx.deleteFrom('crossmatch_devices');
    if (caseId) {
      del = del.where('case_id', '=', caseId);
      delDev = delDev.where('case_id', '=', caseId);
    }
    await del.execute();
    await delDev.execute();
  });
  return ensureCrossmatchIndex(store);
}

export interface CrossmatchWatch {
  id: string;
  caseId: string;
  key: string;
  label: string | null;
  createdBy: string;
  createdAt: number;
}

/** Watch an identifier across cases on behalf of `caseId` (typed as a person writes it, or a key). */
export async function addCrossmatchWatch(
  store: Store,
  caseId: string,
  w: { value: string; label?: string | null; createdBy: string; at?: number; region?: string },
): Promise<CrossmatchWatch> {
  const key = matchKeyForInput(w.value, w.region);
  if (!key)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `${JSON.stringify(w.value)} is not an identifier matched across cases (phone, IMEI, IMSI, ICCID, e-mail, app account)`,
    );
  const exists = await store.db
    .selectFrom('crossmatch_watches')
    .select('id')
    .where('case_id', '=', caseId)
    .where('match_key', '=', key)
    .executeTakeFirst();
  if (exists) throw new AppError(ErrorCodes.CONFLICT, `${key} is already watched by this case`);
  const row = {
    id: `xwatch_${hashParts([caseId, key]).slice(0, 24)}`,
    case_id: caseId,
    match_key: key,
    label: w.label?.trim() || null,
    created_by: w.createdBy,
    created_at: w.at ?? Date.now(),
  };
  await store.db.insertInto('crossmatch_watches').values(row).execute();
  return toWatch(row);
}

function toWatch(r: {
  id: string;
  case_id: string;
  match_key: string;
  label: string | null;
  created_by: string;
  created_at: number;
}): CrossmatchWatch {
  return {
    id: r.id,
    caseId: r.case_id,
    key: r.match_key,
    label: r.label,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  };
}

export async function listCrossmatchWatches(
  store: Store,
  caseId: string,
): Promise<CrossmatchWatch[]> {
  const rows = await store.db
    .selectFrom('crossmatch_watches')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('match_key')
    .execute();
  return rows.map(toWatch);
}

export async function removeCrossmatchWatch(
  store: Store,
  caseId: string,
  id: string,
): Promise<void> {
  const r = await store.db
    .deleteFrom('crossmatch_watches')
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0)
    throw new AppError(ErrorCodes.NOT_FOUND, 'no such cross-case watch in this case');
}

export interface CrossmatchAlert {
  id: string;
  /** The watching case. */
  caseId: string;
  watchId: string;
  matchKey: string;
  matchedCaseId: string;
  matchedDeviceId: string;
  ingestId: string | null;
  createdAt: number;
  seenAt: number | null;
  seenBy: string | null;
}

/**
 * After a device of `caseId` was (re)indexed: every identifier another case watches across cases
 * that this device holds raises one alert (once per watch, device and identifier).
 */
export async function raiseCrossmatchAlerts(
  store: Store,
  caseId: string,
  deviceId: string,
  matchKeys: ReadonlySet<string>,
  ingestId: string | null,
  at = Date.now(),
): Promise<CrossmatchAlert[]> {
  if (matchKeys.size === 0) return [];
  const watches = await store.db
    .selectFrom('crossmatch_watches')
    .select(['id', 'case_id', 'match_key'])
    .where('case_id', '<>', caseId)
    .execute();
  const out: CrossmatchAlert[] = [];
  for (const w of watches) {
    const mk = w.match_key;
    if (!matchKeys.has(mk)) continue;
    const id = `xalert_${hashParts([w.id, deviceId, mk]).slice(0, 24)}`;
    const r = await store.db
      .insertInto('crossmatch_alerts')
      .values({
        id,
        case_id: w.case_id,
        watch_id: w.id,
        match_key: mk,
        matched_case_id: caseId,
        matched_device_id: deviceId,
        ingest_id: ingestId,
        created_at: at,
        seen_at: null,
        seen_by: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) > 0)
      out.push({
        id,
        caseId: w.case_id,
        watchId: w.id,
        matchKey: mk,
        matchedCaseId: caseId,
        matchedDeviceId: deviceId,
        ingestId,
        createdAt: at,
        seenAt: null,
        seenBy: null,
      });
  }
  return out;
}

/** What the ingest runner calls after committing a device: refresh its index rows, raise alerts. */
export async function maintainCrossmatch(
  store: Store,
  caseId: string,
  deviceId: string,
  ingestId: string | null,
): Promise<{ keys: number; alerts: CrossmatchAlert[] }> {
  const rows = await refreshCrossmatchDevice(store, caseId, deviceId);
  const alerts = await raiseCrossmatchAlerts(
    store,
    caseId,
    deviceId,
    new Set(rows.map((r) => r.match_key)),
    ingestId,
  );
  return { keys: rows.length, alerts };
}

/** Alerts of a watching case, newest first. */
export async function listCrossmatchAlerts(
  store: Store,
  caseId: string,
): Promise<CrossmatchAlert[]> {
  const rows = await store.db
    .selectFrom('crossmatch_alerts')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    watchId: r.watch_id,
    matchKey: r.match_key,
    matchedCaseId: r.matched_case_id,
    matchedDeviceId: r.matched_device_id,
    ingestId: r.ingest_id,
    createdAt: Number(r.created_at),
    seenAt: r.seen_at === null ? null : Number(r.seen_at),
    seenBy: r.seen_by,
  }));
}

/** Mark a case's alerts as seen. Returns how many changed. */
export async function markCrossmatchAlertsSeen(
  store: Store,
  caseId: string,
  by: string,
  at = Date.now(),
): Promise<number> {
  const r = await store.db
    .updateTable('crossmatch_alerts')
    .set({ seen_at: at, seen_by: by })
    .where('case_id', '=', caseId)
    .where('seen_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Number of index rows (benchmarks, stats). */
export async function crossmatchIndexSize(store: Store): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM crossmatch_index`.execute(store.db);
  return Number(r.rows[0]?.n ?? 0);
}
