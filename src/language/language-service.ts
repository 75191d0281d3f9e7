// The language module's service API for the composition roots (CLI, server, jobs): translate a
// case (with estimate and progress), read translations side by side with their history, let a
// linguist verify or correct, manage the case glossary. Every action is recorded in the audit.
import type { Store } from '../store/store.js';
import type { AuditSink } from '../security/audit-sink.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { LangIdPool } from './langid/langid-pool.js';
import { LanguageIdentifier } from './langid/language-identifier.js';
import { createRouter, type TranslationSettings } from './engine-setup.js';
import { LayeredTranslationCache, MemoryTranslationCache } from './translation-cache.js';
import {
  StoreTranslationCache,
  correctTranslation,
  currentTranslations,
  translationHistory,
  verifyTranslation,
  type TranslationRecord,
} from './translation-store.js';
import {
  assertTarget,
  pendingTotals,
  translateCase,
  type CaseTranslationProgress,
  type CaseTranslationResult,
} from './translate-case.js';
import { estimateTranslation, type TranslationEstimate } from './estimate.js';
import {
  listGlossary,
  loadGlossary,
  removeGlossaryTerm,
  upsertGlossaryTerms,
  type GlossaryEntry,
  type NewGlossaryTerm,
} from './glossary/glossary-store.js';
import { ENGINES } from './engines/index.js';

export interface LanguageServiceOptions {
  store: Store;
  audit: AuditSink;
  translation: TranslationSettings;
  networkAllowed: boolean;
  dataDir: string;
  /** Clock (tests). */
  now?: () => number;
  fetch?: typeof fetch;
}

export interface TranslateCaseRequest {
  target?: string;
  /** Use only this engine. */
  engine?: string;
  redetect?: boolean;
  batchSize?: number;
  onProgress?: (p: CaseTranslationProgress) => void;
  signal?: AbortSignal;
}

export class LanguageService {
  private readonly now: () => number;
  private pool: LangIdPool | null = null;

  constructor(private readonly o: LanguageServiceOptions) {
    this.now = o.now ?? Date.now;
  }

  private checkEngine(name: string | undefined): void {
    if (name && !ENGINES.some((e) => e.name === name))
      throw new AppError(
        ErrorCodes.INVALID_ARGUMENT,
        `unknown engine ${JSON.stringify(name)}; available: ${ENGINES.map((e) => e.name).join(', ')}`,
      );
  }

  private async router(caseId: string, engine?: string) {
    const glossary = await loadGlossary(this.o.store.db, caseId);
    const router = createRouter({
      settings: this.o.translation,
      networkAllowed: this.o.networkAllowed,
      dataDir: this.o.dataDir,
      only: engine,
      cache: new LayeredTranslationCache(
        new MemoryTranslationCache(),
        new StoreTranslationCache(this.o.store.db, caseId),
      ),
      glossary,
      fetch: this.o.fetch,
    });
    return { router, glossary };
  }

  /** What a translation of the case would involve, before starting it. */
  async estimate(
    caseId: string,
    req: { target?: string; engine?: string; redetect?: boolean } = {},
  ): Promise<TranslationEstimate> {
    this.checkEngine(req.engine);
    const target = assertTarget(req.target ?? this.o.translation.target);
    const totals = await pendingTotals(this.o.store, caseId, target, req.redetect ?? false);
    const { router } = await this.router(caseId, req.engine);
    try {
      return await estimateTranslation({
        lines: totals.lines,
        chars: totals.chars,
        sample: totals.sample,
        target,
        identifier: await LanguageIdentifier.create(),
        router,
        workers: this.o.translation.workers ?? 2,
      });
    } finally {
      await router.close();
    }
  }

  async translateCase(
    caseId: string,
    actor: string,
    req: TranslateCaseRequest = {},
  ): Promise<CaseTranslationResult> {
    this.checkEngine(req.engine);
    const target = assertTarget(req.target ?? this.o.translation.target);
    const { router, glossary } = await this.router(caseId, req.engine);
    this.pool ??= new LangIdPool({ workers: this.o.translation.workers ?? 2 });
    let result: CaseTranslationResult | undefined;
    try {
      result = await translateCase({
        store: this.o.store,
        caseId,
        target,
        router,
        langid: this.pool,
        glossary,
        actor,
        batchSize: req.batchSize,
        redetect: req.redetect,
        onProgress: req.onProgress,
        signal: req.signal,
        now: this.now,
      });
      return result;
    } finally {
      await router.close();
      await this.o.audit.record({
        actor,
        action: 'translation.run',
        caseId,
        outcome: result ? 'success' : 'error',
        details: result
          ? {
              jobId: result.jobId,
              status: result.status,
              target,
              lines: result.lines,
              translated: result.translated,
              errors: result.errors,
              engines: result.engines,
            }
          : { target },
        origin: 'language-service',
      });
    }
  }

  /** Current translations of messages, for showing original and translation side by side. */
  async translations(
    caseId: string,
    messageIds: readonly string[],
    target?: string,
  ): Promise<Map<string, TranslationRecord>> {
    return currentTranslations(this.o.store.db, caseId, messageIds, target);
  }

  /** Every version of a message's translation (machine output, corrections), oldest first. */
  async history(caseId: string, messageId: string): Promise<TranslationRecord[]> {
    return translationHistory(this.o.store.db, caseId, messageId);
  }

  async verify(caseId: string, translationId: string, actor: string): Promise<TranslationRecord> {
    const r = await verifyTranslation(this.o.store, caseId, translationId, actor, this.now());
    await this.o.audit.record({
      actor,
      action: 'translation.verify',
      caseId,
      objects: [translationId, r.messageId],
      outcome: 'success',
    });
    return r;
  }

  async correct(
    caseId: string,
    translationId: string,
    text: string,
    actor: string,
    note?: string,
  ): Promise<TranslationRecord> {
    const r = await correctTranslation(
      this.o.store,
      caseId,
      translationId,
      text,
      actor,
      this.now(),
      note ?? null,
    );
    await this.o.audit.record({
      actor,
      action: 'translation.correct',
      caseId,
      objects: [translationId, r.id, r.messageId],
      outcome: 'success',
    });
    return r;
  }

  async glossary(caseId: string): Promise<GlossaryEntry[]> {
    return listGlossary(this.o.store.db, caseId);
  }

  async addGlossaryTerms(
    caseId: string,
    terms: readonly NewGlossaryTerm[],
    actor: string,
  ): Promise<GlossaryEntry[]> {
    const out = await upsertGlossaryTerms(this.o.store.db, caseId, terms, actor, this.now());
    await this.o.audit.record({
      actor,
      action: 'glossary.add',
      caseId,
      outcome: 'success',
      details: { terms: out.length },
    });
    return out;
  }

  async removeGlossaryTerm(caseId: string, term: string, actor: string): Promise<boolean> {
    const removed = await removeGlossaryTerm(this.o.store.db, caseId, term);
    await this.o.audit.record({
      actor,
      action: 'glossary.remove',
      caseId,
      outcome: removed ? 'success' : 'error',
      details: { removed },
    });
    if (!removed)
      throw new AppError(
        ErrorCodes.NOT_FOUND,
        `no glossary term ${JSON.stringify(term)} in this case`,
      );
    return removed;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}
