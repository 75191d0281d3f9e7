// Translating a whole case: identify every message's language, translate the foreign ones through
// the router, and store detections, translations (with provenance) and per-message errors in one
// transaction per batch, with the search index updated in the same transaction. The job is
// resumable: a rerun picks up exactly the messages that have no result yet, so a killed job
// neither translates anything twice nor loses anything.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import type { LangIdPool } from './langid/langid-pool.js';
import { UNDETERMINED, type LanguageGuess } from './langid/language-identifier.js';
import type { TranslationRouter } from './translation-router.js';
import { insertMachineTranslations, type NewMachineTranslation } from './translation-store.js';
import { baseLanguage } from './translator.js';
import type { Glossary } from './glossary/glossary.js';

export const DETECTOR_ID = 'threadline-langid/1';

export interface CaseTranslationProgress {
  phase: 'estimating' | 'translating' | 'done';
  linesDone: number;
  linesTotal: number;
  charsDone: number;
  charsTotal: number;
  translated: number;
  cacheHits: number;
  errors: number;
  elapsedMs: number;
  linesPerSecond: number;
  charsPerSecond: number;
}

export interface TranslateCaseOptions {
  store: Store;
  caseId: string;
  target: string;
  router: TranslationRouter;
  langid: LangIdPool;
  glossary?: Glossary;
  actor: string;
  /** Messages per batch (one transaction each; default 1000). */
  batchSize?: number;
  /** Below this identification confidence a message is not translated (default 0: the identifier already says `und`). */
  minConfidence?: number;
  /** Re-identify languages already identified. */
  redetect?: boolean;
  onProgress?: (p: CaseTranslationProgress) => void;
  signal?: AbortSignal;
  /** Clock (tests). */
  now?: () => number;
}

export interface CaseTranslationResult {
  jobId: string;
  status: 'done' | 'interrupted';
  lines: number;
  chars: number;
  detected: number;
  translated: number;
  sameLanguage: number;
  undetermined: number;
  errors: number;
  cacheHits: number;
  byLanguage: Record<string, number>;
  errorCodes: Record<string, number>;
  engines: Record<string, number>;
  engineStates: Record<string, string>;
  elapsedMs: number;
}

interface PendingMessage {
  id: string;
  body: string;
  language: string | null;
}

/** Whether a message in `language` needs translating into `target`. */
export function needsTranslation(language: string, target: string): boolean {
  return (
    language !== UNDETERMINED &&
    language !== target &&
    !(baseLanguage(language) === baseLanguage(target) && !language.includes('-Latn'))
  );
}

/** Messages with no result yet for this target, in id order after `after`. */
async function nextPending(
  store: Store,
  caseId: string,
  target: string,
  after: string | null,
  limit: number,
  redetect: boolean,
): Promise<{ rows: PendingMessage[]; last: string | null }> {
  // A message's text is its body or, for a voice note, its current transcript (migration 0060).
  const text = sql<string | null>`coalesce(nullif(m.body, ''), t.text)`;
  const rows = await store.db
    .selectFrom('messages as m')
    .leftJoin('language_detections as d', 'd.message_id', 'm.id')
    .leftJoin('transcripts as t', (j) =>
      j.onRef('t.message_id', '=', 'm.id').on('t.current', '=', 1).on('t.case_id', '=', caseId),
    )
    .select(['m.id as id', text.as('body'), 'd.language as language'])
    .where('m.case_id', '=', caseId)
    .where(text, 'is not', null)
    .where(text, '!=', '')
    .$if(after !== null, (q) => q.where('m.id', '>', after!))
    .orderBy('m.id')
    .limit(limit)
    .execute();
  const last = rows.length ? rows[rows.length - 1]!.id : null;
  const candidates = rows.filter(
    (r) => redetect || r.language === null || needsTranslation(r.language, target),
  );
  if (!candidates.length) return { rows: [], last };
  const done = new Set(
    (
      await store.db
        .selectFrom('translations')
        .select('message_id')
        .where('case_id', '=', caseId)
        .where('target_language', '=', target)
        .where('current', '=', 1)
        .where(
          'message_id',
          'in',
          candidates.map((c) => c.id),
        )
        .execute()
    ).map((r) => r.message_id),
  );
  return {
    rows: candidates
      .filter((c) => redetect || c.language === null || !done.has(c.id))
      .map((c) => ({ id: c.id, body: c.body ?? '', language: redetect ? null : c.language })),
    last,
  };
}

