// A file written in chunks with back-pressure (graph exports can be large), created owner-only.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export class TextSink {
  private readonly out: WriteStream;
  private buf: string[] = [];
  private size = 0;
  bytes = 0;

  constructor(file: string) {
    this.out = createWriteStream(file, { flags: 'w', mode: 0o600 });
  }

  async write(s: string): Promise<void> {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buf.length) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<number> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
    return this.bytes;
  }
}
