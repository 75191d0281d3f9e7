// The ingest runner end to end on a real SQLite store: idempotent re-ingest, byte-identical exports,
// sources unchanged (read-only fixtures with WAL), atomicity under kill -9, source changed mid-ingest.
import { afterEach, describe, expect, it } from 'vitest';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { createHash } from 'node:crypto';
import { ingest } from './runner.js';
import { tempCase, countRows, type TempStore } from '../testkit/temp-store.js';
import { writeAndroidMmssms } from '../generator/writers/android-mmssms.js';
import { writeCanonicalExport } from '../report/canonical-export.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createCase } from '../store/queries/cases.js';
import { ErrorCodes } from '../model/errors.js';
import type { CaseRecord } from '../store/queries/cases.js';

const T0 = Date.UTC(2024, 0, 10, 9, 0, 0);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tl-runner-'));
  cleanups.push(() => {
    chmodRecursive(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function chmodRecursive(dir: string, mode: number): void {
  try {
    chmodSync(dir, mode);
  } catch {
    /* ignore */
  }
}

function phone(dir: string, name: string, n: number, walOnly = 0): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeAndroidMmssms(join(d, 'mmssms.db'), {
    threads: [{ id: 1, addresses: ['07700 900001'] }],
    sms: Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      threadId: 1,
      address: '07700 900001',
      dateMs: T0 + i * 1000,
      type: (i % 2 ? 1 : 2) as 1 | 2,
      body: `message ${name} ${i}`,
    })),
    walOnlySms: Array.from({ length: walOnly }, (_, i) => ({
      id: n + i + 1,
      threadId: 1,
      address: '07700 900001',
      dateMs: T0 + (n + i) * 1000,
      type: 1 as const,
      body: `wal row ${i}`,
    })),
  });
  return d;
}

