// Runs jobs from the queue: the embedded runner inside `threadline serve`, or `threadline worker`
// on any machine. Claims one job at a time per slot, heartbeats while it runs (renewing the lease
// and saving progress), and records the result or the error. If a heartbeat finds the job taken
// over (the lease expired) the handler is aborted and its result discarded. stop() stops claiming
// and waits for running jobs to finish (graceful shutdown).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Job, JobQueue } from './job-queue.js';
import type { JobHandler } from './job-handlers.js';

export interface JobRunnerOptions {
  queue: JobQueue;
  handlers: readonly JobHandler[];
  toolVersion: string;
  scratchDir?: string;
  /** Jobs run at the same time (default 1). */
  concurrency?: number;
  /** Idle wait between polls (default 1 s). */
  pollMs?: number;
  /** Heartbeat interval (default a third of the lease). */
  heartbeatMs?: number;
  /** Worker name (default host:pid:random). */
  worker?: string;
  onEvent?: (e: JobEvent) => void;
  /** Passed to handlers (tests use it to slow an ingest down). */
  afterFile?: (path: string, index: number) => void | Promise<void>;
}

export type JobEvent =
  | { type: 'claimed'; job: Job }
  | { type: 'done'; job: Job; ms: number }
  | { type: 'failed'; job: Job; error: string }
  | { type: 'lost'; job: Job };

export class JobRunner {
  readonly worker: string;
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private readonly aborts = new Set<AbortController>();
  private wake: (() => void) | null = null;

  constructor(private readonly o: JobRunnerOptions) {
    this.worker = o.worker ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < (this.o.concurrency ?? 1); i++) this.loops.push(this.loop());
  }

  /** Stop claiming; wait for running jobs to finish (or abort them when `abort` is set). */
  async stop({ abort = false } = {}): Promise<void> {
    this.running = false;
    this.wake?.();
    if (abort) for (const a of this.aborts) a.abort();
    await Promise.all(this.loops.splice(0));
  }

  /** Runs queued jobs until none is left (tests, `threadline worker --drain`). */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) n++;
    return n;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let ran = false;
      try {
        ran = await this.runOne();
      } catch (e) {
        this.o.onEvent?.({
          type: 'failed',
          job: { id: '?' } as Job,
          error: `queue unavailable: ${(e as Error).message}`,
        });
      }
      if (!ran && this.running)
        await new Promise<void>((r) => {
          const t = setTimeout(r, this.o.pollMs ?? 1000);
          this.wake = () => {
            clearTimeout(t);
            r();
          };
        });
    }
  }

  /** Claims and runs one job; false when there was none. */
  async runOne(): Promise<boolean> {
    const { queue } = this.o;
    const byKind = new Map(this.o.handlers.map((h) => [h.kind, h]));
    const job = await queue.claim(this.worker, [...byKind.keys()]);
    if (!job) return false;
    this.o.onEvent?.({ type: 'claimed', job });
    const handler = byKind.get(job.kind)!;
    const abort = new AbortController();
    this.aborts.add(abort);
    let latest: Record<string, unknown> | undefined;
    let lost = false;
    const beat = setInterval(
      () => {
        void queue.heartbeat(job, this.worker, latest).then(
          (held) => {
            if (!held && !lost) {
              lost = true;
              abort.abort();
            }
          },
          () => {}, // a failed heartbeat is retried at the next tick; the lease covers the gap
        );
      },
      this.o.heartbeatMs ?? Math.max(100, Math.floor(queue.leaseMs / 3)),
    );
    const t0 = Date.now();
    try {
      const result = await handler.run(job.payload, {
        store: queue.store,
        progress: (p) => (latest = p),
        signal: abort.signal,
        toolVersion: this.o.toolVersion,
        scratchDir: this.o.scratchDir,
        afterFile: this.o.afterFile,
      });
      clearInterval(beat);
      if (await queue.complete(job, this.worker, result, latest))
        this.o.onEvent?.({ type: 'done', job, ms: Date.now() - t0 });
      else this.o.onEvent?.({ type: 'lost', job });
    } catch (e) {
      clearInterval(beat);
      const msg = `${(e as { code?: string }).code ?? 'ERROR'}: ${(e as Error).message}`;
      if (lost) this.o.onEvent?.({ type: 'lost', job });
      else {
        // bad input will not get better by retrying
        const final = (e as { code?: string }).code === 'INVALID_ARGUMENT';
        await queue.fail(job, this.worker, msg, final);
        this.o.onEvent?.({ type: 'failed', job, error: msg });
      }
    } finally {
      this.aborts.delete(abort);
    }
    return true;
  }
}
