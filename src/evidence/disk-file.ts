// An evidence file in a folder on disk: streamed and hashed, never opened for writing.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { CompanionKind, EvidenceFile } from './evidence-file.js';
import { sha256File } from './hash-file.js';

export class DiskFile implements EvidenceFile {
  readonly name: string;
  readonly container = null;
  readonly companions: Partial<Record<CompanionKind, EvidenceFile>> = {};
  anomalies: string[] = [];
  isCompanion = false;
  private hash: Promise<string> | null = null;

  constructor(
    /** Absolute path on disk. */
    readonly diskPath: string,
    readonly path: string,
    readonly size: number,
    readonly origin: string,
  ) {
    this.name = basename(diskPath);
  }

  sha256(): Promise<string> {
    this.hash ??= sha256File(this.diskPath).then((r) => r.sha256);
    return this.hash;
  }

  /** Hash again from disk, ignoring the cache (to prove the source did not change). */
  async rehash(): Promise<string> {
    return (await sha256File(this.diskPath)).sha256;
  }

  async head(bytes = 4096): Promise<Buffer> {
    const fh = await open(this.diskPath, 'r');
    try {
      const buf = Buffer.alloc(Math.min(bytes, this.size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  async open(): Promise<Readable> {
    return createReadStream(this.diskPath, { highWaterMark: 1 << 20 });
  }

  async readablePath(): Promise<string> {
    return this.diskPath;
  }
}
