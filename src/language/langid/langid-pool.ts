// Language identification over many messages using both cores: batches are split across worker
// threads (each with its own identifier); small batches are done on the calling thread.
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { LanguageIdentifier, type LanguageGuess } from './language-identifier.js';

const here = fileURLToPath(import.meta.url);
const isTs = here.endsWith('.ts');

export interface LangIdPoolOptions {
  /** Worker threads (default 2). 0: everything on the calling thread. */
  workers?: number;
  /** Batches smaller than this run on the calling thread (default 400). */
  inlineBelow?: number;
}

export class LangIdPool {
  private readonly workers: Worker[] = [];
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (g: LanguageGuess[]) => void; reject: (e: Error) => void }
  >();
  private inline: Promise<LanguageIdentifier> | null = null;
  private readonly size: number;
  private readonly inlineBelow: number;

  constructor(opts: LangIdPoolOptions = {}) {
    this.size = opts.workers ?? 2;
    this.inlineBelow = opts.inlineBelow ?? 400;
  }

  private start(): void {
    if (this.workers.length || this.size === 0) return;
    const entry = pathToFileURL(join(dirname(here), `langid-worker.${isTs ? 'ts' : 'js'}`)).href;
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(
        `const { workerData } = require('node:worker_threads');
         (async () => {
           if (workerData.ts) (await import('tsx/esm/api')).register();
           await import(workerData.entry);
         })().catch((e) => { throw e; });`,
        { eval: true, workerData: { entry, ts: isTs } },
      );
      w.on('message', (m: { id: number; guesses?: LanguageGuess[]; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        // idle workers must not keep the process alive; busy ones must (or an awaiting CLI exits)
        if (this.pending.size === 0) for (const x of this.workers) x.unref();
        if (m.guesses) p.resolve(m.guesses);
        else p.reject(new Error(`language identification failed: ${m.error}`));
      });
      w.on('error', (e) => {
        for (const [, p] of this.pending) p.reject(e);
        this.pending.clear();
      });
      w.unref();
      this.workers.push(w);
    }
  }

  private async onThread(texts: string[]): Promise<LanguageGuess[]> {
    this.inline ??= LanguageIdentifier.create();
    const id = await this.inline;
    return texts.map((t) => id.identify(t));
  }

  private ask(w: Worker, texts: string[]): Promise<LanguageGuess[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, texts });
    });
  }

  async identifyMany(texts: readonly string[]): Promise<LanguageGuess[]> {
    if (texts.length === 0) return [];
    if (this.size === 0 || texts.length < this.inlineBelow) return this.onThread([...texts]);
    this.start();
    const n = this.workers.length;
    const per = Math.ceil(texts.length / n);
    const parts = await Promise.all(
      this.workers.map((w, i) => this.ask(w, texts.slice(i * per, (i + 1) * per))),
    );
    return parts.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}
