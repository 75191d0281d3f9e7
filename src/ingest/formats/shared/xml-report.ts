// Helpers shared by the XML report parsers (Cellebrite report.xml, Magnet AXIOM): capped per-record
// warnings, duplicate-id detection in compact memory, flags from record problems, MIME from names.
import { ErrorCodes, type ErrorCode } from '../../../model/errors.js';
import type { XmlProblem } from '../../../evidence/xml-stream.js';
import type { ParseContext } from '../../parser.js';

/** Passes the first `perCode` warnings of each code to the context, then only counts them. */
export class WarningLimiter {
  private readonly counts = new Map<ErrorCode, number>();
  constructor(
    private readonly ctx: Pick<ParseContext, 'warn'>,
    private readonly perCode = 100,
  ) {}

  warn(code: ErrorCode, message: string, record?: string): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= this.perCode) this.ctx.warn(code, message, record);
  }

  /** Record how many warnings of each code were not listed. */
  finish(): void {
    for (const [code, n] of this.counts)
      if (n > this.perCode)
        this.ctx.warn(code, `${n - this.perCode} more ${code} warnings not listed (${n} in all)`);
  }
}

/**
 * A set of strings held as two 32-bit hashes each (8 bytes a member, open addressing): used to
 * notice a repeated model id in reports with millions of models without keeping the ids.
 * A false "seen" needs both hashes to collide (about 1 in 2^64 per pair).
 */
export class FingerprintSet {
  private table = new Uint32Array(1 << 16);
  private used = 0;

  private static hashes(s: string): [number, number] {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a >>>= 0;
    b >>>= 0;
    // 0 marks an empty slot
    return [a || 1, b];
  }

  /** Add a member; false when it was (almost certainly) already there. */
  add(s: string): boolean {
    if ((this.used + 1) * 2 > this.table.length / 2) this.grow();
    const [a, b] = FingerprintSet.hashes(s);
    return this.insert(a, b);
  }

  private insert(a: number, b: number): boolean {
    const mask = this.table.length / 2 - 1;
    let i = (a ^ (b * 31)) & mask;
    for (;;) {
      const x = this.table[i * 2]!;
      if (x === 0) {
        this.table[i * 2] = a;
        this.table[i * 2 + 1] = b;
        this.used++;
        return true;
      }
      if (x === a && this.table[i * 2 + 1] === b) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.insert(old[i]!, old[i + 1]!);
  }
}

/** Draft flags for the problems a record had while it was read. */
export function problemFlags(problems: readonly XmlProblem[]): string[] {
  const flags = new Set<string>();
  for (const p of problems) {
    if (p.code === ErrorCodes.FIELD_TOO_LARGE) flags.add('field-truncated');
    else if (p.code === ErrorCodes.ENCODING_INVALID) flags.add('invalid-utf8');
    else if (p.code === ErrorCodes.XML_UNSAFE) flags.add('xml-entity-unexpanded');
    else if (p.code === ErrorCodes.XML_LIMIT) flags.add('xml-limit');
    else flags.add('xml-error');
  }
  return [...flags];
}

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  heic: 'image/heic',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  '3gp': 'video/3gpp',
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  txt: 'text/plain',
  vcf: 'text/vcard',
  db: 'application/vnd.sqlite3',
  sqlite: 'application/vnd.sqlite3',
  plist: 'application/x-plist',
  xml: 'application/xml',
  json: 'application/json',
  zip: 'application/zip',
};

/** A MIME type guessed from a file name's extension, or null. */
export function mimeFromName(name: string | null | undefined): string | null {
  if (!name) return null;
  const i = name.lastIndexOf('.');
  if (i < 0) return null;
  return MIME[name.slice(i + 1).toLowerCase()] ?? null;
}
