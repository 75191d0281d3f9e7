// What each kind of job does. A handler gets the job's payload, the store, a progress callback
// (saved with the next heartbeat) and an abort signal (raised when the worker loses the job or
// shuts down), and returns a small JSON result. Handlers must be safe to run again from the start:
// a job whose worker died is re-run elsewhere (ingest is one transaction with deterministic ids).
import { z } from 'zod';
import type { Store } from '../store/store.js';
import { ingest } from '../ingest/runner.js';
import { AppError, ErrorCodes } from '../model/errors.js';

export interface JobContext {
  store: Store;
  /** Latest progress (written to the job with the next heartbeat). */
  progress(p: Record<string, unknown>): void;
  signal: AbortSignal;
  toolVersion: string;
  scratchDir?: string;
  /** Called after each evidence file an ingest finishes (tests use it to interrupt a worker). */
  afterFile?: (path: string, index: number) => void | Promise<void>;
}

export interface JobHandler {
  kind: string;
  run(payload: Record<string, unknown>, ctx: JobContext): Promise<Record<string, unknown>>;
}

const IngestPayload = z.object({
  caseRef: z.string().min(1),
  inputs: z.array(z.string().min(1)).min(1),
  deviceLabel: z.string().optional(),
  exhibit: z.string().nullable().optional(),
  timezone: z.string().nullable().optional(),
  region: z.string().length(2).optional(),
});

/** Ingest evidence files into a case (paths as the worker sees them: shared storage). */
export const ingestJob: JobHandler = {
  kind: 'ingest',
  async run(payload, ctx) {
    const p = IngestPayload.safeParse(payload);
    if (!p.success)
      throw new AppError(ErrorCodes.INVALID_ARGUMENT, `bad ingest job payload: ${p.error.message}`);
    const r = await ingest(ctx.store, {
      ...p.data,
      toolVersion: ctx.toolVersion,
      scratchParent: ctx.scratchDir,
      signal: ctx.signal,
      afterFile: ctx.afterFile,
      onProgress: (e) =>
        ctx.progress({
          phase: e.phase,
          filesDone: e.filesDone,
          filesTotal: e.filesTotal,
          items: e.items,
        }),
    });
    return {
      ingestId: r.ingestId,
      deviceId: r.deviceId,
      sources: r.sources.length,
      counts: r.counts,
    };
  },
};

/** Every job kind, registered here. */
export const JOB_HANDLERS: readonly JobHandler[] = [ingestJob];
