// Re-hashes every recorded source of a case where it was ingested from (files on disk, entries of
// archives on disk, iTunes/Finder backup files by their stored name) and says OK, CHANGED or MISSING.
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { sourceDiskPath } from '../evidence/source-location.js';
import { ErrorCodes, toAppError, type ErrorCode } from '../model/errors.js';
import type { EvidenceFile } from '../evidence/evidence-file.js';
import { DiskFile } from '../evidence/disk-file.js';
import { sha256File } from '../evidence/hash-file.js';
import { sha256Stream } from '../evidence/hash-file.js';
import { ScratchSpace } from '../evidence/scratch-space.js';
import { ZipContainer } from '../evidence/zip-container.js';
import type { Store } from '../store/store.js';

/**
 * OK: same SHA-256 as at ingest. CHANGED: different bytes. MISSING: not found where it was read.
 * UNREADABLE: present but cannot be read now. NOT_HASHED: unreadable at ingest, no hash to compare.
 */
export type SourceCheckStatus = 'OK' | 'CHANGED' | 'MISSING' | 'UNREADABLE' | 'NOT_HASHED';

export interface SourceCheck {
  id: string;
  path: string;
  /** Where the bytes were looked for: a disk path, or `archive!/entry`. */
  location: string;
  status: SourceCheckStatus;
  expected: string;
  actual: string | null;
  /** `container` when an entry is proven by its unchanged archive's hash. */
  via: 'file' | 'entry' | 'container';
  code: ErrorCode | null;
  message: string | null;
}

export interface VerifySourcesOptions {
  /**
   * The folder that now holds the inputs named at ingest (when the evidence has moved). By default
   * each source is looked for where it was read: next to the input recorded as its origin.
   */
  root?: string;
  scratchParent?: string;
  onProgress?: (done: number, total: number, path: string) => void;
}

interface SourceRow {
  id: string;
  path: string;
  stored_path: string | null;
  origin: string;
  container_id: string | null;
  sha256: string;
}

const FAILURE_CODE: Partial<Record<SourceCheckStatus, ErrorCode>> = {
  CHANGED: ErrorCodes.SOURCE_CHANGED,
  MISSING: ErrorCodes.SOURCE_MISSING,
  UNREADABLE: ErrorCodes.SOURCE_UNREADABLE,
};

function depthOf(path: string): number {
  return path.split('!/').length - 1;
}

