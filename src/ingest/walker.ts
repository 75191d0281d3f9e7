// Lists the files of the inputs an examiner names (files, folders, archives), without following
// symbolic links, with SQLite companions attached to their main file.
import { lstat, readdir } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { AppError, ErrorCodes } from '../model/errors.js';
import { DiskFile } from '../evidence/disk-file.js';
import { attachCompanions } from '../evidence/zip-container.js';

export interface WalkResult {
  files: DiskFile[];
  /** Paths that were skipped and why (symbolic links, special files, unreadable folders). */
  skipped: Array<{ path: string; reason: string }>;
}

export async function walkInputs(inputs: readonly string[]): Promise<WalkResult> {
  const files: DiskFile[] = [];
  const skipped: WalkResult['skipped'] = [];
  for (const input of inputs) {
    const abs = resolve(input);
    let st;
    try {
      st = await lstat(abs);
    } catch (e) {
      throw new AppError(
        ErrorCodes.SOURCE_UNREADABLE,
        `cannot read input: ${(e as Error).message}`,
        { file: input },
        { cause: e },
      );
    }
    const root = basename(abs);
    if (st.isSymbolicLink()) {
      skipped.push({ path: root, reason: 'symbolic link not followed' });
      continue;
    }
    if (st.isFile()) {
      files.push(new DiskFile(abs, root, st.size, input));
      continue;
    }
    if (!st.isDirectory()) {
      skipped.push({ path: root, reason: 'not a regular file or folder' });
      continue;
    }
    const stack = [abs];
    while (stack.length) {
      const dir = stack.pop()!;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        skipped.push({
          path: join(root, relative(abs, dir)),
          reason: `unreadable folder: ${(e as Error).message}`,
        });
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const ent of entries) {
        const full = join(dir, ent.name);
        const rel = [root, ...relative(abs, full).split(sep)].join('/');
        if (ent.isSymbolicLink()) skipped.push({ path: rel, reason: 'symbolic link not followed' });
        else if (ent.isDirectory()) stack.push(full);
        else if (ent.isFile()) {
          const s = await lstat(full);
          files.push(new DiskFile(full, rel, s.size, input));
        } else skipped.push({ path: rel, reason: 'not a regular file' });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  attachCompanions(files);
  return { files, skipped };
}
