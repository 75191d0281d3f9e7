// Bergamot model packs: the published manifest (data/models/firefox-translations.json: SHA-256 and
// size of every model file), checking a pack folder against it, importing verified files into the
// data folder, and listing what has been imported. Nothing is trusted before its hash matches.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCodes } from '../../../model/errors.js';

const FileEntry = z.object({
  path: z.string(),
  role: z.string(),
  compression: z.string().optional(),
  size: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const PairEntry = z.object({
  pair: z.string(),
  from: z.string(),
  to: z.string(),
  tier: z.string(),
  preferred: z.boolean(),
  dir: z.string(),
  gemm_precision: z.string().optional(),
  model_uncompressed: z.object({ size: z.number(), sha256: z.string() }).optional(),
  files: z.array(FileEntry),
});

const Manifest = z.object({
  source: z.string(),
  commit: z.string(),
  licence: z.string(),
  pairs: z.record(z.string(), PairEntry),
});

export type ModelManifest = z.infer<typeof Manifest>;
export type ManifestPair = z.infer<typeof PairEntry>;
export type ManifestFile = z.infer<typeof FileEntry>;

/** The manifest shipped in the repository (data/models/firefox-translations.json). */
export const MANIFEST_PATH = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'data',
  'models',
  'firefox-translations.json',
);

export function loadManifest(path = MANIFEST_PATH): ModelManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AppError(
      ErrorCodes.CONFIG_INVALID,
      `cannot read the model manifest: ${(e as Error).message}`,
      { file: path },
    );
  }
  const m = Manifest.safeParse(raw);
  if (!m.success)
    throw new AppError(
      ErrorCodes.CONFIG_INVALID,
      'the model manifest is not in the expected form',
      {
        file: path,
      },
    );
  return m.data;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolvePromise(h.digest('hex')));
  });
}

/** Check one file against its manifest entry: size first, then SHA-256. Throws MODEL_HASH_MISMATCH. */
export async function verifyModelFile(path: string, f: ManifestFile): Promise<void> {
  const size = statSync(path).size;
  if (size !== f.size)
    throw new AppError(
      ErrorCodes.MODEL_HASH_MISMATCH,
      `${f.path} is ${size.toLocaleString('en-GB')} bytes; the manifest says ${f.size.toLocaleString('en-GB')}`,
      { file: path, record: f.path, expectedSize: f.size, actualSize: size },
    );
  const sha = await sha256File(path);
  if (sha !== f.sha256)
    throw new AppError(
      ErrorCodes.MODEL_HASH_MISMATCH,
      `${f.path} has SHA-256 ${sha}; the manifest says ${f.sha256}`,
      { file: path, record: f.path, expected: f.sha256, actual: sha },
    );
}

export interface PackCheck {
  /** Pair/tier entries whose every file is present and matches. */
  verified: Array<{ key: string; entry: ManifestPair }>;
  /** Entries with at least one file present that failed (or files missing). */
  refused: Array<{ key: string; error: AppError }>;
}

/** Check every manifest entry with files under `dir` (laid out as models/<tier>/<pair>/<file>). */
export async function checkPack(dir: string, manifest: ModelManifest): Promise<PackCheck> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new AppError(ErrorCodes.NOT_FOUND, `no model pack folder at ${dir}`, { file: dir });
  const out: PackCheck = { verified: [], refused: [] };
  for (const [key, entry] of Object.entries(manifest.pairs)) {
    const present = entry.files.filter((f) => existsSync(join(dir, f.path)));
    if (present.length === 0) continue;
    try {
      const missing = entry.files.filter((f) => !present.includes(f));
      if (missing.length)
        throw new AppError(
          ErrorCodes.NOT_FOUND,
          `${key}: ${missing.map((f) => f.path).join(', ')} missing from the pack`,
          { file: dir, record: key },
        );
      for (const f of entry.files) await verifyModelFile(join(dir, f.path), f);
      out.verified.push({ key, entry });
    } catch (e) {
      out.refused.push({
        key,
        error: e instanceof AppError ? e : new AppError(ErrorCodes.SOURCE_UNREADABLE, String(e)),
      });
    }
  }
  return out;
}

/** Where imported packs live in the data folder. */
export function modelsRoot(dataDir: string): string {
  return join(dataDir, 'models', 'firefox-translations');
}

export interface ImportedEntry {
  key: string;
  pair: string;
  from: string;
  to: string;
  tier: string;
  files: ManifestFile[];
  importedAt: string;
  manifestCommit: string;
}

export interface ImportResult extends PackCheck {
  imported: ImportedEntry[];
  root: string;
}

function registryPath(dataDir: string): string {
  return join(modelsRoot(dataDir), 'imported.json');
}

export function listImported(dataDir: string): ImportedEntry[] {
  const p = registryPath(dataDir);
  if (!existsSync(p)) return [];
  return JSON.parse(readFileSync(p, 'utf8')) as ImportedEntry[];
}

/**
 * Import a pack: check it, copy the verified entries' files into the data folder (re-hashing the
 * copies), and record them. Refused entries are reported, never copied. Throws when nothing in
 * the folder is a model file the manifest knows.
 */
export async function importPack(
  dir: string,
  dataDir: string,
  manifest: ModelManifest,
  now: () => Date = () => new Date(),
): Promise<ImportResult> {
  const check = await checkPack(dir, manifest);
  if (check.verified.length === 0 && check.refused.length === 0)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `${dir} holds no model file the manifest lists (expected models/<tier>/<pair>/<file>, e.g. models/tiny/esen/model.esen.intgemm.alphas.bin.gz)`,
      { file: dir },
    );
  const root = modelsRoot(dataDir);
  const registry = new Map(listImported(dataDir).map((e) => [e.key, e]));
  const imported: ImportedEntry[] = [];
  for (const { key, entry } of check.verified) {
    for (const f of entry.files) {
      const dst = join(root, f.path);
      if (relative(root, dst).startsWith('..'))
        throw new AppError(ErrorCodes.INVALID_ARGUMENT, `unsafe path in the manifest: ${f.path}`);
      await mkdir(dirname(dst), { recursive: true });
      const tmp = `${dst}.part`;
      await copyFile(join(dir, f.path), tmp);
      await verifyModelFile(tmp, f);
      await rename(tmp, dst);
    }
    const rec: ImportedEntry = {
      key,
      pair: entry.pair,
      from: entry.from,
      to: entry.to,
      tier: entry.tier,
      files: entry.files,
      importedAt: now().toISOString(),
      manifestCommit: manifest.commit,
    };
    registry.set(key, rec);
    imported.push(rec);
  }
  await mkdir(root, { recursive: true });
  await writeFile(
    registryPath(dataDir),
    `${JSON.stringify(
      [...registry.values()].sort((a, b) => a.key.localeCompare(b.key)),
      null,
      2,
    )}\n`,
  );
  return { ...check, imported, root };
}
