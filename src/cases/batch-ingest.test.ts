// Batch ingest of closed cases from a folder-per-case layout: cases created from case.json or the
// folder name, every device read, bad folders recorded without stopping the rest, and a run that
// stops part way continues where it stopped when run again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedKestrel } from '../testkit/kestrel-case.js';
import { tempStore, type TempStore } from '../testkit/temp-store.js';
import { loadGroundTruth } from '../generator/load-ground-truth.js';
import type { GroundTruth } from '../generator/ground-truth.js';
import { batchQueue, ingestBatch, planBatch } from './batch-ingest.js';
import { findCase } from '../store/queries/cases.js';
import { runCli } from '../testkit/run-cli.js';
import { isAppError } from '../model/errors.js';

let t: TempStore;
let truth: GroundTruth;
let root: string;

const interrupted = new Error('stopped after the second device');

beforeAll(async () => {
  const cached = await cachedKestrel(7, true);
  truth = loadGroundTruth(join(cached, 'case'));
  t = await tempStore();
  root = join(t.dir, 'batch');
  // the two closed cases, one folder per case and per device
  for (const ref of ['OP-HARRIER-2014', 'OP-MERLIN-2018']) {
    const c = truth.cases.find((x) => x.ref === ref)!;
    for (const d of c.devices)
      cpSync(join(cached, 'case', d.dir), join(root, ref, d.id), { recursive: true });
  }
  const harrier = truth.cases.find((x) => x.ref === 'OP-HARRIER-2014')!;
  writeFileSync(
    join(root, 'OP-HARRIER-2014', 'case.json'),
    JSON.stringify({
      title: harrier.title,
      crimeTypes: harrier.crimeTypes,
      owner: 'DC Ann Example',
      supervisor: 'DS Harriet Example',
      devices: Object.fromEntries(
        harrier.devices.map((d) => [d.id, { label: d.label, exhibit: d.exhibit }]),
      ),
    }),
  );
  // a case folder whose name is not a valid reference, and one whose case.json is not a record
  mkdirSync(join(root, 'bad ref!', 'X01'), { recursive: true });
  writeFileSync(join(root, 'bad ref!', 'X01', 'notes.txt'), 'hello');
  mkdirSync(join(root, 'OP-BROKEN', 'B01'), { recursive: true });
  writeFileSync(join(root, 'OP-BROKEN', 'case.json'), '{"status": "archived"}');
  writeFileSync(join(root, 'README.txt'), 'not a case');
}, 240_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('batch ingest', () => {
  it('plans one queue item per device folder, in order, and reports what it ignores', () => {
    const p = planBatch(root);
    expect(p.items.map((i) => [i.caseRef, i.deviceDir, i.error?.code ?? null])).toEqual([
      ['OP-BROKEN', '', 'INVALID_ARGUMENT'],
      ['OP-HARRIER-2014', 'H01', null],
      ['OP-HARRIER-2014', 'H02', null],
      ['OP-MERLIN-2018', 'M01', null],
      ['OP-MERLIN-2018', 'M02', null],
      ['bad ref!', 'X01', null],
    ]);
    expect(p.ignored).toEqual(['README.txt']);
    expect(() => planBatch(join(root, 'missing'))).toThrow(/is not a folder/);
  });

  it('stops part way, then continues where it stopped and reads everything once', async () => {
    let n = 0;
    const first = await ingestBatch(t.store, {
      root,
      toolVersion: 'test',
      scratchParent: join(t.dir, 'scratch'),
      afterItem: async () => {
        if (++n === 2) throw interrupted;
      },
    }).catch((e: unknown) => e);
    expect(first).toBe(interrupted);
    let q = await batchQueue(t.store, root);
    expect(q.map((i) => [i.deviceDir || i.caseRef, i.status])).toEqual([
      ['OP-BROKEN', 'failed'],
      ['H01', 'done'],
      ['H02', 'done'],
      ['M01', 'pending'],
      ['M02', 'pending'],
      ['X01', 'pending'],
    ]);
    // what a killed process leaves: the device it was on still marked running
    await t.store.db
      .updateTable('batch_queue')
      .set({ status: 'running', attempts: 1 })
      .where('device_dir', '=', 'M01')
      .execute();

    const progress: Array<[number, number]> = [];
    const second = await ingestBatch(t.store, {
      root,
      toolVersion: 'test',
      scratchParent: join(t.dir, 'scratch'),
      onProgress: (p) => progress.push([p.done, p.total]),
    });
    expect(second.devices).toEqual({
      total: 6,
      ingested: 2,
      alreadyDone: 2,
      failed: 2,
      pending: 0,
    });
    expect(progress.at(-1)).toEqual([6, 6]);
    expect(second.cases.created).toEqual(['OP-MERLIN-2018']);
    expect(second.failures).toEqual([
      {
        caseRef: 'OP-BROKEN',
        deviceDir: '',
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('case.json is not a case record: status'),
      },
      {
        caseRef: 'bad ref!',
        deviceDir: 'X01',
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('must be 1-64 letters'),
      },
    ]);
    expect(second.ignored).toEqual(['README.txt']);
    q = await batchQueue(t.store, root);
    // each device ingested exactly once (M01 was "running" when killed: run once more)
    expect(q.map((i) => [i.deviceDir || i.caseRef, i.attempts])).toEqual([
      ['OP-BROKEN', 0],
      ['H01', 1],
      ['H02', 1],
      ['M01', 2],
      ['M02', 1],
      ['X01', 1],
    ]);

    // every message the generator wrote for these devices is in the store, once
    for (const ref of ['OP-HARRIER-2014', 'OP-MERLIN-2018']) {
      const c = truth.cases.find((x) => x.ref === ref)!;
      const kase = (await findCase(t.store, ref))!;
      const want = c.devices.reduce(
        (n, d) => n + d.formats.reduce((m, f) => m + (f.counts.message ?? 0), 0),
        0,
      );
      const got = await t.store.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('case_id', '=', kase.id)
        .executeTakeFirstOrThrow();
      expect(Number(got.n)).toBe(want);
      expect(want).toBeGreaterThan(0);
    }
    expect(second.counts.messages).toBe(q.reduce((n, i) => n + (i.counts.messages ?? 0), 0));
    expect(second.files.parsed).toBeGreaterThanOrEqual(4);

    // the case record comes from case.json; without one, the folder name and the batch default
    const harrier = (await findCase(t.store, 'OP-HARRIER-2014'))!;
    expect([harrier.status, harrier.owner, harrier.supervisor, harrier.crimeTypes]).toEqual([
      'closed',
      'DC Ann Example',
      'DS Harriet Example',
      truth.cases.find((x) => x.ref === 'OP-HARRIER-2014')!.crimeTypes,
    ]);
    const h01 = await t.store.db
      .selectFrom('devices')
      .select(['label', 'exhibit'])
      .where('case_id', '=', harrier.id)
      .orderBy('label')
      .execute();
    const hd = truth.cases.find((x) => x.ref === 'OP-HARRIER-2014')!.devices;
    expect(h01).toEqual(
      hd
        .map((d) => ({ label: d.label, exhibit: d.exhibit }))
        .sort((a, b) => (a.label < b.label ? -1 : 1)),
    );
    const merlin = (await findCase(t.store, 'OP-MERLIN-2018'))!;
    expect([merlin.status, merlin.title, merlin.marking]).toEqual([
      'closed',
      null,
      'OFFICIAL-SENSITIVE',
    ]);
  });

  it('a third run has nothing to do; --retry-failed runs the failed ones again', async () => {
    const third = await ingestBatch(t.store, { root, toolVersion: 'test' });
    expect(third.devices).toMatchObject({ ingested: 0, alreadyDone: 4, failed: 2 });
    const retry = await ingestBatch(t.store, { root, toolVersion: 'test', retryFailed: true });
    expect(retry.devices).toMatchObject({ ingested: 0, alreadyDone: 4, failed: 2 });
    const q = await batchQueue(t.store, root);
    expect(q.find((i) => i.deviceDir === 'X01')!.attempts).toBe(2);
  });

  it('refusals from the access check are recorded per case, the rest goes on', async () => {
    const other = join(t.dir, 'batch2');
    const m02 = truth.cases
      .find((x) => x.ref === 'OP-MERLIN-2018')!
      .devices.find((d) => d.id === 'M02')!;
    const cached = await cachedKestrel(7, true);
    cpSync(join(cached, 'case', m02.dir), join(other, 'OP-ALLOWED', 'D1'), { recursive: true });
    cpSync(join(cached, 'case', m02.dir), join(other, 'OP-REFUSED', 'D1'), { recursive: true });
    const { AppError } = await import('../model/errors.js');
    const r = await ingestBatch(t.store, {
      root: other,
      toolVersion: 'test',
      authorise: async (ref) => {
        if (ref === 'OP-REFUSED') throw new AppError('FORBIDDEN', 'you may not case.create');
      },
    });
    expect(r.devices).toMatchObject({ total: 2, ingested: 1, failed: 1 });
    expect(r.failures.map((f) => [f.caseRef, f.code])).toEqual([['OP-REFUSED', 'FORBIDDEN']]);
    expect(await findCase(t.store, 'OP-REFUSED')).toBeNull();
    const err = await ingestBatch(t.store, { root: join(other, 'nope'), toolVersion: 'x' }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe('INVALID_ARGUMENT');
  });

  it('threadline ingest-batch <folder> --json', () => {
    const data = join(t.dir, 'cli-data');
    const run = runCli(['--data', data, '--json', 'ingest-batch', join(t.dir, 'batch2')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const s = run.json<{ devices: { ingested: number }; cases: { created: string[] } }>();
    expect(s.devices.ingested).toBe(2);
    expect(s.cases.created).toEqual(['OP-ALLOWED', 'OP-REFUSED']);
  });
});
