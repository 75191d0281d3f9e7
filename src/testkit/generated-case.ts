// The generator's case family, written and ingested through the real runner into a fresh store:
// the fixture other capabilities' end-to-end tests run on (with the ground truth to assert on).
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generateCase } from '../generator/generate-case.js';
import { loadGroundTruthMessages } from '../generator/load-ground-truth.js';
import type { GroundTruth, GtMessage } from '../generator/ground-truth.js';
import { createCase, type CaseRecord } from '../store/queries/cases.js';
import { ingest } from '../ingest/runner.js';
import { tempStore, type TempStore } from './temp-store.js';

export interface GeneratedCaseStore extends TempStore {
  /** Folder of the generated files (inside the temporary folder). */
  caseDir: string;
  truth: GroundTruth;
  messages: GtMessage[];
  /** Case records by reference. */
  cases: Map<string, CaseRecord>;
}

export async function generatedCaseStore(
  opts: { seed?: number; family?: boolean } = {},
): Promise<GeneratedCaseStore> {
  const t = await tempStore();
  const caseDir = join(t.dir, 'case');
  const g = await generateCase(caseDir, { seed: opts.seed ?? 7, family: opts.family ?? false });
  const cases = new Map<string, CaseRecord>();
  for (const c of g.truth.cases) {
    cases.set(
      c.ref,
      await createCase(t.store, { ref: c.ref, title: c.title, status: c.status, createdAt: 0 }),
    );
    for (const d of c.devices) {
      if (!d.formats.length) continue;
      await ingest(t.store, {
        caseRef: c.ref,
        inputs: [join(caseDir, d.dir)],
        deviceLabel: d.label,
        exhibit: d.exhibit,
        timezone: 'Europe/London',
        toolVersion: 'test',
        scratchParent: join(t.dir, 'scratch'),
      });
    }
  }
  return { ...t, caseDir, truth: g.truth, messages: loadGroundTruthMessages(caseDir), cases };
}

/** A temporary folder for tests that write files. */
export function tempDir(prefix = 'tl-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
