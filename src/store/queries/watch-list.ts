// Saved searches and watch-lists of a case. A watch entry is an identifier (a number, an account)
// or a full-text term; its hits are counted live, and hits stored since it was last checked are new.
import { randomUUID } from 'node:crypto';
import type { Store, MessageCount } from '../store.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { normaliseIdentifier, parseIdentifierKey } from '../../model/identifiers.js';
import { toFts5 } from '../fts-query.js';

export interface SavedSearch {
  id: string;
  name: string;
  query: Record<string, unknown>;
  createdBy: string;
  createdAt: number;
}

export async function listSavedSearches(store: Store, caseId: string): Promise<SavedSearch[]> {
  const rows = await store.db
    .selectFrom('saved_searches')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    query: JSON.parse(r.query) as Record<string, unknown>,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  }));
}

export async function saveSearch(
  store: Store,
  caseId: string,
  s: { name: string; query: Record<string, unknown>; createdBy: string; at?: number },
): Promise<SavedSearch> {
  const row = {
    id: `srch_${randomUUID()}`,
    case_id: caseId,
    name: s.name.trim(),
    query: JSON.stringify(s.query),
    created_by: s.createdBy,
    created_at: s.at ?? Date.now(),
  };
  if (!row.name) throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'a saved search needs a name');
  await store.db.insertInto('saved_searches').values(row).execute();
  return {
    id: row.id,
    name: row.name,
    query: s.query,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function deleteSavedSearch(store: Store, caseId: string, id: string): Promise<void> {
  const r = await store.db
    .deleteFrom('saved_searches')
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0)
    throw new AppError(ErrorCodes.NOT_FOUND, 'no such saved search in this case');
}

export type WatchKind = 'identifier' | 'term';

export interface WatchEntry {
  id: string;
  kind: WatchKind;
  value: string;
  label: string | null;
  createdBy: string;
  createdAt: number;
  checkedSeq: number;
  checkedAt: number | null;
  checkedBy: string | null;
}

export interface WatchHits {
  messages: MessageCount;
  /** Messages stored since the entry was last checked. */
  newMessages: MessageCount;
  /** Calls with this identifier (identifier entries only). */
  calls: number | null;
  /** Devices on which it appears (identifier entries only). */
  devices: number | null;
}

/**
 * The value to store for an entry: an identifier as typed (`07700 900123`, `+44…`, an e-mail, a
 * key) becomes its normalised key; a term must be a searchable full-text query.
 */
export function normaliseWatchValue(kind: WatchKind, value: string, region = 'GB'): string {
  const v = value.trim();
  if (!v) throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'a watch-list entry needs a value');
  if (kind === 'term') {
    if (!toFts5(v))
      throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'the term has no searchable words');
    return v;
  }
  if (parseIdentifierKey(v)) return v;
  const n = normaliseIdentifier(v, 'auto', { region });
  if (!n) throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'not an identifier');
  return n.key;
}

function toEntry(r: {
  id: string;
  kind: string;
  value: string;
  label: string | null;
  created_by: string;
  created_at: number;
  checked_seq: number;
  checked_at: number | null;
  checked_by: string | null;
}): WatchEntry {
  return {
    id: r.id,
    kind: r.kind as WatchKind,
    value: r.value,
    label: r.label,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    checkedSeq: Number(r.checked_seq),
    checkedAt: r.checked_at === null ? null : Number(r.checked_at),
    checkedBy: r.checked_by,
  };
}

export async function listWatchEntries(store: Store, caseId: string): Promise<WatchEntry[]> {
  const rows = await store.db
    .selectFrom('watch_entries')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('kind')
    .orderBy('value')
    .execute();
  return rows.map(toEntry);
}

export async function addWatchEntry(
  store: Store,
  caseId: string,
  e: { kind: WatchKind; value: string; label?: string | null; createdBy: string; at?: number },
): Promise<WatchEntry> {
  const exists = await store.db
    .selectFrom('watch_entries')
    .select('id')
    .where('case_id', '=', caseId)
    .where('kind', '=', e.kind)
    .where('value', '=', e.value)
    .executeTakeFirst();
  if (exists) throw new AppError(ErrorCodes.CONFLICT, 'already on the watch-list');
  const row = {
    id: `watch_${randomUUID()}`,
    case_id: caseId,
    kind: e.kind,
    value: e.value,
    label: e.label?.trim() || null,
    created_by: e.createdBy,
    created_at: e.at ?? Date.now(),
    checked_seq: 0,
    checked_at: null,
    checked_by: null,
  };
  await store.db.insertInto('watch_entries').values(row).execute();
  return toEntry(row);
}

export async function deleteWatchEntry(store: Store, caseId: string, id: string): Promise<void> {
  const r = await store.db
    .deleteFrom('watch_entries')
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0)
    throw new AppError(ErrorCodes.NOT_FOUND, 'no such watch-list entry in this case');
}

/** Mark every current hit of an entry as seen by `by`. */
export async function markWatchChecked(
  store: Store,
  caseId: string,
  id: string,
  by: string,
  at = Date.now(),
): Promise<WatchEntry> {
  const max = await store.db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  const r = await store.db
    .updateTable('watch_entries')
    .set({ checked_seq: Number(max?.m ?? 0), checked_at: at, checked_by: by })
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0)
    throw new AppError(ErrorCodes.NOT_FOUND, 'no such watch-list entry in this case');
  const row = await store.db
    .selectFrom('watch_entries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toEntry(row);
}

export async function watchHits(store: Store, caseId: string, e: WatchEntry): Promise<WatchHits> {
  const q = e.kind === 'term' ? { text: e.value } : { text: '', party: e.value };
  const messages = await store.countMessages(caseId, q);
  const newMessages = await store.countMessages(caseId, { ...q, minSeq: e.checkedSeq });
  if (e.kind === 'term') return { messages, newMessages, calls: null, devices: null };
  const calls = await store.db
    .selectFrom('calls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', caseId)
    .where('counterpart', '=', e.value)
    .executeTakeFirst();
  const devices = await store.db
    .selectFrom('identifier_activity')
    .select((eb) => eb.fn.count<number>('device_id').distinct().as('n'))
    .where('case_id', '=', caseId)
    .where('key', '=', e.value)
    .executeTakeFirst();
  return {
    messages,
    newMessages,
    calls: Number(calls?.n ?? 0),
    devices: Number(devices?.n ?? 0),
  };
}
