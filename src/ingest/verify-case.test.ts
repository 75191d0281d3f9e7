// `threadline verify`: a changed byte is CHANGED, a deleted file MISSING, an entry of a changed
// archive is checked on its own, and a corrupted provenance row or translation hash is reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ingest } from './runner.js';
import { verifyCase } from './verify-case.js';
import { tempCase, type TempStore } from '../testkit/temp-store.js';
import type { CaseRecord } from '../store/queries/cases.js';
import { tempDir } from '../testkit/generated-case.js';
import { buildZip } from '../testkit/zip-builder.js';
import { writeAndroidMmssms } from '../generator/writers/android-mmssms.js';
import { ErrorCodes } from '../model/errors.js';
import { sourceHash } from '../language/normalise-text.js';
import { runCli } from '../testkit/run-cli.js';

function smsDb(path: string, n: number, word: string): void {
  writeAndroidMmssms(path, {
    threads: [{ id: 1, addresses: ['+447700900555'] }],
    sms: Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      threadId: 1,
      address: '+447700900555',
      dateMs: 1_700_000_000_000 + i * 1000,
      type: 1 as const,
      body: `${word} ${i}`,
    })),
  });
}

let t: TempStore & { kase: CaseRecord };
let dev: string;
const tmp = tempDir('tl-verify-');

async function fresh(): Promise<void> {
  if (t) await t.cleanup();
  rmSync(join(tmp.dir, 'ev'), { recursive: true, force: true });
  dev = join(tmp.dir, 'ev', 'PHONE-1');
  mkdirSync(dev, { recursive: true });
  smsDb(join(dev, 'mmssms.db'), 3, 'hello');
  smsDb(join(tmp.dir, 'inner.db'), 2, 'zipped');
  writeFileSync(join(dev, 'notes.txt'), 'not evidence anyone parses');
  writeFileSync(
    join(dev, 'extraction.zip'),
    buildZip([{ name: 'data/mmssms.db', data: readFileSync(join(tmp.dir, 'inner.db')) }]),
  );
  t = await tempCase({ ref: 'VER-1' });
  await ingest(t.store, {
    caseRef: 'VER-1',
    inputs: [dev],
    toolVersion: 'test',
    scratchParent: join(tmp.dir, 'scratch'),
  });
}

beforeAll(fresh, 60_000);
afterAll(async () => {
  await t?.cleanup();
  tmp.cleanup();
});

