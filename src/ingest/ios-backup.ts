// iTunes/Finder backups (iOS 10 and later): a folder holding Manifest.db and the backed-up files
// under `<first two hex>/<fileID>`, where fileID = SHA-1(domain + "-" + relativePath). Each hashed
// file found in Manifest.db's `Files` table is presented to the parsers under its logical path
// `<backup>/<domain>/<relativePath>` (the hashed name stays in provenance as its stored path).
// Encrypted backups (Manifest.plist IsEncrypted) and iOS 9-era ones (Manifest.mbdb) are recorded
// as not supported, with a specific message, file by file.
import { createHash } from 'node:crypto';
import type { EvidenceFile } from '../evidence/evidence-file.js';
import { BackupEntryFile } from '../evidence/backup-file.js';
import { EvidenceDb } from '../evidence/evidence-sqlite.js';
import { attachCompanions } from '../evidence/zip-container.js';
import type { ScratchSpace } from '../evidence/scratch-space.js';
import { ErrorCodes } from '../model/errors.js';
import { dict, parsePlist, readAll } from './formats/shared/apple.js';

const HASHED = /^[0-9a-f]{40}$/;

/** `domain-relativePath` → the fileID the backup stores it under. */
export function backupFileId(domain: string, relativePath: string): string {
  return createHash('sha1').update(`${domain}-${relativePath}`, 'utf8').digest('hex');
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** A hashed file directly under the backup folder: `<root>/ab/ab…` (modern) or `<root>/ab…` (old). */
function hashedIn(root: string, f: EvidenceFile): { fileID: string; flat: boolean } | null {
  const prefix = root ? `${root}/` : '';
  if (!f.path.startsWith(prefix)) return null;
  const rest = f.path.slice(prefix.length).split('/');
  const name = rest.at(-1)!.toLowerCase();
  if (!HASHED.test(name)) return null;
  if (rest.length === 2 && rest[0]!.toLowerCase() === name.slice(0, 2))
    return { fileID: name, flat: false };
  if (rest.length === 1) return { fileID: name, flat: true };
  return null;
}

async function isEncrypted(plistFile: EvidenceFile | undefined): Promise<boolean | null> {
  if (!plistFile) return null;
  try {
    const root = dict(
      parsePlist(await readAll(await plistFile.open(), 8 << 20, plistFile.path), plistFile.path),
    );
    if (!root || root.IsEncrypted === undefined) return null;
    return root.IsEncrypted === true || root.IsEncrypted === 1 || root.IsEncrypted === 'true';
  } catch {
    return null;
  }
}

const ENCRYPTED =
  'file of an encrypted iTunes/Finder backup (Manifest.plist IsEncrypted): its contents are encrypted ' +
  'with keys protected by the backup password; Threadline does not decrypt backups';
const LEGACY =
  'file of an iOS 9 or older iTunes backup (Manifest.mbdb index): that backup layout is not supported';

/**
 * Present the files of every iTunes/Finder backup among `files` under their logical paths. Never
 * throws: a Manifest.db that cannot be read is recorded on its own source and the hashed files are
 * left as they are (each is then bid on by its content).
 */
export async function presentIosBackups(
  files: readonly EvidenceFile[],
  scratch: ScratchSpace,
): Promise<EvidenceFile[]> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const roots = new Set<string>();
  for (const f of files) {
    if (f.name === 'Manifest.db' || f.name === 'Manifest.mbdb') roots.add(dirOf(f.path));
  }
  if (roots.size === 0) return [...files];

  const replaced = new Map<EvidenceFile, EvidenceFile>();
  for (const root of [...roots].sort()) {
    const prefix = root ? `${root}/` : '';
    const hashed = files
      .map((f) => ({ f, h: hashedIn(root, f) }))
      .filter((x): x is { f: EvidenceFile; h: { fileID: string; flat: boolean } } => !!x.h);
    const manifestDb = byPath.get(`${prefix}Manifest.db`);
    const mbdb = byPath.get(`${prefix}Manifest.mbdb`);
    if (!hashed.length) continue;
    const encrypted = await isEncrypted(byPath.get(`${prefix}Manifest.plist`));

    if (encrypted === true) {
      for (const { f } of hashed)
        f.preset = { status: 'unsupported', code: ErrorCodes.ENCRYPTED_BACKUP, message: ENCRYPTED };
      if (manifestDb)
        manifestDb.preset = {
          status: 'unsupported',
          code: ErrorCodes.ENCRYPTED_BACKUP,
          message:
            'Manifest.db of an encrypted iTunes/Finder backup: encrypted with the backup password, not read',
        };
      continue;
    }
    if (!manifestDb) {
      if (mbdb) {
        for (const { f } of hashed)
          f.preset = {
            status: 'unsupported',
            code: ErrorCodes.UNSUPPORTED_FORMAT,
            message: LEGACY,
          };
        mbdb.preset = {
          status: 'unsupported',
          code: ErrorCodes.UNSUPPORTED_FORMAT,
          message: LEGACY,
        };
      }
      continue;
    }

    let db: EvidenceDb | null = null;
    const index = new Map<string, { domain: string; relativePath: string }>();
    try {
      db = await EvidenceDb.open(manifestDb, scratch);
      if (!db.hasTable('Files')) throw new Error('no Files table');
      for (const r of db.iterate(
        'SELECT fileID, domain, relativePath, flags FROM Files ORDER BY fileID',
        [],
        'Files',
      )) {
        // flags: 1 file, 2 directory, 4 symbolic link
        if (Number(r.flags) !== 1) continue;
        const id = typeof r.fileID === 'string' ? r.fileID.toLowerCase() : null;
        const domain = typeof r.domain === 'string' ? r.domain : null;
        const rel = typeof r.relativePath === 'string' ? r.relativePath : null;
        if (id && HASHED.test(id) && domain && rel !== null)
          index.set(id, { domain, relativePath: rel });
      }
    } catch (e) {
      const why = (e as Error).message;
      manifestDb.preset = {
        status: 'failed',
        code: ErrorCodes.PARSE_ERROR,
        message:
          `backup index Manifest.db is not readable (${why})` +
          (encrypted === null
            ? '; with no Manifest.plist to say, the backup may be encrypted'
            : '') +
          '; its files are read by their content under their hashed names',
      };
      continue;
    } finally {
      db?.close();
    }

    let mapped = 0;
    const present = new Set<string>();
    for (const { f, h } of hashed) {
      present.add(h.fileID);
      const entry = index.get(h.fileID);
      if (!entry) {
        (f.anomalies as string[]).push('backup-file-not-in-manifest');
        continue;
      }
      const logical = `${prefix}${entry.domain}/${entry.relativePath}`.replace(/\/+$/, '');
      const wrapped = new BackupEntryFile(f, logical, { ...entry, fileID: h.fileID });
      if (backupFileId(entry.domain, entry.relativePath) !== h.fileID)
        wrapped.anomalies.push('backup-fileid-mismatch');
      replaced.set(f, wrapped);
      mapped++;
    }
    const missing = [...index.keys()].filter((id) => !present.has(id)).length;
    manifestDb.preset = {
      status: 'container',
      counts: { files: mapped, ...(missing ? { missing } : {}) },
      ...(missing
        ? { message: `${missing} files listed in Manifest.db are not in the backup folder` }
        : {}),
    };
  }

  const out = files.map((f) => replaced.get(f) ?? f);
  const wrapped = out.filter((f): f is BackupEntryFile => f instanceof BackupEntryFile);
  attachCompanions(wrapped);
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}
