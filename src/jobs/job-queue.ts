// The job queue, kept in the store's `jobs` table so the embedded runner (SQLite) and worker
// processes on any machine (PostgreSQL) share one implementation. A claim takes the oldest queued
// job, or a running one whose lease expired (its worker died), atomically: on PostgreSQL with
// SELECT … FOR UPDATE SKIP LOCKED, so concurrent workers never take the same job; on SQLite the
// single writer serialises claims. Every state change is conditional on the claiming worker still
// holding the job, so a worker that lost its lease cannot overwrite the job's new owner.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import type { JobsTable } from '../store/schema.js';
import { AppError, ErrorCodes } from '../model/errors.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  caseId: string;
  kind: string;
  status: JobStatus;
  payload: Record<string, unknown>;
  progress: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  worker: string | null;
  leaseUntil: number | null;
  createdBy: string;
  createdAt: number;
  startedAt: number | null;
  heartbeatAt: number | null;
  finishedAt: number | null;
}

export interface EnqueueOptions {
  caseId: string;
  kind: string;
  payload: Record<string, unknown>;
  createdBy: string;
  maxAttempts?: number;
}

export interface QueueOptions {
  /** How long a claim lasts without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

function toJob(r: JobsTable): Job {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    status: r.status as JobStatus,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    progress: JSON.parse(r.progress) as Record<string, unknown>,
    result: r.result === null ? null : (JSON.parse(r.result) as Record<string, unknown>),
    error: r.error,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    worker: r.worker,
    leaseUntil: r.lease_until,
    createdBy: r.created_by,
    createdAt: r.created_at,
    startedAt: r.started_at,
    heartbeatAt: r.heartbeat_at,
    finishedAt: r.finished_at,
  };
}

export class JobQueue {
  readonly leaseMs: number;
  private readonly now: () => number;

  constructor(
    readonly store: Store,
    opts: QueueOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  async enqueue(o: EnqueueOptions): Promise<Job> {
    const row: JobsTable = {
      id: `job_${randomUUID().replace(/-/g, '')}`,
      case_id: o.caseId,
      kind: o.kind,
      status: 'queued',
      payload: JSON.stringify(o.payload),
      progress: '{}',
      result: null,
      error: null,
      attempts: 0,
      max_attempts: o.maxAttempts ?? 3,
      worker: null,
      lease_until: null,
      created_by: o.createdBy,
      created_at: this.now(),
      started_at: null,
      heartbeat_at: null,
      finished_at: null,
    };
    await this.store.db.insertInto('jobs').values(row).execute();
    return toJob(row);
  }

  async get(id: string): Promise<Job | null> {
    const r = await this.store.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toJob(r) : null;
  }

  async list(caseId: string, opts: { limit?: number } = {}): Promise<Job[]> {
    const rows = await this.store.db
      .selectFrom('jobs')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(Math.min(opts.limit ?? 100, 1000))
      .execute();
    return rows.map(toJob);
  }

  /**
   * Claims the next job of these kinds for `worker`: the oldest queued one, or a running one whose
   * lease expired. A job whose lease expired after its last allowed attempt is marked failed.
   */
  async claim(worker: string, kinds: readonly string[]): Promise<Job | null> {
    if (kinds.length === 0) return null;
    const now = this.now();
    const db = this.store.db;
    await db
      .updateTable('jobs')
      .set({
        status: 'failed',
        error: 'worker lost (lease expired) on the last allowed attempt',
        finished_at: now,
      })
      .where('status', '=', 'running')
      .where('lease_until', '<', now)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .execute();
    return db.transaction().execute(async (tx) => {
      let pick = tx
        .selectFrom('jobs')
        .select('id')
        .where('kind', 'in', [...kinds])
        .where((eb) =>
          eb.or([
            eb('status', '=', 'queued'),
            eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
          ]),
        )
        .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
        .orderBy('created_at')
        .orderBy('id')
        .limit(1);
      if (this.store.dialect === 'postgres') pick = pick.forUpdate().skipLocked();
      const next = await pick.executeTakeFirst();
      if (!next) return null;
      const r = await tx
        .updateTable('jobs')
        .set((eb) => ({
          status: 'running',
          worker,
          attempts: eb('attempts', '+', 1),
          lease_until: now + this.leaseMs,
          heartbeat_at: now,
          started_at: eb.fn.coalesce('started_at', sql.lit(now)),
          error: null,
        }))
        .where('id', '=', next.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toJob(r);
    });
  }

  /** Renews the lease and records progress; false when the worker no longer holds the job. */
  async heartbeat(job: Job, worker: string, progress?: Record<string, unknown>): Promise<boolean> {
    const now = this.now();
    const r = await this.store.db
      .updateTable('jobs')
      .set({
        lease_until: now + this.leaseMs,
        heartbeat_at: now,
        ...(progress ? { progress: JSON.stringify(progress) } : {}),
      })
      .where('id', '=', job.id)
      .where('worker', '=', worker)
      .where('status', '=', 'running')
      .where('attempts', '=', job.attempts)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async complete(
    job: Job,
    worker: string,
    result: Record<string, unknown>,
    progress?: Record<string, unknown>,
  ): Promise<boolean> {
    return this.finish(job, worker, {
      status: 'done',
      result: JSON.stringify(result),
      ...(progress ? { progress: JSON.stringify(progress) } : {}),
    });
  }

  /** Records a failure: queued again while attempts remain (unless `final`), else failed. */
  async fail(job: Job, worker: string, error: string, final = false): Promise<boolean> {
    const retry = !final && job.attempts < job.maxAttempts;
    return this.finish(job, worker, {
      status: retry ? 'queued' : 'failed',
      error,
      ...(retry ? { lease_until: null, worker: null } : {}),
    });
  }

  private async finish(
    job: Job,
    worker: string,
    set: Partial<
      Pick<JobsTable, 'status' | 'result' | 'error' | 'lease_until' | 'worker' | 'progress'>
    >,
  ): Promise<boolean> {
    const r = await this.store.db
      .updateTable('jobs')
      .set({ ...set, finished_at: set.status === 'queued' ? null : this.now() })
      .where('id', '=', job.id)
      .where('worker', '=', worker)
      .where('status', '=', 'running')
      .where('attempts', '=', job.attempts)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Waits until a job has finished (done, failed or cancelled), polling. */
  async waitFor(id: string, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<Job> {
    const end = Date.now() + (opts.timeoutMs ?? 60_000);
    for (;;) {
      const j = await this.get(id);
      if (!j) throw new AppError(ErrorCodes.NOT_FOUND, `no job ${id}`);
      if (j.status === 'done' || j.status === 'failed' || j.status === 'cancelled') return j;
      if (Date.now() > end)
        throw new AppError(ErrorCodes.JOB_FAILED, `job ${id} still ${j.status} after waiting`);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
    }
  }
}
