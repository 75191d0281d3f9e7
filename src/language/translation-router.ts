// The router: for each language pair, a fallback chain of engines from configuration; around the
// engines, the glossary (protect → translate → restore), the cache (identical normalised text is
// translated once) and batching. An item an engine cannot do falls to the next engine; an item no
// engine can do comes back with a typed error, and the rest of the batch carries on.
import { AppError, ErrorCodes } from '../model/errors.js';
import { Glossary, type AppliedTerm } from './glossary/glossary.js';
import { cacheKey, normaliseForTranslation } from './normalise-text.js';
import type { TranslationCache } from './translation-cache.js';
import type { EngineInfo, TranslationRequest, Translator } from './translator.js';

export interface RouteItem {
  id: string;
  text: string;
  source: string;
  target: string;
}

export type RoutedOutcome =
  | {
      id: string;
      ok: true;
      text: string;
      engine: string;
      model: string;
      modelHash: string | null;
      cached: boolean;
      glossary: AppliedTerm[];
      warnings: string[];
    }
  | { id: string; ok: false; code: string; message: string; tried: string[] };

export interface RouterOptions {
  /** Pair (`es>en`, `*>en`, `*`) → engine names in order. */
  routes: Record<string, readonly string[]>;
  /** Engines by name (opened lazily on first use). */
  engines: ReadonlyMap<string, Translator>;
  /** Chain used when no route matches. */
  defaultChain: readonly string[];
  cache?: TranslationCache;
  glossary?: Glossary;
  /** Items per engine call (default 64). */
  batchSize?: number;
  /** Longest message translated, in characters (default 20,000). */
  maxChars?: number;
}

export interface RouterStats {
  items: number;
  chars: number;
  cacheHits: number;
  engineCalls: number;
  translatedChars: number;
  failures: number;
}

type EngineState =
  { status: 'closed' } | { status: 'open' } | { status: 'failed'; error: AppError };

export class TranslationRouter {
  readonly stats: RouterStats = {
    items: 0,
    chars: 0,
    cacheHits: 0,
    engineCalls: 0,
    translatedChars: 0,
    failures: 0,
  };
  private readonly state = new Map<string, EngineState>();
  private readonly batchSize: number;
  private readonly maxChars: number;

  constructor(private readonly opts: RouterOptions) {
    this.batchSize = opts.batchSize ?? 64;
    this.maxChars = opts.maxChars ?? 20_000;
  }

  /** The chain for a pair: exact pair, then `*>target`, then `*`, then the default. */
  chain(source: string, target: string): readonly string[] {
    const r = this.opts.routes;
    return (
      r[`${source}>${target}`] ??
      r[`${source.split('-')[0]}>${target}`] ??
      r[`*>${target}`] ??
      r['*'] ??
      this.opts.defaultChain
    );
  }

  /** Open an engine once; remember a failure so the chain skips it with the reason. */
  private async ensure(name: string): Promise<Translator | AppError> {
    const engine = this.opts.engines.get(name);
    if (!engine)
      return new AppError(ErrorCodes.ENGINE_UNAVAILABLE, `no engine named ${name}`, {
        engine: name,
      });
    const s = this.state.get(name) ?? { status: 'closed' };
    if (s.status === 'open') return engine;
    if (s.status === 'failed') return s.error;
    try {
      await engine.open();
      this.state.set(name, { status: 'open' });
      return engine;
    } catch (e) {
      const err =
        e instanceof AppError
          ? e
          : new AppError(
              ErrorCodes.ENGINE_UNAVAILABLE,
              `${name}: ${(e as Error).message}`,
              { engine: name },
              { cause: e },
            );
      this.state.set(name, { status: 'failed', error: err });
      return err;
    }
  }

