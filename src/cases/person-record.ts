// Offender record: role, self-defined ethnicity (the Home Office 18+1 codes), officer-observed
// ethnicity (IC codes), nationality, date of birth or age band, each with its source. Recorded by
// people, never inferred; reported for completeness (per case and across cases, CSV for returns);
// never an input to any rule, score or ranking (a separate table that src/detect never reads).
import { z } from 'zod';
import type { Store } from '../store/store.js';
import type { PersonRecordsTable } from '../store/schema.js';
import { hashParts } from '../model/ids.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { csvRow } from '../model/csv-cell.js';

/**
 * Self-defined ethnicity, the "18+1" codes the Home Office requires police to use when a person
 * has been asked (2011 Census categories; NS = not stated). Source: Home Office / NPCC self-defined
 * ethnicity codes (see en.wikipedia.org/wiki/Self_defined_ethnicity, ONS ethnic group classification).
 */
export const SELF_DEFINED_ETHNICITY: Readonly<Record<string, string>> = {
  W1: 'White: English, Welsh, Scottish, Northern Irish or British',
  W2: 'White: Irish',
  W3: 'White: Gypsy or Irish Traveller',
  W9: 'White: any other White background',
  M1: 'Mixed: White and Black Caribbean',
  M2: 'Mixed: White and Black African',
  M3: 'Mixed: White and Asian',
  M9: 'Mixed: any other Mixed or Multiple background',
  A1: 'Asian or Asian British: Indian',
  A2: 'Asian or Asian British: Pakistani',
  A3: 'Asian or Asian British: Bangladeshi',
  A4: 'Asian or Asian British: Chinese',
  A9: 'Asian or Asian British: any other Asian background',
  B1: 'Black, Black British, Caribbean or African: Caribbean',
  B2: 'Black, Black British, Caribbean or African: African',
  B9: 'Black, Black British, Caribbean or African: any other Black background',
  O2: 'Other ethnic group: Arab',
  O9: 'Other ethnic group: any other ethnic group',
  NS: 'Not stated',
};

/**
 * Officer-observed ethnicity: the police identity (IC) codes an officer records from appearance
 * (en.wikipedia.org/wiki/IC_codes). Forces differ on the code for "unknown" (IC0 or IC9): both kept.
 */
export const OFFICER_OBSERVED_ETHNICITY: Readonly<Record<string, string>> = {
  IC1: 'White: North European',
  IC2: 'White: South European',
  IC3: 'Black',
  IC4: 'Asian',
  IC5: 'Chinese, Japanese or other South East Asian',
  IC6: 'Arab or North African',
  IC9: 'Unknown',
  IC0: 'Unknown',
};

export const PERSON_ROLES = ['suspect', 'victim', 'witness'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const AGE_BANDS = [
  '0-9',
  '10-12',
  '13-15',
  '16-17',
  '18-20',
  '21-24',
  '25-34',
  '35-44',
  '45-54',
  '55-64',
  '65+',
] as const;

/** Where a recorded value came from. */
export const RECORD_SOURCES = [
  'self-declared',
  'officer',
  'passport',
  'identity-document',
  'police-record',
  'immigration-record',
  'other',
] as const;

const code = (table: Readonly<Record<string, string>>, what: string) =>
  z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine((s) => s in table, { message: `not one of the ${what} codes` });

/** What a person records; every value goes with its source. */
export const PersonRecordInput = z
  .object({
    subject: z.string().trim().min(1).max(200),
    personId: z.string().min(1).nullable().optional(),
    role: z.enum(PERSON_ROLES),
    selfDefinedEthnicity: code(SELF_DEFINED_ETHNICITY, 'self-defined ethnicity (18+1)')
      .nullable()
      .optional(),
    selfDefinedEthnicitySource: z.enum(RECORD_SOURCES).nullable().optional(),
    officerObservedEthnicity: code(OFFICER_OBSERVED_ETHNICITY, 'officer-observed (IC)')
      .nullable()
      .optional(),
    officerObservedEthnicitySource: z.enum(RECORD_SOURCES).nullable().optional(),
    /** ISO 3166-1 alpha-2 (`GB`, `AL`), or `XX` for stateless / unknown. */
    nationality: z
      .string()
      .trim()
      .transform((s) => s.toUpperCase())
      .refine((s) => /^[A-Z]{2}$/.test(s), { message: 'an ISO 3166-1 alpha-2 code (GB, AL …)' })
      .nullable()
      .optional(),
    nationalitySource: z.enum(RECORD_SOURCES).nullable().optional(),
    dateOfBirth: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
      .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a date')
      .nullable()
      .optional(),
    ageBand: z.enum(AGE_BANDS).nullable().optional(),
    ageSource: z.enum(RECORD_SOURCES).nullable().optional(),
  })
  .strict();
export type PersonRecordInput = z.input<typeof PersonRecordInput>;

export interface PersonRecord {
  id: string;
  caseId: string;
  subject: string;
  personId: string | null;
  role: PersonRole;
  selfDefinedEthnicity: string | null;
  selfDefinedEthnicitySource: string | null;
  officerObservedEthnicity: string | null;
  officerObservedEthnicitySource: string | null;
  nationality: string | null;
  nationalitySource: string | null;
  dateOfBirth: string | null;
  ageBand: string | null;
  ageSource: string | null;
  recordedBy: string;
  recordedAt: number;
}

function toRecord(r: PersonRecordsTable): PersonRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    subject: r.subject,
    personId: r.person_id,
    role: r.role as PersonRole,
    selfDefinedEthnicity: r.self_defined_ethnicity,
    selfDefinedEthnicitySource: r.self_defined_ethnicity_source,
    officerObservedEthnicity: r.officer_observed_ethnicity,
    officerObservedEthnicitySource: r.officer_observed_ethnicity_source,
    nationality: r.nationality,
    nationalitySource: r.nationality_source,
    dateOfBirth: r.date_of_birth,
    ageBand: r.age_band,
    ageSource: r.age_source,
    recordedBy: r.recorded_by,
    recordedAt: Number(r.recorded_at),
  };
}