/** Lines and characters still to do (for the estimate and the progress bar). */
export async function pendingTotals(
  store: Store,
  caseId: string,
  target: string,
  redetect = false,
): Promise<{ lines: number; chars: number; sample: string[] }> {
  let after: string | null = null;
  let lines = 0;
  let chars = 0;
  const sample: string[] = [];
  for (;;) {
    const page = await nextPending(store, caseId, target, after, 5000, redetect);
    for (const r of page.rows) {
      lines++;
      chars += r.body.length;
      if (sample.length < 2000 && (lines % 7 === 1 || sample.length < 200)) sample.push(r.body);
    }
    if (page.last === null) break;
    after = page.last;
  }
  return { lines, chars, sample };
}

export async function translateCase(o: TranslateCaseOptions): Promise<CaseTranslationResult> {
  const now = o.now ?? Date.now;
  const t0 = performance.now();
  const jobId = randomUUID();
  const batchSize = o.batchSize ?? 1000;
  const { store, caseId, target } = o;
  await store.db
    .insertInto('translation_jobs')
    .values({
      id: jobId,
      case_id: caseId,
      target_language: target,
      status: 'running',
      engines: JSON.stringify([]),
      actor: o.actor,
      started_at: now(),
      finished_at: null,
      counts: '{}',
      error: null,
    })
    .execute();

  const totals = await pendingTotals(store, caseId, target, o.redetect ?? false);
  const r: CaseTranslationResult = {
    jobId,
    status: 'done',
    lines: 0,
    chars: 0,
    detected: 0,
    translated: 0,
    sameLanguage: 0,
    undetermined: 0,
    errors: 0,
    cacheHits: 0,
    byLanguage: {},
    errorCodes: {},
    engines: {},
    engineStates: {},
    elapsedMs: 0,
  };
  const progress = (phase: CaseTranslationProgress['phase']) => {
    const elapsedMs = performance.now() - t0;
    o.onProgress?.({
      phase,
      linesDone: r.lines,
      linesTotal: totals.lines,
      charsDone: r.chars,
      charsTotal: totals.chars,
      translated: r.translated,
      cacheHits: r.cacheHits,
      errors: r.errors,
      elapsedMs,
      linesPerSecond: elapsedMs > 0 ? (r.lines * 1000) / elapsedMs : 0,
      charsPerSecond: elapsedMs > 0 ? (r.chars * 1000) / elapsedMs : 0,
    });
  };
  progress('translating');

  let after: string | null = null;
  try {
    for (;;) {
      if (o.signal?.aborted) {
        r.status = 'interrupted';
        break;
      }
      const page = await nextPending(store, caseId, target, after, batchSize, o.redetect ?? false);
      if (page.last === null) break;
      after = page.last;
      if (!page.rows.length) continue;
      await processBatch(o, page.rows, jobId, r, now);
      progress('translating');
    }
  } catch (e) {
    await store.db
      .updateTable('translation_jobs')
      .set({
        status: 'failed',
        finished_at: now(),
        counts: JSON.stringify(r),
        error: (e as Error).message,
      })
      .where('id', '=', jobId)
      .execute();
    throw e;
  }
  r.engineStates = o.router.engineStates();
  r.elapsedMs = performance.now() - t0;
  await store.db
    .updateTable('translation_jobs')
    .set({
      status: r.status,
      finished_at: now(),
      engines: JSON.stringify(Object.keys(r.engines).sort()),
      counts: JSON.stringify({ ...r, elapsedMs: undefined, engineStates: undefined }),
    })
    .where('id', '=', jobId)
    .execute();
  progress('done');
  return r;
}

