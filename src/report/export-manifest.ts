// The manifest written beside every export (`<file>.manifest.json`): what was exported, from which
// case, under which marking, by whom, when and with which tool version, and each file's size and
// SHA-256, so a recipient can prove the files are the ones disclosed.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sha256File } from '../evidence/hash-file.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { DEFAULT_MARKING } from '../model/entities.js';

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface ExportManifest {
  manifestVersion: 1;
  case: { id: string; ref: string };
  marking: string;
  format: string;
  toolVersion: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  exportedBy: { id: string; name: string; roles: string[] };
  purpose: string | null;
  /** What was redacted (null when nothing was). */
  redaction: Record<string, unknown> | null;
  files: ManifestFile[];
}

export interface ManifestInfo {
  caseId: string;
  caseRef: string;
  marking?: string | null;
  format: string;
  toolVersion: string;
  exportedBy: { id: string; name: string; roles: string[] };
  purpose?: string | null;
  redaction?: Record<string, unknown> | null;
  now?: Date;
}

export function manifestPathFor(file: string): string {
  return `${file}.manifest.json`;
}

/** Hash the exported files and write the manifest beside the first one. */
export async function writeExportManifest(
  files: readonly string[],
  info: ManifestInfo,
): Promise<{ path: string; manifest: ExportManifest }> {
  if (!files.length) throw new AppError(ErrorCodes.INVALID_ARGUMENT, 'no exported files');
  const entries: ManifestFile[] = [];
  for (const f of files) {
    const { sha256, bytes } = await sha256File(f);
    entries.push({ name: basename(f), bytes, sha256 });
  }
  const manifest: ExportManifest = {
    manifestVersion: 1,
    case: { id: info.caseId, ref: info.caseRef },
    marking: info.marking?.trim() || DEFAULT_MARKING,
    format: info.format,
    toolVersion: info.toolVersion,
    createdAt: (info.now ?? new Date()).toISOString(),
    exportedBy: info.exportedBy,
    purpose: info.purpose ?? null,
    redaction: info.redaction ?? null,
    files: entries,
  };
  const path = manifestPathFor(files[0]!);
  await writeFile(path, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return { path, manifest };
}

export type ManifestCheck = ManifestFile & {
  status: 'OK' | 'CHANGED' | 'MISSING';
  actual: string | null;
};

/** Re-hash the files a manifest lists (they are looked for beside the manifest). */
export async function checkExportManifest(manifestPath: string): Promise<ManifestCheck[]> {
  let m: ExportManifest;
  try {
    m = JSON.parse(await readFile(manifestPath, 'utf8')) as ExportManifest;
  } catch (e) {
    throw new AppError(
      ErrorCodes.PARSE_ERROR,
      `not a readable export manifest: ${(e as Error).message}`,
      { file: manifestPath },
    );
  }
  const out: ManifestCheck[] = [];
  for (const f of m.files) {
    const p = join(dirname(manifestPath), f.name);
    try {
      await stat(p);
    } catch {
      out.push({ ...f, status: 'MISSING', actual: null });
      continue;
    }
    const { sha256 } = await sha256File(p);
    out.push({ ...f, status: sha256 === f.sha256 ? 'OK' : 'CHANGED', actual: sha256 });
  }
  return out;
}