describe('verifyCase', () => {
  it('verifies an untouched case: every source OK, every item traceable', async () => {
    const r = await verifyCase(t.store, t.kase.id, { scratchParent: join(tmp.dir, 'scratch') });
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
    const byPath = Object.fromEntries(r.sources.map((s) => [s.path, s]));
    expect(Object.keys(byPath).sort()).toEqual([
      'PHONE-1/extraction.zip',
      'PHONE-1/extraction.zip!/data/mmssms.db',
      'PHONE-1/mmssms.db',
      'PHONE-1/notes.txt',
    ]);
    expect(r.sources.every((s) => s.status === 'OK')).toBe(true);
    expect(byPath['PHONE-1/extraction.zip!/data/mmssms.db']!.via).toBe('container');
    expect(byPath['PHONE-1/mmssms.db']!.location).toBe(join(dev, 'mmssms.db'));
    expect(r.provenance.checked.messages).toBe(5);
    expect(r.provenance.issues).toEqual([]);
  });

  it('one changed byte is CHANGED (SOURCE_CHANGED) with both hashes; a deleted file is MISSING', async () => {
    const db = join(dev, 'mmssms.db');
    const bytes = readFileSync(db);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
    writeFileSync(db, bytes);
    unlinkSync(join(dev, 'notes.txt'));
    const r = await verifyCase(t.store, t.kase.id, { scratchParent: join(tmp.dir, 'scratch') });
    expect(r.ok).toBe(false);
    const byPath = Object.fromEntries(r.sources.map((s) => [s.path, s]));
    const changed = byPath['PHONE-1/mmssms.db']!;
    expect(changed.status).toBe('CHANGED');
    expect(changed.code).toBe(ErrorCodes.SOURCE_CHANGED);
    expect(changed.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(changed.actual).not.toBe(changed.expected);
    expect(byPath['PHONE-1/notes.txt']).toMatchObject({
      status: 'MISSING',
      code: ErrorCodes.SOURCE_MISSING,
    });
    expect(byPath['PHONE-1/extraction.zip']!.status).toBe('OK');
    expect(r.summary).toEqual({ OK: 2, CHANGED: 1, MISSING: 1 });
    expect(r.failures.map((f) => [f.code, f.count])).toEqual([
      [ErrorCodes.SOURCE_CHANGED, 1],
      [ErrorCodes.SOURCE_MISSING, 1],
    ]);
  });

  it('an archive that changed has its entries hashed one by one', async () => {
    await fresh();
    const zip = join(dev, 'extraction.zip');
    // same entry bytes, one more entry: the archive is CHANGED, the entry is still OK
    writeFileSync(
      zip,
      buildZip([
        { name: 'data/mmssms.db', data: readFileSync(join(tmp.dir, 'inner.db')) },
        { name: 'added.txt', data: 'planted later' },
      ]),
    );
    let r = await verifyCase(t.store, t.kase.id, { scratchParent: join(tmp.dir, 'scratch') });
    let byPath = Object.fromEntries(r.sources.map((s) => [s.path, s]));
    expect(byPath['PHONE-1/extraction.zip']!.status).toBe('CHANGED');
    expect(byPath['PHONE-1/extraction.zip!/data/mmssms.db']).toMatchObject({
      status: 'OK',
      via: 'entry',
    });
    // the entry removed: MISSING; then the archive itself removed: its entry is MISSING too
    writeFileSync(zip, buildZip([{ name: 'other.txt', data: 'x' }]));
    r = await verifyCase(t.store, t.kase.id, { scratchParent: join(tmp.dir, 'scratch') });
    byPath = Object.fromEntries(r.sources.map((s) => [s.path, s]));
    expect(byPath['PHONE-1/extraction.zip!/data/mmssms.db']!.status).toBe('MISSING');
    unlinkSync(zip);
    r = await verifyCase(t.store, t.kase.id, { scratchParent: join(tmp.dir, 'scratch') });
    byPath = Object.fromEntries(r.sources.map((s) => [s.path, s]));
    expect(byPath['PHONE-1/extraction.zip']!.status).toBe('MISSING');
    expect(byPath['PHONE-1/extraction.zip!/data/mmssms.db']!.status).toBe('MISSING');
    expect(byPath['PHONE-1/mmssms.db']!.status).toBe('OK');
  });

  it('evidence moved to another folder verifies with --root', async () => {
    await fresh();
    const moved = join(tmp.dir, 'moved');
    rmSync(moved, { recursive: true, force: true });
    mkdirSync(moved);
    const { renameSync } = await import('node:fs');
    renameSync(dev, join(moved, 'PHONE-1'));
    let r = await verifyCase(t.store, t.kase.id, { scratchParent: join(tmp.dir, 'scratch') });
    expect(r.summary.MISSING).toBe(4);
    r = await verifyCase(t.store, t.kase.id, {
      root: moved,
      scratchParent: join(tmp.dir, 'scratch'),
    });
    expect(r.ok).toBe(true);
    renameSync(join(moved, 'PHONE-1'), dev);
  });

  it('reports corrupted provenance rows and translations of changed text', async () => {
    await fresh();
    const msgs = await t.store.db
      .selectFrom('messages')
      .select(['id', 'body', 'source_id'])
      .orderBy('id')
      .execute();
    expect(msgs.length).toBe(5);
    const [a, b, c] = msgs;
    await sql`PRAGMA foreign_keys = OFF`.execute(t.store.db);
    await t.store.db.updateTable('messages').set({ locator: '' }).where('id', '=', a!.id).execute();
    await t.store.db
      .updateTable('messages')
      .set({ source_id: 'source-that-never-was' })
      .where('id', '=', b!.id)
      .execute();
    await sql`PRAGMA foreign_keys = ON`.execute(t.store.db);
    const tr = (id: string, messageId: string, text: string) => ({
      id,
      case_id: t.kase.id,
      message_id: messageId,
      version: 1,
      current: 1,
      kind: 'machine',
      source_language: 'pl',
      target_language: 'en',
      text: 'x',
      engine: 'test',
      model: null,
      model_hash: null,
      source_sha256: sourceHash(text),
      glossary_hash: null,
      glossary: '[]',
      warnings: '[]',
      created_at: 0,
      created_by: 'test',
      verified_by: null,
      verified_at: null,
      supersedes: null,
      note: null,
      job_id: null,
    });
    await t.store.db
      .insertInto('translations')
      .values([
        tr('tr-good', c!.id, c!.body!),
        tr('tr-stale', c!.id, 'a different original'),
        tr('tr-orphan', 'no-such-message', 'x'),
      ])
      .execute();
    const r = await verifyCase(t.store, t.kase.id, { scratchParent: join(tmp.dir, 'scratch') });
    expect(r.ok).toBe(false);
    expect(r.summary).toEqual({ OK: 4 });
    expect(r.provenance.counts).toEqual({
      'messages:locator-missing': 1,
      'messages:source-missing': 1,
      'translations:source-text-changed': 1,
      'translations:parent-missing': 1,
    });
    expect(r.provenance.issues.map((i) => [i.table, i.row, i.problem]).sort()).toEqual(
      [
        ['messages', a!.id, 'locator-missing'],
        ['messages', b!.id, 'source-missing'],
        ['translations', 'tr-orphan', 'parent-missing'],
        ['translations', 'tr-stale', 'source-text-changed'],
      ].sort(),
    );
    expect(r.failures).toEqual([
      { code: ErrorCodes.PROVENANCE_BROKEN, count: 4, what: 'items with broken provenance' },
    ]);
  });
});

describe('threadline verify (CLI)', () => {
  it('exits 0 on a sound case and 3 with a JSON report when a source changed', () => {
    const d = tempDir('tl-verify-cli-');
    try {
      const data = join(d.dir, 'data');
      const ev = join(d.dir, 'JS1');
      mkdirSync(ev);
      smsDb(join(ev, 'mmssms.db'), 2, 'hi');
      expect(runCli(['--data', data, 'case', 'create', 'CLI-V']).status).toBe(0);
      expect(runCli(['--data', data, 'ingest', 'CLI-V', ev]).status).toBe(0);
      const ok = runCli(['--data', data, 'verify', 'CLI-V']);
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('VERIFIED');
      writeFileSync(join(ev, 'mmssms.db'), 'overwritten');
      const bad = runCli(['--data', data, '--json', 'verify', 'CLI-V']);
      expect(bad.status).toBe(3);
      const j = bad.json<{ ok: boolean; sources: Array<{ status: string; code: string }> }>();
      expect(j.ok).toBe(false);
      expect(j.sources).toEqual([
        expect.objectContaining({ status: 'CHANGED', code: ErrorCodes.SOURCE_CHANGED }),
      ]);
    } finally {
      d.cleanup();
    }
  }, 120_000);
});
