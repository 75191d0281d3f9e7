// Job progress through the API in server mode: a job queued on PostgreSQL, run by a worker, is
// listed with its status, progress and result behind the case-access seam (audited), and a job of
// another case is not found. Uses SQLite when no PostgreSQL is reachable (the routes are the same).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { pgUnavailableReason, tempPgStore } from '../../testkit/temp-pg.js';
import { tempStore } from '../../testkit/temp-store.js';
import { testApp } from '../../testkit/test-app.js';
import { createServer } from '../create-server.js';
import { createCase } from '../../store/queries/cases.js';
import { writeAndroidMmssms } from '../../generator/writers/android-mmssms.js';
import { JobQueue } from '../../jobs/job-queue.js';
import { JobRunner } from '../../jobs/job-runner.js';
import { JOB_HANDLERS } from '../../jobs/job-handlers.js';
import type { Store } from '../../store/store.js';
import type { MemoryAuditSink } from '../../security/audit-sink.js';

const pgSkip = await pgUnavailableReason();
if (pgSkip) console.warn(`[note] job routes run on SQLite: ${pgSkip}`);

let store: Store;
let cleanup: () => Promise<void>;
let server: FastifyInstance;
let audit: MemoryAuditSink;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tl-jobs-api-'));
  const t = pgSkip ? await tempStore() : await tempPgStore();
  store = t.store;
  cleanup = t.cleanup;
  const app = testApp(store, dir);
  audit = app.audit;
  ({ server } = await createServer(app, { log: { level: 'silent' }, webRoot: null }));
});
afterAll(async () => {
  await server?.close();
  await cleanup?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('job routes', () => {
  it('shows a case its jobs with progress and result', async () => {
    const kase = await createCase(store, { ref: 'JOBS-1', createdAt: 0 });
    const other = await createCase(store, { ref: 'JOBS-2', createdAt: 0 });
    const db = join(dir, 'ev', 'mmssms.db');
    writeAndroidMmssms(db, {
      threads: [{ id: 1, addresses: ['+447700900101'] }],
      sms: Array.from({ length: 30 }, (_, i) => ({
        id: i + 1,
        threadId: 1,
        address: '+447700900101',
        dateMs: 1_700_000_000_000 + i,
        type: 1 as const,
        body: `message ${i}`,
      })),
    });
    const queue = new JobQueue(store);
    const job = await queue.enqueue({
      caseId: kase.id,
      kind: 'ingest',
      payload: { caseRef: 'JOBS-1', inputs: [db], deviceLabel: 'Phone A' },
      createdBy: 'local',
    });
    const otherJob = await queue.enqueue({
      caseId: other.id,
      kind: 'ingest',
      payload: { caseRef: 'JOBS-2', inputs: [] },
      createdBy: 'local',
    });
    const queued = await server.inject({ url: `/api/cases/${kase.id}/jobs` });
    expect(queued.statusCode).toBe(200);
    expect(queued.json().jobs).toEqual([expect.objectContaining({ id: job.id, status: 'queued' })]);
    // the payload (evidence paths) is not shown
    expect(queued.json().jobs[0].payload).toBeUndefined();

    const runner = new JobRunner({
      queue,
      handlers: JOB_HANDLERS,
      toolVersion: 'test',
      worker: 'w1',
    });
    expect(await runner.drain()).toBe(2);

    const r = await server.inject({ url: `/api/cases/${kase.id}/jobs/${job.id}` });
    expect(r.statusCode).toBe(200);
    expect(r.json().job).toMatchObject({
      id: job.id,
      kind: 'ingest',
      status: 'done',
      worker: 'w1',
      attempts: 1,
      result: { counts: { messages: 30, threads: 1 } },
      progress: { phase: 'done', filesDone: 1, filesTotal: 1 },
    });
    // the other case's job (bad payload: failed, not retried) is not visible from this case
    const cross = await server.inject({ url: `/api/cases/${kase.id}/jobs/${otherJob.id}` });
    expect(cross.statusCode).toBe(404);
    const bad = await server.inject({ url: `/api/cases/${kase.id}/jobs/not-a-job` });
    expect(bad.statusCode).toBe(400);
    expect((await queue.get(otherJob.id))!.status).toBe('failed');
    const seen = audit.events.filter((e) => e.objects?.includes(job.id));
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });
});
