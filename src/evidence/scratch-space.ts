// A private scratch folder for working copies of evidence (SQLite copies, extracted zip entries).
// Evidence itself is only ever read; everything written goes here and is removed afterwards.
import { mkdtempSync, rmSync, mkdirSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

export class ScratchSpace {
  readonly dir: string;
  private counter = 0;

  constructor(parent?: string) {
    const base = parent ?? tmpdir();
    mkdirSync(base, { recursive: true });
    this.dir = mkdtempSync(join(base, 'threadline-scratch-'));
  }

  /** A fresh, empty sub-folder. */
  newDir(hint = 'w'): string {
    const d = join(
      this.dir,
      `${hint.replace(/[^a-z0-9_-]/gi, '_').slice(0, 40)}-${++this.counter}`,
    );
    mkdirSync(d, { recursive: true });
    return d;
  }

  /** Write a stream to a new file in the scratch space (file name chosen here, never from evidence). */
  async writeStream(stream: Readable, name = 'blob'): Promise<string> {
    const d = this.newDir('f');
    const p = join(d, name.replace(/[^a-z0-9._-]/gi, '_').slice(0, 80) || 'blob');
    await pipeline(stream, createWriteStream(p, { flags: 'wx', mode: 0o600 }));
    return p;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
