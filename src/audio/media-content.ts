// Reads the bytes of an attachment the parsers recorded (media.path is logical: `<input name>/…`,
// or `<container>!/<entry>` inside a zip such as a .ufdr), from beside the input its source was
// read from (the same rule `threadline verify` uses), read-only.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Store } from '../store/store.js';
import { AppError, ErrorCodes } from '../model/errors.js';
import { DiskFile } from '../evidence/disk-file.js';
import { ZipContainer } from '../evidence/zip-container.js';
import { sourceDiskPath } from '../evidence/source-location.js';

export interface MediaRef {
  id: string;
  source_id: string;
  path: string | null;
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
    .select(['origin'])
    .where('id', '=', media.source_id)
    .executeTakeFirst();
  if (!src)
    throw new AppError(ErrorCodes.NOT_FOUND, `source ${media.source_id} is not in the store`, {
      record: media.id,
    });
  const bang = media.path.indexOf('!/');
  const logical = bang < 0 ? media.path : media.path.slice(0, bang);
  const p = sourceDiskPath(src.origin, logical);
  if (!existsSync(p))
    throw new AppError(
      ErrorCodes.SOURCE_UNREADABLE,
      `${logical} is no longer where it was ingested from`,
      { file: logical, record: media.id },
    );
  if (bang < 0) {
    if (statSync(p).size > maxBytes)
      throw new AppError(
        ErrorCodes.FIELD_TOO_LARGE,
        `${media.path} is larger than ${maxBytes} bytes`,
        { file: media.path },
      );
    return readFile(p);
  }
  const zip = await ZipContainer.open(new DiskFile(p, logical, statSync(p).size, p));
  try {
    return await zip.readEntry(media.path.slice(bang + 2), maxBytes);
  } finally {
    zip.close();
  }
}
