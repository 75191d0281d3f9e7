// Translations in the case store: every version kept (machine output, linguist corrections), the
// current one flagged, each with its provenance (engine, model and hash, source-text hash, glossary,
// who and when) and review state. Also the per-case translation cache table.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, TranslationsTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { makeId } from '../model/ids.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import type { CachedTranslation, TranslationCache } from './translation-cache.js';
import type { AppliedTerm } from './glossary/glossary.js';
import { sourceHash } from './normalise-text.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface TranslationRecord {
  id: string;
  messageId: string;
  version: number;
  current: boolean;
  /** `machine` (an engine produced it) or `human` (a linguist's correction). */
  kind: 'machine' | 'human';
  sourceLanguage: string;
  targetLanguage: string;
  text: string;
  engine: string | null;
  model: string | null;
  modelHash: string | null;
  sourceSha256: string;
  glossary: AppliedTerm[];
  warnings: string[];
  createdAt: number;
  createdBy: string;
  verifiedBy: string | null;
  verifiedAt: number | null;
  supersedes: string | null;
  note: string | null;
}

export function toRecord(r: TranslationsTable): TranslationRecord {
  return {
    id: r.id,
    messageId: r.message_id,
    version: Number(r.version),
    current: Number(r.current) === 1,
    kind: r.kind === 'human' ? 'human' : 'machine',
    sourceLanguage: r.source_language,
    targetLanguage: r.target_language,
    text: r.text,
    engine: r.engine,
    model: r.model,
    modelHash: r.model_hash,
    sourceSha256: r.source_sha256,
    glossary: JSON.parse(r.glossary) as AppliedTerm[],
    warnings: JSON.parse(r.warnings) as string[],
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    verifiedBy: r.verified_by,
    verifiedAt: r.verified_at === null ? null : Number(r.verified_at),
    supersedes: r.supersedes,
    note: r.note,
  };
}

export function translationId(
  caseId: string,
  messageId: string,
  target: string,
  version: number,
): string {
  return makeId('translation', [caseId, messageId, target, version]);
}

const CHUNK = 400;

