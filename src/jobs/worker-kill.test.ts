// A worker killed (SIGKILL) in the middle of an ingest job loses nothing: its transaction is rolled
// back by PostgreSQL, its lease runs out, another worker claims the job and completes it, and the
// result is exactly what a direct ingest of the same evidence gives (SQLite reference).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pgUnavailableReason, tempPgStore, type TempPgStore } from '../testkit/temp-pg.js';
import { kestrelCase, type KestrelCase } from '../testkit/kestrel-case.js';
import { createCase } from '../store/queries/cases.js';
import { JobQueue } from './job-queue.js';
import { JobRunner } from './job-runner.js';
import { JOB_HANDLERS } from './job-handlers.js';
import type { Store } from '../store/store.js';

const skip = await pgUnavailableReason();
if (skip) console.warn(`[skip] worker killed mid-job: ${skip}`);

async function deviceMessages(store: Store, deviceId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('messages')
    .select(['id', 'body', 'sent_at'])
    .where('device_id', '=', deviceId)
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.id}|${r.sent_at}|${r.body}`);
}

describe.skipIf(!!skip)('worker killed mid-job', () => {
  let lite: KestrelCase;
  let pg: TempPgStore;
  let child: ChildProcess | null = null;
  beforeAll(async () => {
    lite = await kestrelCase();
    pg = await tempPgStore();
  }, 600_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await lite?.cleanup();
    await pg?.cleanup();
  });

  it('completes the ingest on another worker, exactly as a direct ingest', async () => {
    const c = lite.truth.cases[0]!;
    const device = c.devices
      .filter((d) => d.formats.length > 0)
      .sort((a, b) => b.formats.length - a.formats.length)[0]!;
    const kase = await createCase(pg.store, {
      ref: c.ref,
      title: c.title,
      status: c.status,
      crimeTypes: c.crimeTypes,
    });
    const queue = new JobQueue(pg.store, { leaseMs: 1500 });
    const job = await queue.enqueue({
      caseId: kase.id,
      kind: 'ingest',
      payload: {
        caseRef: c.ref,
        inputs: [join(lite.caseDir, device.dir)],
        deviceLabel: device.label,
        exhibit: device.exhibit,
        timezone: 'Europe/London',
      },
      createdBy: 'test',
    });

    // worker 1: a separate process, slowed after each file, killed once it has made progress
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(process.cwd(), 'src/testkit/job-worker-child.ts'),
        pg.db.url,
        '1500',
        '400',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let progressed = false;
    for (let i = 0; i < 600 && !progressed; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const j = (await queue.get(job.id))!;
      progressed = j.status === 'running' && Number(j.progress.filesDone ?? 0) >= 1;
    }
    expect(progressed).toBe(true);
    const before = (await queue.get(job.id))!;
    expect(before.worker).toMatch(/^child:/);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = null;
    // nothing half-written is visible: the dead worker's transaction was rolled back
    const ingests = await pg.store.db.selectFrom('ingests').selectAll().execute();
    expect(ingests).toEqual([]);

    // worker 2: claims the job once the lease has run out, and finishes it
    const runner = new JobRunner({
      queue,
      handlers: JOB_HANDLERS,
      toolVersion: 'test',
      worker: 'w2',
    });
    let ran = 0;
    for (let i = 0; i < 100 && ran === 0; i++) {
      ran = await runner.drain();
      if (!ran) await new Promise((r) => setTimeout(r, 200));
    }
    const done = (await queue.get(job.id))!;
    expect(done).toMatchObject({ status: 'done', worker: 'w2', attempts: 2 });
    const deviceId = done.result!.deviceId as string;
    const [a, b] = [
      await deviceMessages(lite.store, deviceId),
      await deviceMessages(pg.store, deviceId),
    ];
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(await pg.store.checkIntegrity()).toEqual([]);
  }, 300_000);
});
