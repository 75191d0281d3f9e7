// Apple-specific value helpers shared by the iOS parsers: Cocoa (2001-epoch) times whose unit is
// decided per value, Core Data REAL seconds, address-book labels, and binary/XML property lists.
import { parse as parseXmlPlist } from 'plist';
import type { RawTime } from '../../../model/entities.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import { big } from './row-values.js';
import { parseBinaryPlist } from './bplist.js';

/** Values above this are nanoseconds since 2001 (iLEAPP's rule for sms.db); below, seconds. */
export const COCOA_NS_THRESHOLD = 1e15;

/**
 * A Cocoa time whose unit is decided per value (sms.db mixes ns and s within one row). Integers
 * stay exact; 0 and NULL mean "not set" and give null.
 */
export function cocoaAuto(v: unknown): RawTime | null {
  if (v === null || v === undefined) return null;
  const b = big(v);
  if (b !== null) {
    if (b === 0n) return null;
    const abs = b < 0n ? -b : b;
    return { value: b, encoding: abs > BigInt(COCOA_NS_THRESHOLD) ? 'cocoa-ns' : 'cocoa-s' };
  }
  return cocoaSeconds(v);
}

/** A Core Data TIMESTAMP (REAL seconds since 2001). NULL gives null; 0 is a real value here. */
export function cocoaSeconds(v: unknown): RawTime | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return { value: v, encoding: 'cocoa-s' };
  if (typeof v === 'number' && Number.isFinite(v)) return { value: v, encoding: 'cocoa-s' };
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))
    return { value: v.trim(), encoding: 'cocoa-s' };
  return null;
}

/** `_$!<Mobile>!$_` → `Mobile`; custom labels are kept as written. */
export function cleanAppleLabel(label: string | null | undefined): string | undefined {
  if (label === null || label === undefined) return undefined;
  const m = /^_\$!<(.*)>!\$_$/.exec(label);
  const out = (m ? m[1]! : label).trim();
  return out || undefined;
}

export const BPLIST_MAGIC = Buffer.from('bplist00', 'latin1');

/** True for the head of a binary property list. */
export function isBinaryPlist(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(0, 8).equals(BPLIST_MAGIC);
}

/** True for the head of an XML property list. */
export function isXmlPlist(head: Buffer): boolean {
  const text = head.subarray(0, 512).toString('latin1');
  return /^(\ufeff|\xef\xbb\xbf)?\s*(<\?xml\s|<!DOCTYPE\s+plist[\s>[]|<plist[\s>])/.test(text);
}

/** Most bytes of a property list read into memory (device plists are a few hundred KiB at most). */
export const MAX_PLIST_BYTES = 32 << 20;

/**
 * Parse a binary or XML property list. Malformed input raises a PARSE_ERROR naming the file; an
 * XML plist with a DOCTYPE that declares entities is refused (no entity expansion).
 */
export function parsePlist(bytes: Buffer, file: string): unknown {
  if (bytes.length > MAX_PLIST_BYTES)
    throw new AppError(
      ErrorCodes.FIELD_TOO_LARGE,
      `property list larger than ${MAX_PLIST_BYTES} bytes`,
      {
        file,
      },
    );
  if (isBinaryPlist(bytes)) {
    try {
      return parseBinaryPlist(bytes);
    } catch (e) {
      throw new AppError(
        ErrorCodes.PARSE_ERROR,
        `malformed binary property list: ${(e as Error).message}`,
        { file },
        { cause: e },
      );
    }
  }
  if (!isXmlPlist(bytes))
    throw new AppError(ErrorCodes.PARSE_ERROR, 'not a binary or XML property list', { file });
  const text = bytes.toString('utf8');
  if (/<!ENTITY/i.test(text))
    throw new AppError(ErrorCodes.XML_UNSAFE, 'property list declares XML entities: refused', {
      file,
    });
  try {
    return parseXmlPlist(text);
  } catch (e) {
    throw new AppError(
      ErrorCodes.PARSE_ERROR,
      `malformed XML property list: ${(e as Error).message}`,
      { file },
      { cause: e },
    );
  }
}

/** A plain object (dictionary) value of a plist, or null. */
export function dict(v: unknown): Record<string, unknown> | null {
  return v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    !(v instanceof Date)
    ? (v as Record<string, unknown>)
    : null;
}

/** A string value of a plist (numbers given as text), or null for anything else or empty. */
export function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() ? v.trim() : null;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return null;
}

/** Read a whole (small) evidence stream into memory, refusing more than `max` bytes. */
export async function readAll(
  stream: AsyncIterable<unknown>,
  max: number,
  file: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    const b = c as Buffer;
    n += b.length;
    if (n > max)
      throw new AppError(ErrorCodes.FIELD_TOO_LARGE, `file larger than ${max} bytes`, { file });
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