  /** Engine states after use (for reports: which engines were unavailable and why). */
  engineStates(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [n, s] of this.state)
      out[n] = s.status === 'failed' ? `${s.error.code}: ${s.error.message}` : s.status;
    return out;
  }

  /** The engine and model that would translate a pair (for estimates), or null. */
  async resolve(source: string, target: string): Promise<EngineInfo | null> {
    for (const name of this.chain(source, target)) {
      const e = await this.ensure(name);
      if (e instanceof AppError) continue;
      if (e.supports(source, target)) return e.info(source, target);
    }
    return null;
  }

  async translate(items: readonly RouteItem[], signal?: AbortSignal): Promise<RoutedOutcome[]> {
    const results = new Map<string, RoutedOutcome>();
    const tried = new Map<string, string[]>();
    const lastError = new Map<string, { code: string; message: string }>();
    type Work = { item: RouteItem; text: string; applied: AppliedTerm[]; warnings: string[] };
    let pending: Work[] = [];
    for (const item of items) {
      this.stats.items++;
      this.stats.chars += item.text.length;
      if (item.text.length > this.maxChars) {
        results.set(item.id, {
          id: item.id,
          ok: false,
          code: ErrorCodes.FIELD_TOO_LARGE,
          message: `message is ${item.text.length.toLocaleString('en-GB')} characters; the translation limit is ${this.maxChars.toLocaleString('en-GB')} (translation.maxChars)`,
          tried: [],
        });
        continue;
      }
      const norm = normaliseForTranslation(item.text);
      if (!norm.text) {
        results.set(item.id, {
          id: item.id,
          ok: false,
          code: ErrorCodes.INVALID_ARGUMENT,
          message: 'nothing to translate (empty text)',
          tried: [],
        });
        continue;
      }
      const prot = this.opts.glossary
        ? this.opts.glossary.protect(norm.text, item.source)
        : { text: norm.text, applied: [] };
      pending.push({ item, text: prot.text, applied: prot.applied, warnings: norm.warnings });
      tried.set(item.id, []);
    }

    // Walk the chains: at each step every pending item goes to the next engine of its own chain.
    for (let step = 0; pending.length > 0 && step < 16; step++) {
      const byEngine = new Map<string, Work[]>();
      const next: Work[] = [];
      for (const w of pending) {
        const chain = this.chain(w.item.source, w.item.target);
        const name = chain[step];
        if (!name) {
          const le = lastError.get(w.item.id);
          results.set(w.item.id, {
            id: w.item.id,
            ok: false,
            code: le?.code ?? ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
            message:
              le?.message ??
              `no engine can translate ${w.item.source} → ${w.item.target} (chain: ${chain.join(', ') || 'empty'})`,
            tried: tried.get(w.item.id) ?? [],
          });
          continue;
        }
        const list = byEngine.get(name) ?? [];
        list.push(w);
        byEngine.set(name, list);
      }
      for (const [name, works] of byEngine) {
        const engine = await this.ensure(name);
        if (engine instanceof AppError) {
          for (const w of works) {
            tried.get(w.item.id)!.push(name);
            lastError.set(w.item.id, { code: engine.code, message: engine.message });
            next.push(w);
          }
          continue;
        }
        const doable: Work[] = [];
        for (const w of works) {
          tried.get(w.item.id)!.push(name);
          if (engine.supports(w.item.source, w.item.target)) doable.push(w);
          else {
            if (
              !lastError.has(w.item.id) ||
              lastError.get(w.item.id)!.code === ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR
            )
              lastError.set(w.item.id, {
                code: ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
                message: `no engine can translate ${w.item.source} → ${w.item.target} (tried: ${tried.get(w.item.id)!.join(', ')})`,
              });
            next.push(w);
          }
        }
        const failed = await this.runEngine(engine, doable, results, signal);
        for (const { work, code, message } of failed) {
          lastError.set(work.item.id, { code, message: `${name}: ${message}` });
          next.push(work);
        }
      }
      pending = next;
    }
    const out = items.map((i) => results.get(i.id)!);
    this.stats.failures += out.filter((o) => !o.ok).length;
    return out;
  }

  private async runEngine(
    engine: Translator,
    works: Array<{ item: RouteItem; text: string; applied: AppliedTerm[]; warnings: string[] }>,
    results: Map<string, RoutedOutcome>,
    signal?: AbortSignal,
  ): Promise<Array<{ work: (typeof works)[number]; code: string; message: string }>> {
    const failed: Array<{ work: (typeof works)[number]; code: string; message: string }> = [];
    if (works.length === 0) return failed;
    // Keys per work item, then one cache lookup for all of them.
    const keyed = works.map((w) => {
      const info = engine.info(w.item.source, w.item.target);
      return {
        w,
        info,
        key: cacheKey({
          engine: info.engine,
          model: info.model,
          source: w.item.source,
          target: w.item.target,
          text: w.text,
        }),
      };
    });
    const cached = this.opts.cache
      ? await this.opts.cache.getMany([...new Set(keyed.map((k) => k.key))])
      : new Map();
    const misses = new Map<string, (typeof keyed)[number][]>();
    for (const k of keyed) {
      const hit = cached.get(k.key);
      if (hit) {
        this.stats.cacheHits++;
        this.finish(results, k.w, k.info, hit.text, hit.model, true, []);
      } else {
        const list = misses.get(k.key) ?? [];
        list.push(k);
        misses.set(k.key, list);
      }
    }
    const unique = [...misses.entries()];
    for (let i = 0; i < unique.length; i += this.batchSize) {
      const slice = unique.slice(i, i + this.batchSize);
      const st = this.state.get(engine.name);
      if (st?.status === 'failed') {
        for (const [, ks] of slice)
          for (const k of ks)
            failed.push({ work: k.w, code: st.error.code, message: st.error.message });
        continue;
      }
      const reqs: TranslationRequest[] = slice.map(([key, ks]) => ({
        id: key,
        text: ks[0]!.w.text,
        source: ks[0]!.w.item.source,
        target: ks[0]!.w.item.target,
      }));
      this.stats.engineCalls++;
      let outcomes;
      try {
        outcomes = await engine.translate(reqs, signal);
      } catch (e) {
        const err =
          e instanceof AppError ? e : new AppError(ErrorCodes.ENGINE_FAILED, (e as Error).message);
        // an engine that became unavailable (endpoint down, key refused, quota used up) is not
        // asked again in this run: the rest of the job goes straight to the next engine
        if (err.code === ErrorCodes.ENGINE_UNAVAILABLE || err.code === ErrorCodes.NETWORK_DISABLED)
          this.state.set(engine.name, { status: 'failed', error: err });
        for (const [, ks] of slice)
          for (const k of ks) failed.push({ work: k.w, code: err.code, message: err.message });
        continue;
      }
      const toCache: Array<{
        key: string;
        value: { text: string; model: string };
        engine: string;
        source: string;
        target: string;
      }> = [];
      for (const o of outcomes) {
        const ks = misses.get(o.id) ?? [];
        if (o.ok) {
          this.stats.translatedChars += ks[0]?.w.text.length ?? 0;
          toCache.push({
            key: o.id,
            value: { text: o.text, model: o.model },
            engine: engine.name,
            source: ks[0]!.w.item.source,
            target: ks[0]!.w.item.target,
          });
          // identical texts in the batch were sent once: the others count as cache hits
          this.stats.cacheHits += Math.max(0, ks.length - 1);
          ks.forEach((k, j) =>
            this.finish(results, k.w, k.info, o.text, o.model, j > 0, o.warnings ?? []),
          );
        } else for (const k of ks) failed.push({ work: k.w, code: o.code, message: o.message });
      }
      if (this.opts.cache && toCache.length) await this.opts.cache.putMany(toCache);
    }
    return failed;
  }

  private finish(
    results: Map<string, RoutedOutcome>,
    w: { item: RouteItem; applied: AppliedTerm[]; warnings: string[] },
    info: EngineInfo,
    text: string,
    model: string,
    cached: boolean,
    engineWarnings: string[],
  ): void {
    const restored = Glossary.restore(text, w.applied);
    results.set(w.item.id, {
      id: w.item.id,
      ok: true,
      text: restored.text,
      engine: info.engine,
      model: model || info.model,
      modelHash: info.modelHash,
      cached,
      glossary: w.applied,
      warnings: [...w.warnings, ...engineWarnings, ...restored.warnings],
    });
  }

  async close(): Promise<void> {
    for (const [name, s] of this.state)
      if (s.status === 'open') await this.opts.engines.get(name)?.close();
    this.state.clear();
  }
}
