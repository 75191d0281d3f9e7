// `threadline worker --drain` against PostgreSQL (configured by THREADLINE_DATABASE_URL) runs the
// queued ingest job in its own process and logs JSON lines; bad options are refused with a code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pgUnavailableReason, tempPgStore, type TempPgStore } from '../../testkit/temp-pg.js';
import { runCli } from '../../testkit/run-cli.js';
import { createCase } from '../../store/queries/cases.js';
import { writeAndroidMmssms } from '../../generator/writers/android-mmssms.js';
import { JobQueue } from '../../jobs/job-queue.js';

const skip = await pgUnavailableReason();
if (skip) console.warn(`[skip] threadline worker: ${skip}`);

describe.skipIf(!!skip)('threadline worker', () => {
  let pg: TempPgStore;
  let dir: string;
  beforeAll(async () => {
    pg = await tempPgStore();
    dir = mkdtempSync(join(tmpdir(), 'tl-worker-cli-'));
  });
  afterAll(async () => {
    await pg?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs queued jobs and exits with --drain', async () => {
    const kase = await createCase(pg.store, { ref: 'WORK-1', createdAt: 0 });
    const db = join(dir, 'ev', 'mmssms.db');
    writeAndroidMmssms(db, {
      threads: [{ id: 1, addresses: ['+447700900101'] }],
      sms: [{ id: 1, threadId: 1, address: '+447700900101', dateMs: 1, type: 1, body: 'hello' }],
    });
    const queue = new JobQueue(pg.store);
    const job = await queue.enqueue({
      caseId: kase.id,
      kind: 'ingest',
      payload: { caseRef: 'WORK-1', inputs: [db] },
      createdBy: 'local',
    });
    const env = { THREADLINE_DATABASE_URL: pg.db.url, THREADLINE_DATA_DIR: join(dir, 'data') };
    const r = runCli(['--json', 'worker', '--drain'], { env });
    expect(r.stderr).toContain('"event":"done"');
    expect(r.status).toBe(0);
    expect(r.json()).toEqual({ ran: 1 });
    expect(await queue.get(job.id)).toMatchObject({
      status: 'done',
      result: { counts: { messages: 1, threads: 1 } },
    });
    const bad = runCli(['worker', '--lease', '5'], { env });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('INVALID_ARGUMENT');
  });
});
