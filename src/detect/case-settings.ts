// Per-case detection settings an analyst edits: lexicon terms added or removed for this case (slang
// drifts, local code words) and ages supplied for the case (from records, never inferred from a
// name or an image). Both are read at the next analysis and recorded with who and when.
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { hashParts } from '../model/ids.js';
import { normaliseIdentifier, parseIdentifierKey } from '../model/identifiers.js';
import { CRIME_TYPES, type CrimeType } from './rule.js';
import { loadLexicon } from './lexicon.js';

export interface LexiconTermRecord {
  id: string;
  crime: string;
  indicator: string;
  term: string;
  action: 'add' | 'remove';
  note: string | null;
  createdBy: string;
  createdAt: number;
}

export interface AgeRecord {
  key: string;
  years: number;
  note: string | null;
  createdBy: string;
  createdAt: number;
}

export async function addLexiconTerm(
  store: Store,
  caseId: string,
  input: {
    crime: string;
    indicator: string;
    term: string;
    action: 'add' | 'remove';
    note?: string;
  },
  actor: { id: string },
  now = Date.now(),
): Promise<LexiconTermRecord> {
  if (!(CRIME_TYPES as readonly string[]).includes(input.crime))
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `crime must be one of ${CRIME_TYPES.join(', ')}`,
      { fields: ['crime'] },
    );
  const lex = loadLexicon(input.crime as CrimeType);
  if (!lex.indicators.includes(input.indicator))
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `indicator must be one of ${lex.indicators.join(', ')} for ${input.crime}`,
      { fields: ['indicator'] },
    );
  const term = input.term.trim();
  if (!term || term.length > 200)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'term must be 1-200 characters', {
      fields: ['term'],
    });
  const rec: LexiconTermRecord = {
    id: `lex_${hashParts(['lexicon', caseId, input.crime, input.indicator, term, input.action, now]).slice(0, 24)}`,
    crime: input.crime,
    indicator: input.indicator,
    term,
    action: input.action,
    note: input.note?.trim() || null,
    createdBy: actor.id,
    createdAt: now,
  };
  await store.db
    .insertInto('detect_lexicon_terms')
    .values({
      id: rec.id,
      case_id: caseId,
      crime: rec.crime,
      indicator: rec.indicator,
      term: rec.term,
      action: rec.action,
      note: rec.note,
      created_by: rec.createdBy,
      created_at: rec.createdAt,
    })
    .execute();
  return rec;
}

export async function listLexiconTerms(store: Store, caseId: string): Promise<LexiconTermRecord[]> {
  return (
    await store.db
      .selectFrom('detect_lexicon_terms')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((r) => ({
    id: r.id,
    crime: r.crime,
    indicator: r.indicator,
    term: r.term,
    action: r.action === 'remove' ? 'remove' : 'add',
    note: r.note,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  }));
}

/** Records a party's age for the case (an identifier key, or a number as written). */
export async function setAge(
  store: Store,
  caseId: string,
  identifier: string,
  years: number,
  note: string | null,
  actor: { id: string },
  now = Date.now(),
): Promise<AgeRecord> {
  const key = parseIdentifierKey(identifier)
    ? identifier
    : normaliseIdentifier(identifier, 'auto')?.key;
  if (!key)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'not an identifier', {
      fields: ['identifier'],
    });
  if (!Number.isInteger(years) || years < 0 || years > 120)
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'age must be a whole number of years, 0-120', {
      fields: ['years'],
    });
  const rec: AgeRecord = {
    key,
    years,
    note: note?.trim() || null,
    createdBy: actor.id,
    createdAt: now,
  };
  await store.db
    .deleteFrom('detect_ages')
    .where('case_id', '=', caseId)
    .where('key', '=', key)
    .execute();
  await store.db
    .insertInto('detect_ages')
    .values({ case_id: caseId, key, years, note: rec.note, created_by: actor.id, created_at: now })
    .execute();
  return rec;
}

export async function listAges(store: Store, caseId: string): Promise<AgeRecord[]> {
  return (
    await store.db
      .selectFrom('detect_ages')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('key')
      .execute()
  ).map((r) => ({
    key: r.key,
    years: Number(r.years),
    note: r.note,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  }));
}
