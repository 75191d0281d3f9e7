// Reproducibility of the canonical export (reliability E3): two exports of one case are
// byte-identical, and another examiner ingesting a copy of the same files into a fresh store gets
// the same bytes, as does re-ingesting into the first store.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ingest } from '../ingest/runner.js';
import { exportCanonicalToFile } from './canonical-export.js';
import { tempCase } from '../testkit/temp-store.js';
import { tempDir } from '../testkit/generated-case.js';
import { androidDevice } from '../testkit/android-device.js';
import { sampleDevice } from '../testkit/sample-device.js';
import { findWriter } from '../generator/writers/index.js';

const tmp = tempDir('tl-repro-');
afterAll(() => tmp.cleanup());

async function writeDevice(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const android = androidDevice();
  for (const id of ['android-mmssms', 'android-calllog', 'android-contacts2', 'whatsapp-android'])
    await findWriter(id)!.write(dir, android);
  // a UFDR (a zip container) of another device model, in its own sub-folder
  const ufdr = join(dir, 'ufdr');
  mkdirSync(ufdr);
  await findWriter('cellebrite-ufdr')!.write(ufdr, sampleDevice());
}

async function ingestAndExport(evidence: string, out: string, times = 1): Promise<void> {
  const t = await tempCase({ ref: 'REPRO-1' });
  try {
    for (let i = 0; i < times; i++)
      await ingest(t.store, {
        caseRef: 'REPRO-1',
        inputs: [evidence],
        deviceLabel: 'KS-1',
        exhibit: 'KS/1',
        toolVersion: 'test',
        scratchParent: join(tmp.dir, 'scratch'),
      });
    await exportCanonicalToFile(t.store, t.kase.id, `${out}.a.jsonl`);
    await exportCanonicalToFile(t.store, t.kase.id, `${out}.b.jsonl`);
  } finally {
    await t.cleanup();
  }
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('canonical export reproducibility', () => {
  it('is byte-identical across exports, fresh stores, copies of the evidence and re-ingest', async () => {
    const first = join(tmp.dir, 'examiner-a', 'KS-1');
    await writeDevice(first);
    const copy = join(tmp.dir, 'examiner-b', 'KS-1');
    cpSync(first, copy, { recursive: true });

    await ingestAndExport(first, join(tmp.dir, 'one'));
    await ingestAndExport(copy, join(tmp.dir, 'two'), 2);

    const a = readFileSync(join(tmp.dir, 'one.a.jsonl'));
    const lines = a.toString('utf8').trimEnd().split('\n');
    const kinds = new Set(lines.map((l) => (JSON.parse(l) as { kind: string }).kind));
    // a real case, not an empty file: messages, calls, contacts and sources from both formats
    for (const k of ['case', 'source', 'device', 'message', 'call', 'contact', 'thread'])
      expect(kinds.has(k), k).toBe(true);
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.some((l) => l.includes('.ufdr!/'))).toBe(true);

    const h = sha(join(tmp.dir, 'one.a.jsonl'));
    expect(sha(join(tmp.dir, 'one.b.jsonl'))).toBe(h);
    expect(sha(join(tmp.dir, 'two.a.jsonl'))).toBe(h);
    expect(sha(join(tmp.dir, 'two.b.jsonl'))).toBe(h);
  }, 120_000);
});