async function processBatch(
  o: TranslateCaseOptions,
  rows: PendingMessage[],
  jobId: string,
  r: CaseTranslationResult,
  now: () => number,
): Promise<void> {
  const { store, caseId, target } = o;
  const toDetect = rows.filter((m) => m.language === null);
  const guesses = await o.langid.identifyMany(toDetect.map((m) => m.body));
  const detections = new Map<string, LanguageGuess>();
  toDetect.forEach((m, i) => detections.set(m.id, guesses[i]!));
  const langOf = (m: PendingMessage) => m.language ?? detections.get(m.id)!.language;

  const items = rows
    .filter((m) => {
      const lang = langOf(m);
      if (lang === UNDETERMINED) return false;
      const g = detections.get(m.id);
      if (g && o.minConfidence && g.confidence < o.minConfidence) return false;
      return needsTranslation(lang, target);
    })
    .map((m) => ({ id: m.id, text: m.body, source: langOf(m), target }));
  const hitsBefore = o.router.stats.cacheHits;
  const outcomes = await o.router.translate(items, o.signal);
  r.cacheHits += o.router.stats.cacheHits - hitsBefore;

  const bodies = new Map(rows.map((m) => [m.id, m.body]));
  const translations: NewMachineTranslation[] = [];
  const errors: Array<{ id: string; code: string; message: string; tried: string[] }> = [];
  for (const out of outcomes) {
    if (out.ok) {
      translations.push({
        messageId: out.id,
        sourceText: bodies.get(out.id)!,
        sourceLanguage: items.find((i) => i.id === out.id)!.source,
        targetLanguage: target,
        text: out.text,
        engine: out.engine,
        model: out.model,
        modelHash: out.modelHash,
        glossaryHash: out.glossary.length && o.glossary ? o.glossary.hash : null,
        glossary: out.glossary,
        warnings: out.warnings,
      });
      r.engines[out.engine] = (r.engines[out.engine] ?? 0) + 1;
    } else {
      errors.push({ id: out.id, code: out.code, message: out.message, tried: out.tried });
      r.errorCodes[out.code] = (r.errorCodes[out.code] ?? 0) + 1;
    }
  }
  const at = now();
  await store.db.transaction().execute(async (trx) => {
    for (const [messageId, g] of detections) {
      const row = {
        message_id: messageId,
        case_id: caseId,
        language: g.language,
        confidence: g.confidence,
        method: g.method,
        candidate: g.candidate ?? null,
        script: g.script,
        detector: DETECTOR_ID,
      };
      await trx
        .insertInto('language_detections')
        .values(row)
        .onConflict((oc) => oc.column('message_id').doUpdateSet(row))
        .execute();
      await trx
        .updateTable('messages')
        .set({ language: g.language, language_conf: Math.round(g.confidence * 1000) / 1000 })
        .where('id', '=', messageId)
        .execute();
    }
    await insertMachineTranslations(trx, caseId, translations, { actor: o.actor, at, jobId });
    if (translations.length)
      await trx
        .deleteFrom('translation_errors')
        .where('case_id', '=', caseId)
        .where('target_language', '=', target)
        .where(
          'message_id',
          'in',
          translations.map((t) => t.messageId),
        )
        .execute();
    for (const e of errors) {
      const row = {
        case_id: caseId,
        message_id: e.id,
        target_language: target,
        code: e.code,
        message: e.message.slice(0, 2000),
        tried: JSON.stringify(e.tried),
        job_id: jobId,
        at,
      };
      await trx
        .insertInto('translation_errors')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['case_id', 'message_id', 'target_language']).doUpdateSet(row),
        )
        .execute();
    }
    // The search index follows in the same transaction (SQLite: same connection).
    await store.indexTranslations(
      translations.map((t) => ({ messageId: t.messageId, text: t.text })),
    );
  });

  for (const m of rows) {
    r.lines++;
    r.chars += m.body.length;
    const lang = langOf(m);
    r.byLanguage[lang] = (r.byLanguage[lang] ?? 0) + 1;
    if (lang === UNDETERMINED) r.undetermined++;
    else if (!needsTranslation(lang, target)) r.sameLanguage++;
  }
  r.detected += detections.size;
  r.translated += translations.length;
  r.errors += errors.length;
}

export function assertTarget(target: string): string {
  if (!/^[a-z]{2,3}(-[A-Za-z]{2,8})?$/.test(target))
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `target language ${JSON.stringify(target)} is not a BCP-47 tag like en`,
    );
  return target;
}
