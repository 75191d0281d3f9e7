// Model packs: the shipped manifest, checking files by size and SHA-256, refusing a wrong-hash pack
// with MODEL_HASH_MISMATCH (always runs: fake files), importing only what verifies, and the
// `threadline models import` command.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../model/errors.js';
import { runCli } from '../../../testkit/run-cli.js';
import { fakePack } from '../../../testkit/fake-model-pack.js';
import {
  checkPack,
  importPack,
  listImported,
  loadManifest,
  verifyModelFile,
} from './model-pack.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-models-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the shipped manifest', () => {
  it('is the published Firefox Translations manifest, unchanged', () => {
    const m = loadManifest();
    expect(m.commit).toBe('e7957fc407441a5e3e35bbcbf9d60d9b35764618');
    expect(Object.keys(m.pairs)).toHaveLength(45);
    const es = m.pairs['esen/tiny']!;
    expect(es.files.map((f) => f.role).sort()).toEqual(['lex', 'model', 'vocab']);
    expect(es.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.size > 0)).toBe(true);
    const bytes = readFileSync(
      join(import.meta.dirname, '../../../../data/models/firefox-translations.json'),
    );
    expect(sha(bytes)).toBe('2096d31282f47a6d5fc2992c6937ff8a1fd31c15dfc4c06f55cf1c4993c90439');
  });
});

describe('checking and importing packs', () => {
  it('refuses a file whose hash does not match the published one (MODEL_HASH_MISMATCH)', async () => {
    const m = loadManifest();
    const f = m.pairs['esen/tiny']!.files.find((x) => x.role === 'vocab')!;
    const p = join(dir, 'wrong-size.spm.gz');
    writeFileSync(p, Buffer.alloc(100));
    await expect(verifyModelFile(p, f)).rejects.toMatchObject({
      code: ErrorCodes.MODEL_HASH_MISMATCH,
      message: expect.stringMatching(/is 100 bytes; the manifest says/),
    });
    const q = join(dir, 'same-size.bin');
    writeFileSync(q, Buffer.alloc(f.size, 7));
    const e = await verifyModelFile(q, f).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: ErrorCodes.MODEL_HASH_MISMATCH });
    expect((e as { details: { expected: string } }).details.expected).toBe(f.sha256);
    expect((e as Error).message).toContain(f.sha256);
  });

  it('imports a pack whose files all match, and refuses a corrupt one without copying it', async () => {
    const good = join(dir, 'good');
    const m = fakePack(good);
    const data = join(dir, 'data1');
    const r = await importPack(good, data, m, () => new Date('2024-05-01T00:00:00Z'));
    expect(r.imported.map((e) => e.key)).toEqual(['esen/tiny']);
    expect(r.refused).toEqual([]);
    expect(listImported(data)).toMatchObject([
      { key: 'esen/tiny', from: 'es', to: 'en', importedAt: '2024-05-01T00:00:00.000Z' },
    ]);
    for (const f of m.pairs['esen/tiny']!.files)
      expect(existsSync(join(r.root, f.path))).toBe(true);

    const bad = join(dir, 'bad');
    const mb = fakePack(bad, { corrupt: true });
    const data2 = join(dir, 'data2');
    const c = await checkPack(bad, mb);
    expect(c.verified).toEqual([]);
    expect(c.refused.map((x) => [x.key, x.error.code])).toEqual([
      ['esen/tiny', ErrorCodes.MODEL_HASH_MISMATCH],
    ]);
    const r2 = await importPack(bad, data2, mb);
    expect(r2.imported).toEqual([]);
    expect(listImported(data2)).toEqual([]);
    expect(existsSync(join(r2.root, 'models'))).toBe(false);
  });

  it('reports missing files, and a folder with no model file at all', async () => {
    const part = join(dir, 'partial');
    const m = fakePack(part);
    rmSync(join(part, m.pairs['esen/tiny']!.files[1]!.path));
    const c = await checkPack(part, m);
    expect(c.refused[0]!.error.code).toBe(ErrorCodes.NOT_FOUND);
    expect(c.refused[0]!.error.message).toMatch(/lex\.50\.50\.esen\.s2t\.bin\.gz missing/);
    mkdirSync(join(dir, 'empty'));
    await expect(importPack(join(dir, 'empty'), join(dir, 'd3'), m)).rejects.toMatchObject({
      code: ErrorCodes.INVALID_ARGUMENT,
    });
  });

  it('`threadline models import` refuses a wrong-hash pack with exit 1 and the error code', () => {
    const bad = join(dir, 'cli-bad');
    const mb = fakePack(bad, { corrupt: true });
    const mf = join(dir, 'manifest.json');
    writeFileSync(mf, JSON.stringify(mb));
    const r = runCli([
      '--data',
      join(dir, 'cli-data'),
      '--json',
      'models',
      'import',
      bad,
      '--manifest',
      mf,
    ]);
    expect(r.status, r.stderr).toBe(1);
    const out = r.json<{
      imported: unknown[];
      refused: Array<{ key: string; error: { code: string } }>;
    }>();
    expect(out.imported).toEqual([]);
    expect(out.refused).toMatchObject([
      { key: 'esen/tiny', error: { code: ErrorCodes.MODEL_HASH_MISMATCH } },
    ]);
    const good = join(dir, 'cli-good');
    writeFileSync(mf, JSON.stringify(fakePack(good)));
    const ok = runCli([
      '--data',
      join(dir, 'cli-data'),
      '--json',
      'models',
      'import',
      good,
      '--manifest',
      mf,
    ]);
    expect(ok.status, ok.stderr).toBe(0);
    const list = runCli(['--data', join(dir, 'cli-data'), '--json', 'models', 'list']);
    expect(list.json<Array<{ key: string }>>().map((e) => e.key)).toEqual(['esen/tiny']);
  }, 120_000);
});
