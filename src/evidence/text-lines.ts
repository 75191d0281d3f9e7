// Reads evidence text files line by line in constant memory: detects the encoding from the BOM
// (UTF-8, UTF-16LE/BE), refuses undeclared legacy encodings with a specific ENCODING_INVALID error
// naming file and line, and never silently replaces invalid bytes (the line is flagged, its bytes kept).
import type { Readable } from 'node:stream';
import { AppError, ErrorCodes } from '../model/errors.js';

/** Encodings a text file may be read in. `auto`: from the BOM, else strict UTF-8. */
export const TEXT_ENCODINGS = [
  'auto',
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'iso-8859-1',
] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];
export type ResolvedEncoding = Exclude<TextEncoding, 'auto'>;

export interface EncodingSniff {
  encoding: ResolvedEncoding;
  /** Bytes of byte-order mark to skip. */
  bomBytes: number;
  /** How the encoding was decided. */
  source: 'bom' | 'declared' | 'default';
}

export interface TextLine {
  /** The line without its terminator (`\n`, `\r\n`). */
  text: string;
  /** 1-based physical line number. */
  line: number;
  /** Anomaly flags (`invalid-utf8`, `invalid-utf16le` …) when the bytes were not valid. */
  flags?: string[];
  /** Base64 of the line's bytes when they were not valid in the encoding. */
  rawBase64?: string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

/** Share of NUL bytes at even and odd offsets of the head (UTF-16 without a BOM has many). */
function nulPattern(head: Uint8Array): { even: number; odd: number } {
  let even = 0;
  let odd = 0;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) {
    if (head[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const half = Math.max(1, n / 2);
  return { even: even / half, odd: odd / half };
}

/** 1-based line number of a byte offset in a head buffer (counting 0x0A bytes). */
function lineOfOffset(head: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < head.length; i++) if (head[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that is not valid UTF-8, or -1 (a sequence cut by the end is allowed). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= b.length) {
      // sequence runs past the end of the buffer: only check the bytes present
      for (let k = 1; i + k < b.length; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
      return -1;
    }
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k]!;
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Decide a file's encoding from its first bytes. A BOM wins; a declared encoding is used as given;
 * otherwise the head must be valid UTF-8, and UTF-16 without a BOM or a legacy single-byte encoding
 * is refused with ENCODING_INVALID naming the file and the first bad line.
 */
export function sniffEncoding(
  head: Uint8Array,
  declared: TextEncoding = 'auto',
  where: { file: string } = { file: '' },
): EncodingSniff {
  if (startsWith(head, UTF8_BOM)) return { encoding: 'utf-8', bomBytes: 3, source: 'bom' };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bomBytes: 2, source: 'bom' };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bomBytes: 2, source: 'bom' };
  if (declared !== 'auto') return { encoding: declared, bomBytes: 0, source: 'declared' };
  const nul = nulPattern(head);
  if (head.length >= 4 && (nul.odd > 0.3 || nul.even > 0.3)) {
    const guess = nul.odd > nul.even ? 'UTF-16LE' : 'UTF-16BE';
    throw new AppError(
      ErrorCodes.ENCODING_INVALID,
      `text looks like ${guess} without a byte-order mark; declare the encoding (a CSV profile's "encoding") to read it`,
      { ...where, record: 'line 1', detected: guess.toLowerCase() },
    );
  }
  const bad = firstInvalidUtf8(head);
  if (bad >= 0) {
    const line = lineOfOffset(head, bad);
    const byte = head[bad]!.toString(16).padStart(2, '0');
    throw new AppError(
      ErrorCodes.ENCODING_INVALID,
      `not valid UTF-8 (byte 0x${byte} at offset ${bad}); it looks like a legacy single-byte encoding such as Windows-1252: declare the encoding to read it rather than guess`,
      { ...where, record: `line ${line}`, offset: bad, detected: 'single-byte' },
    );
  }
  return { encoding: 'utf-8', bomBytes: 0, source: 'default' };
}

function decoderLabel(e: ResolvedEncoding): string {
  return e === 'iso-8859-1' || e === 'windows-1252' ? 'latin1' : e;
}

/** Windows-1252 0x80–0x9F (Node's TextDecoder reads windows-1252 as ISO-8859-1); unassigned stay C1. */
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function cp1252(s: string): string {
  return s.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

/**
 * Split a byte stream into decoded lines. Lines are split on LF (code unit 0x000A in UTF-16), a
 * trailing CR is removed, and each line is decoded strictly: a line that is not valid in the
 * encoding comes back decoded with replacement characters, flagged, with its bytes as base64.
 * `maxLineBytes` bounds memory: a longer line is an error (FIELD_TOO_LARGE) naming the line.
 */
export async function* readLines(
  stream: Readable,
  sniff: EncodingSniff,
  opts: { file: string; maxLineBytes?: number; onBytes?: (n: number) => void },
): AsyncGenerator<TextLine> {
  const unit = sniff.encoding === 'utf-16le' || sniff.encoding === 'utf-16be' ? 2 : 1;
  const le = sniff.encoding === 'utf-16le';
  const maxLine = opts.maxLineBytes ?? 64 << 20;
  const strict = new TextDecoder(decoderLabel(sniff.encoding), { fatal: true, ignoreBOM: true });
  const lax = new TextDecoder(decoderLabel(sniff.encoding), { fatal: false, ignoreBOM: true });
  let skip = sniff.bomBytes;
  let carry: Buffer = Buffer.alloc(0);
  let line = 0;

  const decode = (bytes: Buffer): TextLine => {
    line++;
    let end = bytes.length;
    // strip the CR of a CRLF
    if (unit === 1 && end > 0 && bytes[end - 1] === 0x0d) end--;
    else if (
      unit === 2 &&
      end >= 2 &&
      (le
        ? bytes[end - 2] === 0x0d && bytes[end - 1] === 0
        : bytes[end - 2] === 0 && bytes[end - 1] === 0x0d)
    )
      end -= 2;
    const body = bytes.subarray(0, end);
    try {
      if (sniff.encoding === 'windows-1252') return { text: cp1252(strict.decode(body)), line };
      return { text: strict.decode(body), line };
    } catch {
      return {
        text: lax.decode(body),
        line,
        flags: [`invalid-${sniff.encoding.replace('-', '')}`],
        rawBase64: Buffer.from(body).toString('base64'),
      };
    }
  };

  for await (const chunk of stream) {
    let buf = chunk as Buffer;
    opts.onBytes?.(buf.length);
    if (skip > 0) {
      const n = Math.min(skip, buf.length);
      buf = buf.subarray(n);
      skip -= n;
    }
    const data = carry.length ? Buffer.concat([carry, buf]) : buf;
    let start = 0;
    if (unit === 1) {
      let nl = data.indexOf(0x0a, start);
      while (nl !== -1) {
        yield decode(data.subarray(start, nl));
        start = nl + 1;
        nl = data.indexOf(0x0a, start);
      }
    } else {
      for (let i = start; i + 1 < data.length; i += 2) {
        const isNl = le
          ? data[i] === 0x0a && data[i + 1] === 0
          : data[i] === 0 && data[i + 1] === 0x0a;
        if (isNl) {
          yield decode(data.subarray(start, i));
          start = i + 2;
        }
      }
    }
    carry = Buffer.from(data.subarray(start));
    if (carry.length > maxLine) {
      throw new AppError(ErrorCodes.FIELD_TOO_LARGE, `line longer than ${maxLine} bytes`, {
        file: opts.file,
        record: `line ${line + 1}`,
      });
    }
  }
  if (carry.length > 0) {
    if (unit === 2 && carry.length % 2 === 1) {
      const l = decode(carry.subarray(0, carry.length - 1));
      yield {
        ...l,
        flags: [...(l.flags ?? []), `invalid-${sniff.encoding.replace('-', '')}`, 'truncated'],
        rawBase64: carry.toString('base64'),
      };
    } else yield decode(carry);
  }
}
