// SHA-256 of evidence, streamed so files of any size hash in constant memory.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

export async function sha256Stream(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    bytes += b.length;
    h.update(b);
  }
  return { sha256: h.digest('hex'), bytes };
}

export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  return sha256Stream(createReadStream(path, { highWaterMark: 1 << 20 }));
}