async function insertChunked<T extends keyof Database>(
  db: Db,
  table: T,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await (db as Kysely<any>)
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export interface NewMachineTranslation {
  messageId: string;
  sourceText: string;
  sourceLanguage: string;
  targetLanguage: string;
  text: string;
  engine: string;
  model: string;
  modelHash: string | null;
  glossaryHash: string | null;
  glossary: AppliedTerm[];
  warnings: string[];
}

/**
 * Store machine translations as version 1 (or the next version when the message already has one,
 * e.g. after retranslating with another engine); the newest becomes current.
 */
export async function insertMachineTranslations(
  db: Db,
  caseId: string,
  items: readonly NewMachineTranslation[],
  meta: { actor: string; at: number; jobId: string | null },
): Promise<void> {
  if (!items.length) return;
  const existing = new Map<string, number>();
  for (let i = 0; i < items.length; i += CHUNK) {
    const ids = items.slice(i, i + CHUNK).map((x) => x.messageId);
    const rows = await db
      .selectFrom('translations')
      .select(['message_id', 'target_language'])
      .select((eb) => eb.fn.max('version').as('v'))
      .where('case_id', '=', caseId)
      .where('message_id', 'in', ids)
      .groupBy(['message_id', 'target_language'])
      .execute();
    for (const r of rows) existing.set(`${r.message_id}|${r.target_language}`, Number(r.v));
  }
  const superseded = items.filter((x) => existing.has(`${x.messageId}|${x.targetLanguage}`));
  for (const x of superseded)
    await db
      .updateTable('translations')
      .set({ current: 0 })
      .where('case_id', '=', caseId)
      .where('message_id', '=', x.messageId)
      .where('target_language', '=', x.targetLanguage)
      .execute();
  const rows = items.map((x) => {
    const prev = existing.get(`${x.messageId}|${x.targetLanguage}`) ?? 0;
    const version = prev + 1;
    return {
      id: translationId(caseId, x.messageId, x.targetLanguage, version),
      case_id: caseId,
      message_id: x.messageId,
      version,
      current: 1,
      kind: 'machine',
      source_language: x.sourceLanguage,
      target_language: x.targetLanguage,
      text: x.text,
      engine: x.engine,
      model: x.model,
      model_hash: x.modelHash,
      source_sha256: sourceHash(x.sourceText),
      glossary_hash: x.glossaryHash,
      glossary: JSON.stringify(x.glossary),
      warnings: JSON.stringify(x.warnings),
      created_at: meta.at,
      created_by: meta.actor,
      verified_by: null,
      verified_at: null,
      supersedes: prev ? translationId(caseId, x.messageId, x.targetLanguage, prev) : null,
      note: null,
      job_id: meta.jobId,
    };
  });
  await insertChunked(db, 'translations', rows);
}

/** Current translations of some messages (for one target, or all targets). */
export async function currentTranslations(
  db: Db,
  caseId: string,
  messageIds: readonly string[],
  target?: string,
): Promise<Map<string, TranslationRecord>> {
  const out = new Map<string, TranslationRecord>();
  for (let i = 0; i < messageIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('translations')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('message_id', 'in', messageIds.slice(i, i + CHUNK))
      .where('current', '=', 1)
      .$if(target !== undefined, (q) => q.where('target_language', '=', target!))
      .orderBy('message_id')
      .orderBy('target_language')
      .execute();
    for (const r of rows) if (!out.has(r.message_id)) out.set(r.message_id, toRecord(r));
  }
  return out;
}

/** Every version of a message's translations, oldest first. */
export async function translationHistory(
  db: Db,
  caseId: string,
  messageId: string,
): Promise<TranslationRecord[]> {
  const rows = await db
    .selectFrom('translations')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('message_id', '=', messageId)
    .orderBy('target_language')
    .orderBy('version')
    .execute();
  return rows.map(toRecord);
}

async function requireTranslation(db: Db, caseId: string, id: string): Promise<TranslationsTable> {
  const row = await db
    .selectFrom('translations')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw new AppError(ErrorCodes.NOT_FOUND, `no translation ${id} in this case`, {
      translationId: id,
    });
  return row;
}

/** A linguist confirms a translation as correct (kept on the same version, with who and when). */
export async function verifyTranslation(
  store: Store,
  caseId: string,
  id: string,
  actor: string,
  at: number,
): Promise<TranslationRecord> {
  const row = await requireTranslation(store.db, caseId, id);
  if (Number(row.current) !== 1)
    throw new AppError(
      ErrorCodes.CONFLICT,
      `translation ${id} is not the current version; verify the current one`,
      { translationId: id },
    );
  await store.db
    .updateTable('translations')
    .set({ verified_by: actor, verified_at: at })
    .where('id', '=', id)
    .execute();
  return toRecord({ ...row, verified_by: actor, verified_at: at });
}

/**
 * A linguist replaces a translation with a correction: a new `human` version becomes current,
 * verified by its author; the version it corrects is kept. The search index follows the new text.
 */
export async function correctTranslation(
  store: Store,
  caseId: string,
  id: string,
  text: string,
  actor: string,
  at: number,
  note: string | null = null,
): Promise<TranslationRecord> {
  const trimmed = text.trim();
  if (!trimmed) throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'a correction cannot be empty');
  const prev = await requireTranslation(store.db, caseId, id);
  if (Number(prev.current) !== 1)
    throw new AppError(
      ErrorCodes.CONFLICT,
      `translation ${id} is not the current version; correct the current one`,
      { translationId: id },
    );
  const last = await store.db
    .selectFrom('translations')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('case_id', '=', caseId)
    .where('message_id', '=', prev.message_id)
    .where('target_language', '=', prev.target_language)
    .executeTakeFirst();
  const version = Number(last?.v ?? prev.version) + 1;
  const row: TranslationsTable = {
    ...prev,
    id: translationId(caseId, prev.message_id, prev.target_language, version),
    version,
    current: 1,
    kind: 'human',
    text: trimmed,
    engine: null,
    model: null,
    model_hash: null,
    warnings: '[]',
    created_at: at,
    created_by: actor,
    verified_by: actor,
    verified_at: at,
    supersedes: prev.id,
    note,
    job_id: null,
  };
  await store.db.transaction().execute(async (trx) => {
    await trx.updateTable('translations').set({ current: 0 }).where('id', '=', prev.id).execute();
    await trx.insertInto('translations').values(row).execute();
  });
  await store.indexTranslations([{ messageId: prev.message_id, text: trimmed }]);
  return toRecord(row);
}

/** The translation cache kept in the case store (survives restarts; per case, like all case data). */
export class StoreTranslationCache implements TranslationCache {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly caseId: string,
  ) {}

  async getMany(keys: readonly string[]): Promise<Map<string, CachedTranslation>> {
    const out = new Map<string, CachedTranslation>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('translation_cache')
        .select(['key', 'text', 'model'])
        .where('case_id', '=', this.caseId)
        .where('key', 'in', keys.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) out.set(r.key, { text: r.text, model: r.model });
    }
    return out;
  }

  async putMany(
    entries: ReadonlyArray<{
      key: string;
      value: CachedTranslation;
      engine: string;
      source: string;
      target: string;
    }>,
  ): Promise<void> {
    const rows = entries.map((e) => ({
      case_id: this.caseId,
      key: e.key,
      engine: e.engine,
      model: e.value.model,
      source_language: e.source,
      target_language: e.target,
      text: e.value.text,
    }));
    for (let i = 0; i < rows.length; i += CHUNK)
      await this.db
        .insertInto('translation_cache')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) => oc.columns(['case_id', 'key']).doNothing())
        .execute();
  }
}

export { sql };
