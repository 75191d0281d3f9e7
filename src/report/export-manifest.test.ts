// The export manifest: sizes and SHA-256 of the files, case, marking (default OFFICIAL-SENSITIVE),
// tool version, time and who exported; re-hashing finds a changed or missing file.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { tempDir } from '../testkit/generated-case.js';
import { checkExportManifest, manifestPathFor, writeExportManifest } from './export-manifest.js';

const tmp = tempDir('tl-manifest-');
afterAll(() => tmp.cleanup());
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('export manifest', () => {
  it('records each file with its size and SHA-256 and the export context', async () => {
    const a = join(tmp.dir, 'case.jsonl');
    const b = join(tmp.dir, 'case.extra.csv');
    writeFileSync(a, '{"kind":"case"}\n');
    writeFileSync(b, 'x,y\r\n1,2\r\n');
    const { path, manifest } = await writeExportManifest([a, b], {
      caseId: 'case_1',
      caseRef: 'OP-M',
      marking: '',
      format: 'jsonl',
      toolVersion: '0.1.0',
      exportedBy: { id: 'u1', name: 'DC Example', roles: ['analyst'] },
      purpose: 'disclosure to CPS',
      now: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    });
    expect(path).toBe(manifestPathFor(a));
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as typeof manifest;
    expect(onDisk).toEqual(manifest);
    expect(onDisk).toMatchObject({
      manifestVersion: 1,
      case: { id: 'case_1', ref: 'OP-M' },
      marking: 'OFFICIAL-SENSITIVE',
      format: 'jsonl',
      toolVersion: '0.1.0',
      createdAt: '2026-01-02T03:04:05.000Z',
      exportedBy: { id: 'u1', name: 'DC Example', roles: ['analyst'] },
      purpose: 'disclosure to CPS',
      redaction: null,
    });
    expect(onDisk.files).toEqual([
      { name: 'case.jsonl', bytes: 16, sha256: sha(readFileSync(a)) },
      { name: 'case.extra.csv', bytes: 10, sha256: sha(readFileSync(b)) },
    ]);
    expect((await checkExportManifest(path)).map((c) => c.status)).toEqual(['OK', 'OK']);

    writeFileSync(a, '{"kind":"case","x":1}\n');
    unlinkSync(b);
    const checks = await checkExportManifest(path);
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['case.jsonl', 'CHANGED'],
      ['case.extra.csv', 'MISSING'],
    ]);
    expect(checks[0]!.actual).toBe(sha(readFileSync(a)));
  });

  it('keeps the case marking when it has one', async () => {
    const a = join(tmp.dir, 'm.jsonl');
    writeFileSync(a, '');
    const { manifest } = await writeExportManifest([a], {
      caseId: 'c',
      caseRef: 'R',
      marking: 'SECRET',
      format: 'jsonl',
      toolVersion: 't',
      exportedBy: { id: 'local', name: 'local user', roles: [] },
    });
    expect(manifest.marking).toBe('SECRET');
    expect(manifest.files).toEqual([{ name: 'm.jsonl', bytes: 0, sha256: sha('') }]);
  });
});