async function exportText(t: TempStore, kase: CaseRecord): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCanonicalExport(t.store, kase.id, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

function sha(p: string): string {
  return createHash('sha256').update(readFileSync(p)).digest('hex');
}

describe('ingest runner', () => {
  it('re-ingesting the same files changes nothing and exports are byte-identical', async () => {
    const dir = fixtureDir();
    const p = phone(dir, 'phoneA', 50, 3);
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const r1 = await ingest(t.store, { caseRef: 'TEST-1', inputs: [p], toolVersion: 'test' });
    expect(r1.counts.messages).toBe(53);
    expect(await countRows(t.store, 'messages')).toBe(53);
    const e1 = await exportText(t, t.kase);
    const r2 = await ingest(t.store, { caseRef: 'TEST-1', inputs: [p], toolVersion: 'test' });
    expect(r2.sources.find((s) => s.path.endsWith('mmssms.db'))?.unchanged).toBe(true);
    expect(await countRows(t.store, 'messages')).toBe(53);
    const e2 = await exportText(t, t.kase);
    expect(e2).toBe(e1);
    const e3 = await exportText(t, t.kase);
    expect(e3).toBe(e1);
    // rows only in the WAL are read and labelled
    const wal = await t.store.db
      .selectFrom('messages')
      .select(['recovery', 'body'])
      .where('recovery', '=', 'wal-only')
      .execute();
    expect(wal.map((w) => w.body).sort()).toEqual(['wal row 0', 'wal row 1', 'wal row 2']);
  });

  it('two examiners ingesting the same files get the same ids and the same export', async () => {
    const dir = fixtureDir();
    const p = phone(dir, 'phoneA', 20);
    const a = await tempCase();
    const b = await tempCase();
    cleanups.push(a.cleanup, b.cleanup);
    await ingest(a.store, { caseRef: 'TEST-1', inputs: [p], toolVersion: 'test' });
    await ingest(b.store, { caseRef: 'TEST-1', inputs: [p], toolVersion: 'test' });
    expect(await exportText(b, b.kase)).toBe(await exportText(a, a.kase));
  });

  it('leaves read-only evidence (including its WAL) byte for byte unchanged', async () => {
    const dir = fixtureDir();
    const p = phone(dir, 'ro', 30, 5);
    const files = ['mmssms.db', 'mmssms.db-wal'].map((f) => join(p, f));
    expect(files.every(existsSync)).toBe(true);
    const before = files.map(sha);
    chmodSync(files[0]!, 0o444);
    chmodSync(files[1]!, 0o444);
    chmodSync(p, 0o555);
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [p], toolVersion: 'test' });
    expect(r.counts.messages).toBe(35);
    chmodSync(p, 0o755);
    expect(files.map(sha)).toEqual(before);
    expect(existsSync(join(p, 'mmssms.db-shm'))).toBe(false);
  });

  it('fails with SOURCE_CHANGED and commits nothing when a source changes during ingest', async () => {
    const dir = fixtureDir();
    const a = phone(dir, 'a', 10);
    const b = phone(dir, 'b', 10);
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const err = await ingest(t.store, {
      caseRef: 'TEST-1',
      inputs: [a, b],
      toolVersion: 'test',
      afterFile: (path) => {
        if (path.startsWith('a/')) appendFileSync(join(a, 'mmssms.db'), 'x');
      },
    }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe(ErrorCodes.SOURCE_CHANGED);
    expect((err as { details?: { file?: string } }).details?.file).toBe('a/mmssms.db');
    expect(await countRows(t.store, 'messages')).toBe(0);
    expect(await countRows(t.store, 'sources')).toBe(0);
    expect(await countRows(t.store, 'ingests')).toBe(0);
  });

  it('after kill -9 mid-ingest, running again gives exactly the uninterrupted result', async () => {
    const dir = fixtureDir();
    const inputs = [phone(dir, 'k1', 40), phone(dir, 'k2', 40), phone(dir, 'k3', 40)];
    // uninterrupted reference
    const ref = await tempCase();
    cleanups.push(ref.cleanup);
    await ingest(ref.store, { caseRef: 'TEST-1', inputs, deviceLabel: 'dev', toolVersion: 'test' });
    const expected = await exportText(ref, ref.kase);

    const sdir = mkdtempSync(join(tmpdir(), 'tl-kill-'));
    cleanups.push(() => rmSync(sdir, { recursive: true, force: true }));
    const file = join(sdir, 'store.db');
    const s0 = new SqliteStore({ file });
    await s0.migrate();
    await createCase(s0, { ref: 'TEST-1', createdAt: 0 });
    await s0.close();

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(process.cwd(), 'src/testkit/ingest-child.ts'),
        file,
        'TEST-1',
        ...inputs,
      ],
      {
        env: { ...process.env, PAUSE_AFTER: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('FILE 1')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) =>
        out.includes('FILE 1')
          ? resolve()
          : reject(new Error(`child exited ${code} before pausing: ${out}`)),
      );
    });
    await new Promise((r) => child.once('close', r));

    const s1 = new SqliteStore({ file });
    cleanups.push(() => s1.close());
    // nothing of the killed run is visible
    const n = await s1.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(n?.n)).toBe(0);
    await ingest(s1, { caseRef: 'TEST-1', inputs, deviceLabel: 'dev', toolVersion: 'test' });
    const kase = (await s1.db
      .selectFrom('cases')
      .selectAll()
      .executeTakeFirstOrThrow()) as unknown as CaseRecord;
    const got = await exportText(
      { store: s1, dir: sdir, file, cleanup: async () => undefined },
      kase,
    );
    expect(got).toBe(expected);
  }, 60_000);

  it('records unreadable and unsupported files without stopping the rest', async () => {
    const dir = fixtureDir();
    const p = phone(dir, 'mixed', 5);
    writeFileSync(join(p, 'notes.txt'), 'not a phone database');
    const full = readFileSync(join(p, 'mmssms.db'));
    mkdirSync(join(p, 'broken'));
    writeFileSync(join(p, 'broken', 'mmssms.db'), full.subarray(0, Math.floor(full.length / 2)));
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [p], toolVersion: 'test' });
    const byPath = new Map(r.sources.map((s) => [s.path, s]));
    expect(byPath.get('mixed/mmssms.db')?.status).toBe('parsed');
    expect(byPath.get('mixed/notes.txt')?.status).toBe('unsupported');
    expect(byPath.get('mixed/notes.txt')?.errorCode).toBe(ErrorCodes.UNSUPPORTED_FORMAT);
    const broken = byPath.get('mixed/broken/mmssms.db')!;
    expect(['failed', 'unsupported', 'partial']).toContain(broken.status);
    expect(broken.errorCode).toMatch(/SQLITE_|UNSUPPORTED_FORMAT|PARSE_ERROR/);
    expect(r.counts.messages).toBe(5);
  });
});
