// One Bergamot WASM instance in a worker thread. The npm package's worker script is CommonJS
// inside a "type": "module" package, so Node 20 refuses to load it as a file (require is not
// defined in ES module scope; ../shared/docs/translation.md §1.2); we start it as an evaluated
// CommonJS script with its real __filename/__dirname, which is all it needs to find its glue code
// and .wasm. The worker's own message protocol ({id, name, args} → {id, result | error}) is used
// directly: initialize, loadTranslationModel, translate. A Marian abort kills the instance; the
// worker is then marked dead and replaced by its owner.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, ErrorCodes } from '../../../model/errors.js';

export function bergamotWorkerDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@browsermt/bergamot-translator/package.json')), 'worker');
}

export interface ModelBuffers {
  model: ArrayBuffer;
  shortlist: ArrayBuffer;
  vocabs: ArrayBuffer[];
  config: Record<string, unknown>;
}

export class BergamotWorker {
  private readonly worker: Worker;
  private serial = 0;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private dead: Error | null = null;
  private readonly loads = new Map<string, Promise<void>>();
  /** Calls reserved on this worker (its owner counts them to spread load). */
  busy = 0;

  constructor() {
    const dir = bergamotWorkerDir();
    const file = join(dir, 'translator-worker.js');
    const code = `var __filename = ${JSON.stringify(file)}; var __dirname = ${JSON.stringify(dir)};\n${readFileSync(file, 'utf8')}`;
    this.worker = new Worker(code, { eval: true, stdout: true, stderr: true });
    // Marian logs to stderr; keep the last lines for error messages, do not print them
    let log = '';
    this.worker.stderr.on('data', (d: Buffer) => {
      log = (log + d.toString('utf8')).slice(-2000);
    });
    this.worker.stdout.resume();
    this.worker.on(
      'message',
      (m: { id: number; result?: unknown; error?: { message?: string } }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) {
          const detail =
            log
              .trim()
              .split('\n')
              .filter((l) => /Error/.test(l))
              .pop() ?? '';
          const msg = `${m.error.message ?? 'error'}${detail ? ` (${detail.replace(/^\[[^\]]+\] /, '')})` : ''}`;
          if (/Aborted/.test(msg)) this.fail(new Error(msg));
          p.reject(
            new AppError(ErrorCodes.ENGINE_FAILED, `bergamot: ${msg}`, { engine: 'bergamot' }),
          );
        } else p.resolve(m.result);
      },
    );
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`worker exited (${code})`)));
  }

  get alive(): boolean {
    return this.dead === null;
  }

  private fail(e: Error): void {
    if (this.dead) return;
    this.dead = e;
    for (const p of this.pending.values())
      p.reject(
        new AppError(ErrorCodes.ENGINE_FAILED, `bergamot: ${e.message}`, { engine: 'bergamot' }),
      );
    this.pending.clear();
  }

  call<T>(name: string, ...args: unknown[]): Promise<T> {
    if (this.dead)
      return Promise.reject(
        new AppError(ErrorCodes.ENGINE_FAILED, `bergamot: ${this.dead.message}`, {
          engine: 'bergamot',
        }),
      );
    return new Promise<T>((resolve, reject) => {
      const id = ++this.serial;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, name, args });
    });
  }

  initialize(): Promise<void> {
    return this.call('initialize', { cacheSize: 0, useNativeIntGemm: false });
  }

  /** Load a pair's model into this instance once (concurrent callers share the load). */
  ensureModel(from: string, to: string, buffers: () => Promise<ModelBuffers>): Promise<void> {
    const key = `${from}${to}`;
    let p = this.loads.get(key);
    if (!p) {
      p = buffers().then((b) => this.call<void>('loadTranslationModel', { from, to }, b));
      p.catch(() => this.loads.delete(key));
      this.loads.set(key, p);
    }
    return p;
  }

  async translate(from: string, to: string, texts: string[]): Promise<string[]> {
    const out = await this.call<Array<{ target: { text: string } }>>('translate', {
      models: [{ from, to }],
      texts: texts.map((text) => ({ text, html: false, qualityScores: false })),
    });
    return out.map((o) => o.target.text);
  }

  async close(): Promise<void> {
    this.fail(new Error('closed'));
    await this.worker.terminate();
  }
}