/**
 * Record (or update) a person's fields in a case. Fields not given are left as they were; `null`
 * clears one. A value without its source is refused: nothing is recorded without saying where it
 * came from.
 */
export async function recordPerson(
  store: Store,
  caseId: string,
  input: PersonRecordInput,
  by: string,
  at = Date.now(),
): Promise<PersonRecord> {
  const parsed = PersonRecordInput.safeParse(input);
  if (!parsed.success)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const v = parsed.data;
  const prior = await store.db
    .selectFrom('person_records')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('subject', '=', v.subject)
    .executeTakeFirst();
  const pick = <T>(x: T | undefined, old: T | null | undefined): T | null =>
    x === undefined ? (old ?? null) : (x ?? null);
  const row: PersonRecordsTable = {
    id: prior?.id ?? `prec_${hashParts([caseId, v.subject]).slice(0, 24)}`,
    case_id: caseId,
    subject: v.subject,
    person_id: pick(v.personId, prior?.person_id),
    role: v.role,
    self_defined_ethnicity: pick(v.selfDefinedEthnicity, prior?.self_defined_ethnicity),
    self_defined_ethnicity_source: pick(
      v.selfDefinedEthnicitySource,
      prior?.self_defined_ethnicity_source,
    ),
    officer_observed_ethnicity: pick(v.officerObservedEthnicity, prior?.officer_observed_ethnicity),
    officer_observed_ethnicity_source: pick(
      v.officerObservedEthnicitySource,
      prior?.officer_observed_ethnicity_source,
    ),
    nationality: pick(v.nationality, prior?.nationality),
    nationality_source: pick(v.nationalitySource, prior?.nationality_source),
    date_of_birth: pick(v.dateOfBirth, prior?.date_of_birth),
    age_band: pick(v.ageBand, prior?.age_band),
    age_source: pick(v.ageSource, prior?.age_source),
    recorded_by: by,
    recorded_at: at,
  };
  const missing: string[] = [];
  if (row.self_defined_ethnicity && !row.self_defined_ethnicity_source)
    missing.push('selfDefinedEthnicitySource');
  if (row.officer_observed_ethnicity && !row.officer_observed_ethnicity_source)
    missing.push('officerObservedEthnicitySource');
  if (row.nationality && !row.nationality_source) missing.push('nationalitySource');
  if ((row.date_of_birth || row.age_band) && !row.age_source) missing.push('ageSource');
  if (missing.length)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `say where each value came from: ${missing.join(', ')} missing`,
    );
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('person_records').where('id', '=', row.id).execute();
    await trx.insertInto('person_records').values(row).execute();
  });
  return toRecord(row);
}

export async function listPersonRecords(store: Store, caseId: string): Promise<PersonRecord[]> {
  const rows = await store.db
    .selectFrom('person_records')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('role')
    .orderBy('subject')
    .execute();
  return rows.map(toRecord);
}

export const COMPLETENESS_FIELDS = [
  'selfDefinedEthnicity',
  'officerObservedEthnicity',
  'nationality',
  'age',
] as const;
export type CompletenessField = (typeof COMPLETENESS_FIELDS)[number];

