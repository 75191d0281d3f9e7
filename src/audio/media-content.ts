// Reads the bytes of an attachment the parsers recorded (media.path is logical: `<input name>/…`,
// or `<container>!/<entry>` inside a zip such as a .ufdr), from the ingest's own inputs, read-only.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { DiskFile } from '../evidence/disk-file.js';
import { ZipContainer } from '../evidence/zip-container.js';

export interface MediaRef {
  id: string;
  source_id: string;
  path: string | null;
}

/** Where on disk a logical path of an ingest lies, from the ingest's recorded inputs. */
export function diskPathFor(logical: string, inputs: readonly string[]): string | null {
  for (const input of inputs) {
    const abs = resolve(input);
    const base = basename(abs);
    if (logical === base || logical.startsWith(`${base}/`)) {
      const p = join(dirname(abs), logical);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

export async function readMediaBytes(
  store: Store,
  media: MediaRef,
  maxBytes = 512 << 20,
): Promise<Buffer> {
  if (!media.path)
    throw new AppError(ErrorCodes.NOT_FOUND, 'the attachment has no extracted file', {
      record: media.id,
    });
  const src = await store.db
    .selectFrom('sources')
    .innerJoin('ingests', 'ingests.id', 'sources.ingest_id')
    .select(['ingests.inputs as inputs'])
    .where('sources.id', '=', media.source_id)
    .executeTakeFirst();
  if (!src)
    throw new AppError(ErrorCodes.NOT_FOUND, `source ${media.source_id} is not in the store`, {
      record: media.id,
    });
  const inputs = JSON.parse(src.inputs) as string[];
  const bang = media.path.indexOf('!/');
  if (bang < 0) {
    const p = diskPathFor(media.path, inputs);
    if (!p)
      throw new AppError(
        ErrorCodes.SOURCE_UNREADABLE,
        `${media.path} is no longer where it was ingested from`,
        {
          file: media.path,
          record: media.id,
        },
      );
    if (statSync(p).size > maxBytes)
      throw new AppError(
        ErrorCodes.FIELD_TOO_LARGE,
        `${media.path} is larger than ${maxBytes} bytes`,
        {
          file: media.path,
        },
      );
    return readFile(p);
  }
  const containerPath = media.path.slice(0, bang);
  const entry = media.path.slice(bang + 2);
  const p = diskPathFor(containerPath, inputs);
  if (!p)
    throw new AppError(
      ErrorCodes.SOURCE_UNREADABLE,
      `${containerPath} is no longer where it was ingested from`,
      {
        file: containerPath,
        record: media.id,
      },
    );
  const zip = await ZipContainer.open(new DiskFile(p, containerPath, statSync(p).size, p));
  try {
    return await zip.readEntry(entry, maxBytes);
  } finally {
    zip.close();
  }
}