export async function verifySources(
  store: Store,
  caseId: string,
  opts: VerifySourcesOptions = {},
): Promise<SourceCheck[]> {
  const rows = (await store.db
    .selectFrom('sources')
    .select(['id', 'path', 'stored_path', 'origin', 'container_id', 'sha256'])
    .where('case_id', '=', caseId)
    .execute()) as SourceRow[];
  // containers before their entries; then by path, so the report is in a stable order
  rows.sort((a, b) => depthOf(a.path) - depthOf(b.path) || (a.path < b.path ? -1 : 1));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const checks = new Map<string, SourceCheck>();
  const files = new Map<string, EvidenceFile>();
  const zips = new Map<string, ZipContainer | AppErrorLike>();
  const scratch = new ScratchSpace(opts.scratchParent);

  const diskPathOf = (r: SourceRow) => sourceDiskPath(r.origin, r.stored_path ?? r.path, opts.root);

  try {
    let done = 0;
    for (const r of rows) {
      opts.onProgress?.(done, rows.length, r.path);
      const check = await checkOne(r);
      checks.set(r.id, check);
      done++;
    }
    opts.onProgress?.(done, rows.length, '');
    return [...checks.values()];
  } finally {
    for (const z of zips.values()) if (z instanceof ZipContainer) z.close();
    scratch.dispose();
  }

  async function checkOne(r: SourceRow): Promise<SourceCheck> {
    const base = {
      id: r.id,
      path: r.path,
      expected: r.sha256,
      actual: null,
      code: null,
      message: null,
    };
    if (!r.container_id) {
      const location = diskPathOf(r);
      if (r.sha256 === 'unreadable' || !/^[0-9a-f]{64}$/.test(r.sha256))
        return { ...base, location, via: 'file', status: 'NOT_HASHED' };
      try {
        await access(location, constants.R_OK);
      } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
        return finish({ ...base, location, via: 'file' }, missing ? 'MISSING' : 'UNREADABLE', e);
      }
      try {
        const { sha256, bytes } = await sha256File(location);
        files.set(r.id, new DiskFile(location, r.stored_path ?? r.path, bytes, r.origin));
        return finish(
          { ...base, location, via: 'file', actual: sha256 },
          sha256 === r.sha256 ? 'OK' : 'CHANGED',
        );
      } catch (e) {
        return finish({ ...base, location, via: 'file' }, 'UNREADABLE', e);
      }
    }

    const parent = byId.get(r.container_id);
    const parentCheck = parent ? checks.get(parent.id) : undefined;
    const inner = r.stored_path ?? r.path;
    const location = inner;
    if (!parent || !parentCheck)
      return finish({ ...base, location, via: 'entry' }, 'MISSING', 'its archive is not recorded');
    if (r.sha256 === 'unreadable') return { ...base, location, via: 'entry', status: 'NOT_HASHED' };
    if (parentCheck.status === 'OK')
      // the archive's bytes are those hashed at ingest, so every entry in it is too
      return { ...base, location, via: 'container', actual: r.sha256, status: 'OK' };
    if (parentCheck.status === 'MISSING' || parentCheck.status === 'NOT_HASHED')
      return finish(
        { ...base, location, via: 'entry' },
        'MISSING',
        `its archive ${parent.path} is missing`,
      );
    // the archive changed or could not be read: look for the entry itself
    const zip = await openZip(parent);
    if (!(zip instanceof ZipContainer))
      return finish({ ...base, location, via: 'entry' }, 'UNREADABLE', zip.message);
    const prefix = `${parent.stored_path ?? parent.path}!/`;
    const entryPath = inner.startsWith(prefix) ? inner.slice(prefix.length) : inner;
    if (!zip.info(entryPath))
      return finish({ ...base, location, via: 'entry' }, 'MISSING', 'no such entry in the archive');
    try {
      const { sha256 } = await sha256Stream(await zip.openEntry(entryPath));
      const entry = zip.files(scratch).find((f) => f.path === `${zip.file.path}!/${entryPath}`);
      if (entry) files.set(r.id, entry);
      return finish(
        { ...base, location, via: 'entry', actual: sha256 },
        sha256 === r.sha256 ? 'OK' : 'CHANGED',
      );
    } catch (e) {
      return finish({ ...base, location, via: 'entry' }, 'UNREADABLE', e);
    }
  }

  async function openZip(parent: SourceRow): Promise<ZipContainer | AppErrorLike> {
    const known = zips.get(parent.id);
    if (known) return known;
    const file = files.get(parent.id);
    let z: ZipContainer | AppErrorLike;
    if (!file) z = { message: `archive ${parent.path} cannot be read` };
    else {
      try {
        z = await ZipContainer.open(file);
      } catch (e) {
        z = { message: toAppError(e, ErrorCodes.ZIP_CORRUPT).message };
      }
    }
    zips.set(parent.id, z);
    return z;
  }
}

interface AppErrorLike {
  message: string;
}

function finish(
  c: Omit<SourceCheck, 'status'>,
  status: SourceCheckStatus,
  cause?: unknown,
): SourceCheck {
  const code = FAILURE_CODE[status] ?? null;
  let message: string | null = null;
  if (status === 'CHANGED')
    message = `SHA-256 was ${c.expected} at ingest, now ${c.actual ?? 'unknown'}`;
  else if (status === 'MISSING')
    message = typeof cause === 'string' ? cause : `not found at ${c.location}`;
  else if (status === 'UNREADABLE')
    message = typeof cause === 'string' ? cause : toAppError(cause).message;
  return { ...c, status, code, message };
}
