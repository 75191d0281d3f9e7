// Writing XML text for the generator: escaping for text, attributes and CDATA, and sinks that
// collect output in memory or stream it to a file in large buffered writes (any size, constant memory).
import { closeSync, openSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';

export interface TextSink {
  write(s: string): void;
  /** Bytes written so far (UTF-8). */
  readonly bytes: number;
  close(): void;
}

/** Collects the document in memory (small fixtures). */
export class MemorySink implements TextSink {
  private parts: string[] = [];
  bytes = 0;
  write(s: string): void {
    this.parts.push(s);
    this.bytes += Buffer.byteLength(s);
  }
  close(): void {}
  toBuffer(): Buffer {
    return Buffer.from(this.parts.join(''), 'utf8');
  }
}

/** Streams the document to a file through a 4 MiB buffer. */
export class FileSink implements TextSink {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  bytes = 0;
  constructor(
    path: string,
    private readonly flushChars = 4 << 20,
  ) {
    this.fd = openSync(path, 'w', 0o644);
  }
  write(s: string): void {
    this.pending.push(s);
    this.pendingChars += s.length;
    if (this.pendingChars >= this.flushChars) this.flush();
  }
  private flush(): void {
    if (!this.pending.length) return;
    const buf = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    this.bytes += buf.length;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttr(s: string): string {
  return s.replace(/[&<>"\n\r\t]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case '\n':
        return '&#10;';
      case '\r':
        return '&#13;';
      default:
        return '&#9;';
    }
  });
}

/** A CDATA section (a `]]>` inside the text is split across two sections). */
export function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function attrs(a: Record<string, string | number | boolean | null | undefined>): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === null || v === undefined) continue;
    out += ` ${k}="${escapeAttr(String(v))}"`;
  }
  return out;
}

/** A deterministic UUID-shaped id from the given parts (generator output must be reproducible). */
export function uuidFrom(...parts: Array<string | number>): string {
  const h = createHash('sha256').update(parts.join('\u001f')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