export interface CompletenessRow {
  caseRef: string;
  role: PersonRole;
  persons: number;
  /** How many have each field recorded (NS "not stated" counts as recorded: the person was asked). */
  recorded: Record<CompletenessField, number>;
}

export interface CompletenessReport {
  /** One row per case and role that has people recorded. */
  cases: CompletenessRow[];
  /** Totals across the cases, per role. */
  totals: Array<Omit<CompletenessRow, 'caseRef'>>;
  /** Counts per code across the cases, per role (what a return asks for). */
  distribution: Array<{ role: PersonRole; field: string; value: string; count: number }>;
}

/** Completeness of the recorded fields over the given cases. */
export async function completenessReport(
  store: Store,
  cases: ReadonlyArray<{ id: string; ref: string }>,
): Promise<CompletenessReport> {
  const refOf = new Map(cases.map((c) => [c.id, c.ref]));
  const rows: PersonRecordsTable[] = [];
  const ids = [...refOf.keys()];
  for (let i = 0; i < ids.length; i += 500)
    rows.push(
      ...(await store.db
        .selectFrom('person_records')
        .selectAll()
        .where('case_id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  const empty = (): Record<CompletenessField, number> => ({
    selfDefinedEthnicity: 0,
    officerObservedEthnicity: 0,
    nationality: 0,
    age: 0,
  });
  const perCase = new Map<string, CompletenessRow>();
  const totals = new Map<PersonRole, Omit<CompletenessRow, 'caseRef'>>();
  const dist = new Map<string, number>();
  for (const r of rows) {
    const role = r.role as PersonRole;
    const caseRef = refOf.get(r.case_id)!;
    const k = `${caseRef}\u0000${role}`;
    const c = perCase.get(k) ?? { caseRef, role, persons: 0, recorded: empty() };
    const t = totals.get(role) ?? { role, persons: 0, recorded: empty() };
    const has: Record<CompletenessField, boolean> = {
      selfDefinedEthnicity: r.self_defined_ethnicity !== null,
      officerObservedEthnicity: r.officer_observed_ethnicity !== null,
      nationality: r.nationality !== null,
      age: r.date_of_birth !== null || r.age_band !== null,
    };
    for (const x of [c, t]) {
      x.persons++;
      for (const f of COMPLETENESS_FIELDS) if (has[f]) x.recorded[f]++;
    }
    perCase.set(k, c);
    totals.set(role, t);
    const values: Array<[string, string | null]> = [
      ['selfDefinedEthnicity', r.self_defined_ethnicity],
      ['officerObservedEthnicity', r.officer_observed_ethnicity],
      ['nationality', r.nationality],
    ];
    for (const [field, value] of values) {
      const dk = `${role}\u0000${field}\u0000${value ?? 'not recorded'}`;
      dist.set(dk, (dist.get(dk) ?? 0) + 1);
    }
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const roleOrder = (r: string) => PERSON_ROLES.indexOf(r as PersonRole);
  return {
    cases: [...perCase.values()].sort(
      (a, b) => order(a.caseRef, b.caseRef) || roleOrder(a.role) - roleOrder(b.role),
    ),
    totals: [...totals.values()].sort((a, b) => roleOrder(a.role) - roleOrder(b.role)),
    distribution: [...dist]
      .map(([k, count]) => {
        const [role, field, value] = k.split('\u0000') as [PersonRole, string, string];
        return { role, field, value, count };
      })
      .sort(
        (a, b) =>
          roleOrder(a.role) - roleOrder(b.role) ||
          order(a.field, b.field) ||
          order(a.value, b.value),
      ),
  };
}

/** The completeness report as CSV for returns (formula-safe cells). */
export function completenessCsv(r: CompletenessReport): string {
  const lines = [
    csvRow([
      'case',
      'role',
      'persons',
      'self_defined_ethnicity_recorded',
      'officer_observed_ethnicity_recorded',
      'nationality_recorded',
      'age_recorded',
    ]),
  ];
  const row = (caseRef: string, x: Omit<CompletenessRow, 'caseRef'>) =>
    csvRow([
      caseRef,
      x.role,
      x.persons,
      x.recorded.selfDefinedEthnicity,
      x.recorded.officerObservedEthnicity,
      x.recorded.nationality,
      x.recorded.age,
    ]);
  for (const c of r.cases) lines.push(row(c.caseRef, c));
  for (const t of r.totals) lines.push(row('ALL', t));
  return lines.join('\r\n') + '\r\n';
}
