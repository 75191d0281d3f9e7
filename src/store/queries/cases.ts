// Case records: create, find by reference, list, update status and marking.
import type { Store } from '../store.js';
import type { CasesTable } from '../schema.js';
import { caseIdFor } from '../../model/ids.js';
import { AppError, ErrorCodes } from '../../model/errors.js';
import { DEFAULT_MARKING } from '../../model/entities.js';

export const CASE_STATUSES = ['live', 'closed', 'under-review'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseRecord {
  id: string;
  ref: string;
  title: string | null;
  marking: string;
  status: CaseStatus;
  crimeTypes: string[];
  description: string | null;
  createdAt: number;
  /** Officer in charge of the case (name and how to reach them). */
  owner: string | null;
  /** Supervisor of the case: who a user from another case contacts about a crossover. */
  supervisor: string | null;
}

export function toCaseRecord(r: CasesTable): CaseRecord {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    marking: r.marking,
    status: r.status as CaseStatus,
    crimeTypes: JSON.parse(r.crime_types) as string[],
    description: r.description,
    createdAt: Number(r.created_at),
    owner: r.owner ?? null,
    supervisor: r.supervisor ?? null,
  };
}

export interface NewCase {
  ref: string;
  title?: string | null;
  marking?: string;
  status?: CaseStatus;
  crimeTypes?: string[];
  description?: string | null;
  createdAt?: number;
  owner?: string | null;
  supervisor?: string | null;
}

const REF_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

export async function createCase(store: Store, c: NewCase): Promise<CaseRecord> {
  const ref = c.ref.trim();
  if (!REF_RE.test(ref)) {
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `case reference ${JSON.stringify(c.ref)} must be 1-64 letters, digits, '.', '_', '-' or '/'`,
    );
  }
  const existing = await findCase(store, ref);
  if (existing)
    throw new AppError(ErrorCodes.CONFLICT, `case ${ref} already exists`, { caseRef: ref });
  if (c.status !== undefined && !CASE_STATUSES.includes(c.status))
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `status must be one of ${CASE_STATUSES.join(', ')}`,
    );
  const row: CasesTable = {
    id: caseIdFor(ref),
    ref,
    title: c.title ?? null,
    marking: c.marking ?? DEFAULT_MARKING,
    status: c.status ?? 'live',
    crime_types: JSON.stringify(c.crimeTypes ?? []),
    description: c.description ?? null,
    created_at: c.createdAt ?? Date.now(),
    owner: c.owner?.trim() || null,
    supervisor: c.supervisor?.trim() || null,
  };
  await store.db.insertInto('cases').values(row).execute();
  return toCaseRecord(row);
}

export async function findCase(store: Store, refOrId: string): Promise<CaseRecord | null> {
  const r = await store.db
    .selectFrom('cases')
    .selectAll()
    .where((eb) => eb.or([eb('ref', '=', refOrId), eb('id', '=', refOrId)]))
    .executeTakeFirst();
  return r ? toCaseRecord(r) : null;
}

export async function requireCase(store: Store, refOrId: string): Promise<CaseRecord> {
  const c = await findCase(store, refOrId);
  if (!c)
    throw new AppError(ErrorCodes.NOT_FOUND, `no case ${JSON.stringify(refOrId)}`, {
      caseRef: refOrId,
    });
  return c;
}

export async function listCases(store: Store): Promise<CaseRecord[]> {
  const rows = await store.db.selectFrom('cases').selectAll().orderBy('ref').execute();
  return rows.map(toCaseRecord);
}

export async function updateCase(
  store: Store,
  id: string,
  patch: Partial<
    Pick<
      NewCase,
      'title' | 'marking' | 'status' | 'crimeTypes' | 'description' | 'owner' | 'supervisor'
    >
  >,
): Promise<void> {
  const set: Partial<CasesTable> = {};
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.marking !== undefined) set.marking = patch.marking;
  if (patch.status !== undefined) {
    if (!CASE_STATUSES.includes(patch.status))
      throw new AppError(
        ErrorCodes.INVALID_ARGUMENT,
        `status must be one of ${CASE_STATUSES.join(', ')}`,
      );
    set.status = patch.status;
  }
  if (patch.crimeTypes !== undefined) set.crime_types = JSON.stringify(patch.crimeTypes);
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.owner !== undefined) set.owner = patch.owner?.trim() || null;
  if (patch.supervisor !== undefined) set.supervisor = patch.supervisor?.trim() || null;
  if (Object.keys(set).length)
    await store.db.updateTable('cases').set(set).where('id', '=', id).execute();
}
