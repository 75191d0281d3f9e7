// `apertium`: Debian's rule-based engine, offline, for the pairs Debian packages (Spanish →
// English among our languages). A pool of long-running null-flush pipelines per pair, one per
// worker, so a batch is spread over both cores.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  engineUnavailable,
  type EngineDescriptor,
  type EngineContext,
  type EngineInfo,
  type TranslationOutcome,
  type TranslationRequest,
  type Translator,
} from '../../translator.js';
import { ErrorCodes } from '../../../model/errors.js';
import { ApertiumProcess } from './apertium-process.js';
import {
  APERTIUM_MODES_DIR,
  fingerprintPair,
  listApertiumPairs,
  type ApertiumPair,
} from './apertium-pairs.js';

/** Longest text sent to Apertium in one piece (longer ones are split at sentence ends). */
const MAX_PIECE = 4000;

export class ApertiumTranslator implements Translator {
  readonly name = 'apertium';
  private pairs = new Map<string, ApertiumPair>();
  private readonly pools = new Map<string, ApertiumProcess[]>();
  private readonly hashes = new Map<string, string>();
  private readonly workers: number;
  private readonly modesDir: string;

  constructor(ctx: EngineContext) {
    this.workers = Math.max(1, Number(ctx.settings.workers ?? ctx.workers ?? 2));
    this.modesDir = String(ctx.settings.modesDir ?? APERTIUM_MODES_DIR);
  }

  async open(): Promise<void> {
    if (!existsSync(this.modesDir))
      throw engineUnavailable(
        'apertium',
        `no Apertium language data in ${this.modesDir} (Debian: apt-get install apertium apertium-eng-spa)`,
      );
    try {
      execFileSync('bash', ['-c', 'command -v lt-proc && command -v apertium-wblank-mode'], {
        stdio: 'ignore',
      });
    } catch (e) {
      throw engineUnavailable(
        'apertium',
        'the apertium programs are not installed (Debian: apt-get install apertium)',
        e,
      );
    }
    for (const p of listApertiumPairs(this.modesDir)) this.pairs.set(`${p.source}>${p.target}`, p);
    if (this.pairs.size === 0)
      throw engineUnavailable('apertium', `no usable language pair in ${this.modesDir}`);
  }

  supports(source: string, target: string): boolean {
    return this.pairs.has(`${source}>${target}`);
  }

  private pair(source: string, target: string): ApertiumPair | undefined {
    return this.pairs.get(`${source}>${target}`);
  }

  info(source: string, target: string): EngineInfo {
    const p = this.pair(source, target);
    if (!p) return { engine: this.name, model: 'none', modelHash: null, offline: true };
    let hash = this.hashes.get(p.mode);
    if (!hash) {
      hash = fingerprintPair(p.modeFile);
      this.hashes.set(p.mode, hash);
    }
    return {
      engine: this.name,
      model: `${p.pkg} ${p.version} (${p.mode})`,
      modelHash: hash,
      offline: true,
      charsPerSecond: 120_000,
    };
  }

  private pool(p: ApertiumPair): ApertiumProcess[] {
    let pool = this.pools.get(p.mode);
    if (pool && pool.every((x) => x.alive)) return pool;
    for (const x of pool ?? []) x.close();
    // Some stages (lt-proc -b) do not flush on NUL: run every stage unbuffered so each text comes
    // back as soon as it is done.
    const pipeline = execFileSync('apertium-wblank-mode', ['-z', p.modeFile], { encoding: 'utf8' })
      .trim()
      .split(' | ')
      .map((stage) => `stdbuf -o0 ${stage}`)
      .join(' | ');
    pool = Array.from({ length: this.workers }, () => new ApertiumProcess(pipeline, p.mode));
    this.pools.set(p.mode, pool);
    return pool;
  }

  async translate(requests: readonly TranslationRequest[]): Promise<TranslationOutcome[]> {
    const out: TranslationOutcome[] = [];
    // Group by pair; spread each group's items over the pool round-robin.
    const jobs: Array<Promise<void>> = [];
    const results = new Map<string, TranslationOutcome>();
    for (const r of requests) {
      const p = this.pair(r.source, r.target);
      if (!p) {
        results.set(r.id, {
          id: r.id,
          ok: false,
          code: ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
          message: `apertium has no ${r.source} → ${r.target} pair installed`,
        });
        continue;
      }
      const pool = this.pool(p);
      const model = this.info(r.source, r.target).model;
      const pieces = splitLong(r.text, MAX_PIECE);
      const proc = pool.reduce((a, b) => (b.pending < a.pending ? b : a));
      jobs.push(
        Promise.all(pieces.map((piece) => proc.translate(piece)))
          .then((texts) => {
            results.set(r.id, { id: r.id, ok: true, text: texts.join(' '), model });
          })
          .catch((e: Error) => {
            results.set(r.id, {
              id: r.id,
              ok: false,
              code: ErrorCodes.ENGINE_FAILED,
              message: e.message,
            });
          }),
      );
    }
    await Promise.all(jobs);
    for (const r of requests) out.push(results.get(r.id)!);
    return out;
  }

  async close(): Promise<void> {
    for (const pool of this.pools.values()) for (const p of pool) p.close();
    this.pools.clear();
  }
}

/** Split a long text at sentence ends (or spaces) into pieces of at most `max` characters. */
export function splitLong(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(
      window.lastIndexOf('. '),
      window.lastIndexOf('? '),
      window.lastIndexOf('! '),
      window.lastIndexOf('\n'),
    );
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) cut = max - 1;
    out.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  if (rest) out.push(rest);
  return out;
}

export const apertiumEngine: EngineDescriptor = {
  name: 'apertium',
  description: "Debian's rule-based Apertium (offline; Spanish→English among our languages)",
  network: false,
  create: (ctx) => new ApertiumTranslator(ctx),
};
