// The job queue on both stores: claims in order, leases that expire and are taken over, a worker
// that lost its job cannot complete it, retries up to the limit, and (PostgreSQL) concurrent
// workers on separate connections never claim the same job.
import { afterEach, describe, expect, it } from 'vitest';
import { tempCase } from '../testkit/temp-store.js';
import { pgUnavailableReason, tempPgCase } from '../testkit/temp-pg.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { JobQueue } from './job-queue.js';
import { JobRunner } from './job-runner.js';
import type { JobHandler } from './job-handlers.js';
import type { Store } from '../store/store.js';

const pgSkip = await pgUnavailableReason();
if (pgSkip) console.warn(`[skip] job queue on PostgreSQL: ${pgSkip}`);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const makers: Array<[string, () => Promise<{ store: Store; caseId: string; url?: string }>]> = [
  [
    'sqlite',
    async () => {
      const t = await tempCase();
      cleanups.push(t.cleanup);
      return { store: t.store, caseId: t.kase.id };
    },
  ],
];
if (!pgSkip)
  makers.push([
    'postgres',
    async () => {
      const t = await tempPgCase();
      cleanups.push(t.cleanup);
      return { store: t.store, caseId: t.kase.id, url: t.db.url };
    },
  ]);

describe.each(makers)('job queue on %s', (_name, make) => {
  it('claims oldest first, completes, and records who ran it', async () => {
    const { store, caseId } = await make();
    let clock = 1_000;
    const q = new JobQueue(store, { leaseMs: 100, now: () => clock });
    const a = await q.enqueue({ caseId, kind: 'ingest', payload: { n: 1 }, createdBy: 'u1' });
    clock++;
    const b = await q.enqueue({ caseId, kind: 'ingest', payload: { n: 2 }, createdBy: 'u1' });
    await q.enqueue({ caseId, kind: 'other', payload: {}, createdBy: 'u1' });
    const j1 = (await q.claim('w1', ['ingest']))!;
    expect(j1).toMatchObject({ id: a.id, status: 'running', worker: 'w1', attempts: 1 });
    expect(j1.payload).toEqual({ n: 1 });
    const j2 = (await q.claim('w2', ['ingest']))!;
    expect(j2.id).toBe(b.id);
    expect(await q.claim('w3', ['ingest'])).toBeNull();
    expect(await q.heartbeat(j1, 'w1', { filesDone: 3 })).toBe(true);
    expect((await q.get(j1.id))!.progress).toEqual({ filesDone: 3 });
    expect(await q.complete(j1, 'w1', { messages: 5 })).toBe(true);
    expect(await q.get(j1.id)).toMatchObject({ status: 'done', result: { messages: 5 } });
    expect((await q.list(caseId)).map((j) => j.status).sort()).toEqual([
      'done',
      'queued',
      'running',
    ]);
  });

  it('takes over a job whose lease expired; the old worker can no longer touch it', async () => {
    const { store, caseId } = await make();
    let clock = 1_000;
    const q = new JobQueue(store, { leaseMs: 100, now: () => clock });
    const job = await q.enqueue({ caseId, kind: 'ingest', payload: {}, createdBy: 'u1' });
    const mine = (await q.claim('dead', ['ingest']))!;
    clock += 50;
    expect(await q.claim('w2', ['ingest'])).toBeNull(); // lease still held
    clock += 100;
    const theirs = (await q.claim('w2', ['ingest']))!;
    expect(theirs).toMatchObject({ id: job.id, worker: 'w2', attempts: 2 });
    expect(await q.heartbeat(mine, 'dead')).toBe(false);
    expect(await q.complete(mine, 'dead', { stale: true })).toBe(false);
    expect(await q.complete(theirs, 'w2', { ok: true })).toBe(true);
    expect(await q.get(job.id)).toMatchObject({ status: 'done', result: { ok: true } });
  });

  it('retries a failed job up to its limit, then marks it failed', async () => {
    const { store, caseId } = await make();
    let clock = 1_000;
    const q = new JobQueue(store, { leaseMs: 100, now: () => clock });
    const job = await q.enqueue({ caseId, kind: 'x', payload: {}, createdBy: 'u', maxAttempts: 2 });
    const first = (await q.claim('w', ['x']))!;
    expect(await q.fail(first, 'w', 'E1')).toBe(true);
    expect(await q.get(job.id)).toMatchObject({ status: 'queued', error: 'E1' });
    const second = (await q.claim('w', ['x']))!;
    expect(second.attempts).toBe(2);
    await q.fail(second, 'w', 'E2');
    expect(await q.get(job.id)).toMatchObject({ status: 'failed', error: 'E2' });
    expect(await q.claim('w', ['x'])).toBeNull();
    // a worker dying on the last attempt: the job fails once its lease runs out
    const j2 = await q.enqueue({ caseId, kind: 'x', payload: {}, createdBy: 'u', maxAttempts: 1 });
    await q.claim('dead', ['x']);
    clock += 1_000;
    expect(await q.claim('w', ['x'])).toBeNull();
    expect(await q.get(j2.id)).toMatchObject({ status: 'failed' });
  });

  it('runs jobs through the runner with progress, and records handler errors', async () => {
    const { store, caseId } = await make();
    const q = new JobQueue(store, { leaseMs: 300 });
    const handler: JobHandler = {
      kind: 'count',
      async run(payload, ctx) {
        const n = payload.n as number;
        if (n < 0) throw Object.assign(new Error('negative'), { code: 'INVALID_ARGUMENT' });
        for (let i = 1; i <= n; i++) {
          ctx.progress({ done: i, total: n });
          await new Promise((r) => setTimeout(r, 60));
        }
        return { counted: n };
      },
    };
    const ok = await q.enqueue({ caseId, kind: 'count', payload: { n: 5 }, createdBy: 'u' });
    const bad = await q.enqueue({ caseId, kind: 'count', payload: { n: -1 }, createdBy: 'u' });
    const runner = new JobRunner({
      queue: q,
      handlers: [handler],
      toolVersion: 't',
      heartbeatMs: 50,
    });
    expect(await runner.drain()).toBe(2);
    expect(await q.get(ok.id)).toMatchObject({
      status: 'done',
      result: { counted: 5 },
      progress: { done: 5, total: 5 },
    });
    // bad input is not retried
    expect(await q.get(bad.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await q.get(bad.id))!.error).toContain('negative');
  });
});

describe.skipIf(!!pgSkip)('job queue on PostgreSQL, concurrently', () => {
  it('never gives one job to two workers', async () => {
    const t = await tempPgCase();
    cleanups.push(t.cleanup);
    const q0 = new JobQueue(t.store);
    const ids = [];
    for (let i = 0; i < 40; i++)
      ids.push(
        (await q0.enqueue({ caseId: t.kase.id, kind: 'k', payload: { i }, createdBy: 'u' })).id,
      );
    // four workers, each with its own pool, claiming as fast as they can
    const stores = Array.from({ length: 4 }, () => new PostgresStore({ url: t.db.url }));
    cleanups.push(async () => {
      await Promise.all(stores.map((s) => s.close()));
    });
    const got = await Promise.all(
      stores.map(async (s, w) => {
        const q = new JobQueue(s);
        const mine: string[] = [];
        for (;;) {
          const j = await q.claim(`w${w}`, ['k']);
          if (!j) return mine;
          mine.push(j.id);
        }
      }),
    );
    const all = got.flat();
    expect(all.sort()).toEqual([...ids].sort());
    expect(new Set(all).size).toBe(40);
    expect(got.filter((g) => g.length > 0).length).toBeGreaterThan(1);
  });
});
