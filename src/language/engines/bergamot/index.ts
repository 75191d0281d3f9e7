// `bergamot`: Mozilla's Bergamot (Marian) in WebAssembly from npm @browsermt/bergamot-translator,
// fully offline, with Firefox Translations model packs that an operator imports
// (`threadline models import DIR`) or points to (`translation.engines.bergamot.packDir`). Every
// model file is checked against the published SHA-256 (data/models/firefox-translations.json)
// before it is loaded, and the model file's hash is stored with every translation. One WASM
// instance per worker thread (default: 2, both cores).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import {
  engineUnavailable,
  type EngineContext,
  type EngineDescriptor,
  type EngineInfo,
  type TranslationOutcome,
  type TranslationRequest,
  type Translator,
} from '../../translator.js';
import {
  checkPack,
  listImported,
  loadManifest,
  modelsRoot,
  verifyModelFile,
  type ManifestPair,
  type ModelManifest,
} from './model-pack.js';
import { BergamotWorker, type ModelBuffers } from './bergamot-worker.js';

interface Available {
  entry: ManifestPair;
  /** Folder the entry's relative paths resolve against. */
  root: string;
}

/** Tier preference when a pair has several: newest/best first (the manifest's rule). */
const TIER_ORDER = ['base-memory', 'base', 'tiny'];

export class BergamotTranslator implements Translator {
  readonly name = 'bergamot';
  private manifest: ModelManifest | null = null;
  private readonly pairs = new Map<string, Available>();
  private workers: BergamotWorker[] = [];
  private readonly buffers = new Map<string, Promise<ModelBuffers>>();
  private readonly workerCount: number;
  private readonly batchSize: number;

  constructor(private readonly ctx: EngineContext) {
    this.workerCount = Math.max(1, Number(ctx.settings.workers ?? ctx.workers ?? 2));
    this.batchSize = Math.max(1, Number(ctx.settings.batchSize ?? 16));
  }

  async open(): Promise<void> {
    if (this.workers.length) return;
    if (this.ctx.settings.enabled === false)
      throw engineUnavailable('bergamot', 'disabled in configuration');
    this.manifest = loadManifest(
      typeof this.ctx.settings.manifest === 'string' ? this.ctx.settings.manifest : undefined,
    );
    this.pairs.clear();
    const candidates: Available[] = [];
    for (const e of listImported(this.ctx.dataDir)) {
      const entry = this.manifest.pairs[e.key];
      if (entry) candidates.push({ entry, root: modelsRoot(this.ctx.dataDir) });
    }
    const packDir = this.ctx.settings.packDir;
    if (typeof packDir === 'string' && packDir) {
      const check = await checkPack(packDir, this.manifest);
      if (check.refused.length && !check.verified.length) throw check.refused[0]!.error;
      for (const v of check.verified) candidates.push({ entry: v.entry, root: packDir });
    }
    const wantTier = typeof this.ctx.settings.tier === 'string' ? this.ctx.settings.tier : null;
    for (const c of candidates) {
      if (wantTier && c.entry.tier !== wantTier) continue;
      const key = `${c.entry.from}>${c.entry.to}`;
      const cur = this.pairs.get(key);
      if (!cur || TIER_ORDER.indexOf(c.entry.tier) < TIER_ORDER.indexOf(cur.entry.tier))
        this.pairs.set(key, c);
    }
    if (this.pairs.size === 0)
      throw engineUnavailable(
        'bergamot',
        'no model pack imported (threadline models import DIR, or translation.engines.bergamot.packDir)',
      );
    const w = new BergamotWorker();
    try {
      await w.initialize();
    } catch (e) {
      await w.close();
      throw engineUnavailable(
        'bergamot',
        `the WASM engine did not start: ${(e as Error).message}`,
        e,
      );
    }
    this.workers = [w];
  }

  supports(source: string, target: string): boolean {
    return this.pairs.has(`${source}>${target}`);
  }

  info(source: string, target: string): EngineInfo {
    const a = this.pairs.get(`${source}>${target}`);
    if (!a) return { engine: this.name, model: 'none', modelHash: null, offline: true };
    const model = a.entry.files.find((f) => f.role === 'model');
    return {
      engine: this.name,
      model: `firefox-translations ${a.entry.pair} ${a.entry.tier} (${this.manifest!.commit.slice(0, 12)})`,
      modelHash: model?.sha256 ?? null,
      offline: true,
    };
  }

