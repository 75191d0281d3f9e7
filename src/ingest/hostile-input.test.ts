// Hostile inputs through the whole runner: zip slip, zip bombs (inflated budget, overlapping
// entries, nesting), lying sizes, hot journals. Each gives a specific recorded error for that file
// and nothing else is lost.
import { afterEach, describe, expect, it } from 'vitest';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
  copyFileSync,
  readdirSync,
  existsSync,
} from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { ingest } from './runner.js';
import { tempCase, countRows } from '../testkit/temp-store.js';
import { buildOverlappingZip, buildZip } from '../testkit/zip-builder.js';
import { writeAndroidMmssms } from '../generator/writers/android-mmssms.js';
import { ErrorCodes } from '../model/errors.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'tl-hostile-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

function smsDb(dir: string, n: number): Buffer {
  const p = join(dir, `src-${n}.db`);
  writeAndroidMmssms(p, {
    threads: [{ id: 1, addresses: ['+447700900555'] }],
    sms: Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      threadId: 1,
      address: '+447700900555',
      dateMs: 1_700_000_000_000 + i,
      type: 1 as const,
      body: `hello ${i}`,
    })),
  });
  return readFileSync(p);
}

function listAll(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push(p);
    if (e.isDirectory()) out.push(...listAll(p));
  }
  return out;
}

describe('hostile archives', () => {
  it('zip slip: never creates files from entry names, flags every trick, still reads the good entry', async () => {
    const dir = tmp();
    const root = join(dir, 'root');
    mkdirSync(root);
    const zip = join(root, 'extraction.zip');
    writeFileSync(
      zip,
      buildZip([
        { name: 'data/mmssms.db', data: smsDb(dir, 4) },
        { name: '../../evil.txt', data: 'evil' },
        { name: '/abs.txt', data: 'abs' },
        { name: 'a\\..\\..\\win.txt', data: 'win' },
        { name: 'link', data: '/etc/passwd', mode: 0o120777 },
        { name: 'dup.txt', data: 'one' },
        { name: 'dup.txt', data: 'two' },
      ]),
    );
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const before = new Set(listAll(dir));
    const r = await ingest(t.store, {
      caseRef: 'TEST-1',
      inputs: [zip],
      toolVersion: 'test',
      scratchParent: join(dir, 'scratch'),
    });
    const created = listAll(dir).filter(
      (p) => !before.has(p) && !p.startsWith(join(dir, 'scratch')),
    );
    expect(created).toEqual([]);
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
    const byPath = (suffix: string) => r.sources.filter((s) => s.path.endsWith(suffix));
    expect(byPath('!/data/mmssms.db')[0]?.status).toBe('parsed');
    expect(r.counts.messages).toBe(4);
    expect(byPath('!/evil.txt')[0]?.anomalies).toContain('parent-traversal');
    expect(byPath('!/abs.txt')[0]?.anomalies).toContain('absolute-path');
    expect(byPath('!/win.txt')[0]?.anomalies).toEqual(
      expect.arrayContaining(['backslash', 'parent-traversal']),
    );
    const link = byPath('!/link')[0]!;
    expect(link.anomalies).toContain('symlink');
    expect(link.status).toBe('failed');
    expect(byPath('!/dup.txt').some((s) => s.anomalies.includes('duplicate-name'))).toBe(true);
    // every entry is accounted for as a source
    expect(r.sources.filter((s) => s.path.includes('!/')).length).toBe(7);
  });

  it('zip bomb: inflated bytes are budgeted; the bomb fails fast with ZIP_BOMB and earlier entries are kept', async () => {
    const dir = tmp();
    const zip = join(dir, 'bomb.zip');
    writeFileSync(
      zip,
      buildZip([
        { name: 'a/mmssms.db', data: smsDb(dir, 3) },
        { name: 'b/zeros.bin', data: Buffer.alloc(64 << 20) },
      ]),
    );
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const t0 = Date.now();
    const r = await ingest(t.store, {
      caseRef: 'TEST-1',
      inputs: [zip],
      toolVersion: 'test',
      zipBudget: () => ({
        maxEntries: 1000,
        maxTotalBytes: 8 << 20,
        maxEntryBytes: 8 << 20,
        flagRatio: 100,
      }),
    });
    expect(Date.now() - t0).toBeLessThan(10_000);
    const bomb = r.sources.find((s) => s.path.endsWith('zeros.bin'))!;
    expect(bomb.status).toBe('failed');
    expect(bomb.errorCode).toBe(ErrorCodes.ZIP_BOMB);
    expect(bomb.anomalies).toContain('high-compression-ratio');
    expect(r.counts.messages).toBe(3);
  });

  it('overlapping entries (Fifield) are refused and flagged', async () => {
    const dir = tmp();
    const zip = join(dir, 'overlap.zip');
    writeFileSync(zip, buildOverlappingZip(50, 1 << 20));
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [zip], toolVersion: 'test' });
    const entries = r.sources.filter((s) => s.path.includes('!/'));
    expect(entries).toHaveLength(50);
    for (const e of entries) {
      expect(e.status).toBe('failed');
      expect(e.errorCode).toBe(ErrorCodes.ZIP_BOMB);
      expect(e.anomalies).toContain('overlapping-entry');
    }
    expect(r.sources.find((s) => s.path === 'overlap.zip')?.anomalies).toContain(
      'overlapping-entries',
    );
  });

  it('nested archives deeper than the limit are not expanded (ZIP_NESTING)', async () => {
    const dir = tmp();
    let inner = buildZip([{ name: 'deep/mmssms.db', data: smsDb(dir, 2) }]);
    for (let i = 0; i < 4; i++) inner = buildZip([{ name: `level${i}.zip`, data: inner }]);
    const zip = join(dir, 'nested.zip');
    writeFileSync(zip, inner);
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const r = await ingest(t.store, {
      caseRef: 'TEST-1',
      inputs: [zip],
      toolVersion: 'test',
      maxArchiveDepth: 2,
    });
    const nesting = r.sources.filter((s) => s.errorCode === ErrorCodes.ZIP_NESTING);
    expect(nesting).toHaveLength(1);
    expect(r.counts.messages ?? 0).toBe(0);
    // within the limit the database inside is read
    const t2 = await tempCase();
    cleanups.push(t2.cleanup);
    const r2 = await ingest(t2.store, {
      caseRef: 'TEST-1',
      inputs: [zip],
      toolVersion: 'test',
      maxArchiveDepth: 6,
    });
    expect(r2.counts.messages).toBe(2);
  });

  it('an entry whose declared size lies is recorded as ZIP_CORRUPT; its neighbours are read', async () => {
    const dir = tmp();
    const zip = join(dir, 'liar.zip');
    writeFileSync(
      zip,
      buildZip([
        { name: 'liar.bin', data: Buffer.alloc(4096, 7), declaredSize: 10 },
        { name: 'ok/mmssms.db', data: smsDb(dir, 5) },
      ]),
    );
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [zip], toolVersion: 'test' });
    const liar = r.sources.find((s) => s.path.endsWith('liar.bin'))!;
    expect(liar.status).toBe('failed');
    expect([ErrorCodes.ZIP_CORRUPT, ErrorCodes.SOURCE_UNREADABLE]).toContain(liar.errorCode);
    expect(r.counts.messages).toBe(5);
  });

  it('a corrupt archive is one failed source, not a failed ingest', async () => {
    const dir = tmp();
    const folder = join(dir, 'phone');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'broken.zip'),
      Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 1)]),
    );
    writeFileSync(join(folder, 'mmssms.db'), smsDb(dir, 6));
    const t = await tempCase();
    cleanups.push(t.cleanup);
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [folder], toolVersion: 'test' });
    const broken = r.sources.find((s) => s.path.endsWith('broken.zip'))!;
    expect(broken.status).toBe('failed');
    expect(broken.errorCode).toBe(ErrorCodes.ZIP_CORRUPT);
    expect(r.counts.messages).toBe(6);
  });
});

