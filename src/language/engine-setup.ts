// Builds the engines and the router from configuration: offline engines are on by default; HTTP
// engines only when configured (`translation.engines.<name>`) and, when they start, only if the
// network is allowed (otherwise they report NETWORK_DISABLED and the chain moves on).
import { ENGINES } from './engines/index.js';
import { TranslationRouter } from './translation-router.js';
import type { TranslationCache } from './translation-cache.js';
import type { Glossary } from './glossary/glossary.js';
import type { Translator } from './translator.js';

export interface TranslationSettings {
  /** Per-engine settings by engine name. */
  engines: Record<string, Record<string, unknown>>;
  /** Pair → chain (`es>en`, `*>en`, `*`). */
  routes: Record<string, string[]>;
  target: string;
  maxChars?: number;
  batchSize?: number;
  workers?: number;
}

export interface EngineSetupOptions {
  settings: TranslationSettings;
  networkAllowed: boolean;
  dataDir: string;
  /** Use only this engine (CLI `--engine`). */
  only?: string;
  cache?: TranslationCache;
  glossary?: Glossary;
  fetch?: typeof fetch;
}

/** Offline engines first (best quality first), then HTTP engines in this order when configured. */
const DEFAULT_ORDER = ['bergamot', 'apertium', 'llm', 'libretranslate', 'azure', 'deepl'];

export function defaultChain(settings: TranslationSettings): string[] {
  return DEFAULT_ORDER.filter((name) => {
    const d = ENGINES.find((e) => e.name === name);
    if (!d) return false;
    const s = settings.engines[name];
    if (s && s.enabled === false) return false;
    return d.network ? s !== undefined : true;
  });
}

export function createRouter(o: EngineSetupOptions): TranslationRouter {
  const engines = new Map<string, Translator>();
  for (const d of ENGINES) {
    engines.set(
      d.name,
      d.create({
        settings: o.settings.engines[d.name] ?? {},
        networkAllowed: o.networkAllowed,
        dataDir: o.dataDir,
        fetch: o.fetch,
        workers: o.settings.workers ?? 2,
      }),
    );
  }
  const chain = o.only ? [o.only] : defaultChain(o.settings);
  return new TranslationRouter({
    routes: o.only ? {} : o.settings.routes,
    engines,
    defaultChain: chain,
    cache: o.cache,
    glossary: o.glossary,
    batchSize: o.settings.batchSize,
    maxChars: o.settings.maxChars,
  });
}