  /** Read, verify and unpack a pair's files (once). */
  private modelBuffers(a: Available): Promise<ModelBuffers> {
    const key = `${a.entry.pair}/${a.entry.tier}`;
    let p = this.buffers.get(key);
    if (!p) {
      p = (async () => {
        const parts = new Map<string, ArrayBuffer>();
        for (const f of a.entry.files) {
          const path = join(a.root, f.path);
          await verifyModelFile(path, f); // the file may have changed since import
          let bytes = await readFile(path);
          if (f.path.endsWith('.gz')) bytes = gunzipSync(bytes);
          if (f.role === 'model' && a.entry.model_uncompressed) {
            const sha = createHash('sha256').update(bytes).digest('hex');
            if (sha !== a.entry.model_uncompressed.sha256)
              throw new AppError(
                ErrorCodes.MODEL_HASH_MISMATCH,
                `${f.path} unpacks to SHA-256 ${sha}; the manifest says ${a.entry.model_uncompressed.sha256}`,
                { file: path },
              );
          }
          parts.set(
            f.role,
            bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
          );
        }
        const vocab = parts.get('vocab');
        const vocabs = vocab
          ? [vocab]
          : [parts.get('srcvocab'), parts.get('trgvocab')].filter((v): v is ArrayBuffer => !!v);
        if (!parts.get('model') || !parts.get('lex') || vocabs.length === 0)
          throw new AppError(
            ErrorCodes.ENGINE_FAILED,
            `bergamot: ${key} lacks model, lex or vocab files`,
          );
        return {
          model: parts.get('model')!,
          shortlist: parts.get('lex')!,
          vocabs,
          config: { 'gemm-precision': a.entry.gemm_precision ?? 'int8shiftAlphaAll' },
        };
      })();
      p.catch(() => this.buffers.delete(key));
      this.buffers.set(key, p);
    }
    return p;
  }

  /**
   * A live worker with the pair's model loaded, reserved for one call (release with `busy--`);
   * starts workers up to the configured count as load grows.
   */
  private async workerFor(a: Available): Promise<BergamotWorker> {
    this.workers = this.workers.filter((w) => w.alive);
    let w = this.workers.reduce<BergamotWorker | null>(
      (best, x) => (!best || x.busy < best.busy ? x : best),
      null,
    );
    let fresh = false;
    if (!w || (w.busy > 0 && this.workers.length < this.workerCount)) {
      w = new BergamotWorker();
      this.workers.push(w);
      fresh = true;
    }
    w.busy++;
    try {
      if (fresh) await w.initialize();
      await w.ensureModel(a.entry.from, a.entry.to, () => this.modelBuffers(a));
      return w;
    } catch (e) {
      w.busy--;
      throw e;
    }
  }

  async translate(requests: readonly TranslationRequest[]): Promise<TranslationOutcome[]> {
    const results = new Map<string, TranslationOutcome>();
    const groups = new Map<string, TranslationRequest[]>();
    for (const r of requests) {
      const key = `${r.source}>${r.target}`;
      if (!this.pairs.has(key)) {
        results.set(r.id, {
          id: r.id,
          ok: false,
          code: ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
          message: `bergamot has no ${r.source} → ${r.target} model imported`,
        });
        continue;
      }
      const g = groups.get(key) ?? [];
      g.push(r);
      groups.set(key, g);
    }
    const jobs: Array<Promise<void>> = [];
    for (const [key, g] of groups) {
      const a = this.pairs.get(key)!;
      const model = this.info(g[0]!.source, g[0]!.target).model;
      for (let i = 0; i < g.length; i += this.batchSize) {
        const chunk = g.slice(i, i + this.batchSize);
        jobs.push(
          (async () => {
            try {
              const w = await this.workerFor(a);
              let texts: string[];
              try {
                texts = await w.translate(
                  a.entry.from,
                  a.entry.to,
                  chunk.map((r) => r.text),
                );
              } finally {
                w.busy--;
              }
              chunk.forEach((r, j) =>
                results.set(r.id, { id: r.id, ok: true, text: texts[j] ?? '', model }),
              );
            } catch (e) {
              const err =
                e instanceof AppError
                  ? e
                  : new AppError(ErrorCodes.ENGINE_FAILED, `bergamot: ${(e as Error).message}`);
              for (const r of chunk)
                results.set(r.id, { id: r.id, ok: false, code: err.code, message: err.message });
            }
          })(),
        );
      }
    }
    await Promise.all(jobs);
    return requests.map((r) => results.get(r.id)!);
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.close()));
  }
}

export const bergamotEngine: EngineDescriptor = {
  name: 'bergamot',
  description:
    'Bergamot (Marian, WebAssembly) with imported Firefox Translations model packs (offline)',
  network: false,
  create: (ctx: EngineContext) => new BergamotTranslator(ctx),
};