describe('hostile SQLite', () => {
  it('a database with a hot journal is read in its rolled-back state; the originals are unchanged', async () => {
    const dir = tmp();
    const work = join(dir, 'work');
    mkdirSync(work);
    const live = join(work, 'mmssms.db');
    writeAndroidMmssms(live, {
      threads: [{ id: 1, addresses: ['+447700900321'] }],
      sms: Array.from({ length: 20 }, (_, i) => ({
        id: i + 1,
        threadId: 1,
        address: '+447700900321',
        dateMs: 1_700_000_000_000 + i,
        type: 1 as const,
        body: `committed ${i}`,
      })),
    });
    // switch to rollback-journal mode and leave a transaction half-written with a tiny cache,
    // so changed pages reach the main file and the originals sit in a hot journal
    const db = new Database(live);
    db.pragma('journal_mode = DELETE');
    db.pragma('cache_size = 2');
    db.exec('BEGIN');
    const ins = db.prepare(
      "INSERT INTO sms(_id, thread_id, address, date, type, body) VALUES (?, 1, '+447700900321', 1, 1, ?)",
    );
    for (let i = 0; i < 2000; i++) ins.run(1000 + i, `uncommitted ${'x'.repeat(200)} ${i}`);
    const evidence = join(dir, 'evidence');
    mkdirSync(evidence);
    copyFileSync(live, join(evidence, 'mmssms.db'));
    copyFileSync(`${live}-journal`, join(evidence, 'mmssms.db-journal'));
    db.exec('ROLLBACK');
    db.close();
    const hashes = () =>
      ['mmssms.db', 'mmssms.db-journal'].map((f) =>
        createHash('sha256')
          .update(readFileSync(join(evidence, f)))
          .digest('hex'),
      );
    const before = hashes();
    expect(readFileSync(join(evidence, 'mmssms.db-journal')).length).toBeGreaterThan(0);

    const t = await tempCase();
    cleanups.push(t.cleanup);
    const r = await ingest(t.store, { caseRef: 'TEST-1', inputs: [evidence], toolVersion: 'test' });
    const src = r.sources.find((s) => s.path.endsWith('/mmssms.db'))!;
    expect(src.status).toBe('parsed');
    expect(src.anomalies).toContain('hot-journal-rolled-back');
    expect(r.sources.find((s) => s.path.endsWith('mmssms.db-journal'))?.status).toBe('companion');
    expect(await countRows(t.store, 'messages')).toBe(20);
    expect(hashes()).toEqual(before);
  });
});
