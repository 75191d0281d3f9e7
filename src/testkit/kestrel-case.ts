// The generator's live synthetic case (Operation Kestrel), generated and ingested once per version
// of the code that produces it, cached under the system temp folder, and copied into a fresh
// store for each test file. The cache key is a hash of the generator, ingest, evidence, model and
// store sources, so any change to them rebuilds it.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateCase } from '../generator/generate-case.js';
import { loadGroundTruth } from '../generator/load-ground-truth.js';
import type { GroundTruth } from '../generator/ground-truth.js';
import { ingest } from '../ingest/runner.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { createCase, findCase, type CaseRecord } from '../store/queries/cases.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = ['generator', 'ingest', 'evidence', 'model', 'store'];

function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
        h.update(p.slice(SRC.length));
        h.update(readFileSync(p));
      }
    }
  };
  for (const d of INPUTS) walk(join(SRC, d));
  return h.digest('hex').slice(0, 16);
}

/** Creates every case of a generated family in a store and ingests each device's evidence. */
export async function ingestGeneratedCases(
  store: Store,
  caseDir: string,
  truth: GroundTruth,
  scratchParent: string,
): Promise<void> {
  for (const c of truth.cases) {
    await createCase(store, {
      ref: c.ref,
      title: c.title,
      status: c.status,
      crimeTypes: c.crimeTypes,
    });
    for (const d of c.devices.filter((x) => x.formats.length > 0))
      await ingest(store, {
        caseRef: c.ref,
        inputs: [join(caseDir, d.dir)],
        deviceLabel: d.label,
        exhibit: d.exhibit,
        timezone: 'Europe/London',
        toolVersion: 'test',
        scratchParent,
      });
  }
}

async function build(into: string, seed: number, family = false): Promise<void> {
  const g = await generateCase(join(into, 'case'), { seed, family });
  const store = new SqliteStore({ file: join(into, 'store', 'threadline.db') });
  try {
    await store.migrate();
    await ingestGeneratedCases(store, join(into, 'case'), g.truth, join(into, 'scratch'));
  } finally {
    await store.close();
    rmSync(join(into, 'scratch'), { recursive: true, force: true });
  }
}

/** Path of the cached, ingested case (built on first use); `family` adds the closed cases. */
export async function cachedKestrel(seed = 1, family = false): Promise<string> {
  const root = join(tmpdir(), 'threadline-test-cache');
  const final = join(root, `kestrel-s${seed}${family ? '-family' : ''}-${sourceHash()}`);
  if (existsSync(join(final, 'store', 'threadline.db'))) return final;
  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(join(root, 'building-'));
  try {
    await build(work, seed, family);
    renameSync(work, final);
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    // another test process finished first: use its copy
    if (!existsSync(join(final, 'store', 'threadline.db'))) throw e;
  }
  return final;
}

export interface KestrelCase {
  store: SqliteStore;
  kase: CaseRecord;
  truth: GroundTruth;
  /** Folder of the generated evidence and ground truth. */
  caseDir: string;
  /** This test's own folder (its store copy lives here). */
  dir: string;
  cleanup(): Promise<void>;
}

/** A private, writable copy of the ingested Kestrel case (with `family`, also the closed cases). */
export async function kestrelCase(
  opts: { seed?: number; family?: boolean } = {},
): Promise<KestrelCase> {
  const cached = await cachedKestrel(opts.seed ?? 1, opts.family ?? false);
  const dir = mkdtempSync(join(tmpdir(), 'tl-kestrel-'));
  mkdirSync(join(dir, 'store'));
  for (const f of ['threadline.db', 'threadline.db-wal'])
    if (existsSync(join(cached, 'store', f)))
      copyFileSync(join(cached, 'store', f), join(dir, 'store', f));
  const store = new SqliteStore({ file: join(dir, 'store', 'threadline.db') });
  await store.migrate();
  const truth = loadGroundTruth(join(cached, 'case'));
  const kase = (await findCase(store, truth.cases[0]!.ref))!;
  return {
    store,
    kase,
    truth,
    caseDir: join(cached, 'case'),
    dir,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
