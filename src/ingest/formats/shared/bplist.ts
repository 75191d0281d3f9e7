// A bounded reader of Apple binary property lists (bplist00), for hostile evidence: every offset is
// checked, reference cycles are refused, nesting depth and the number of values materialised are
// budgeted (a small file whose objects reference each other many times cannot expand without end).
// Format: CoreFoundation CFBinaryPList.c (trailer, offset table, typed object markers).

export class BinaryPlistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BinaryPlistError';
  }
}

export interface BplistLimits {
  /** Most values materialised in total (shared references count each time they are reached). */
  maxValues: number;
  maxDepth: number;
}

export const DEFAULT_BPLIST_LIMITS: BplistLimits = { maxValues: 1_000_000, maxDepth: 128 };

export type BplistValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Date
  | Uint8Array
  | { UID: number }
  | BplistValue[]
  | { [key: string]: BplistValue };

const EPOCH_2001_MS = 978_307_200_000;

export function parseBinaryPlist(
  buf: Uint8Array,
  limits: BplistLimits = DEFAULT_BPLIST_LIMITS,
): BplistValue {
  const fail = (m: string): never => {
    throw new BinaryPlistError(m);
  };
  if (buf.length < 8 + 32) fail('too short for a binary property list');
  if (Buffer.from(buf.subarray(0, 8)).toString('latin1') !== 'bplist00') fail('not bplist00');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const len = buf.length;

  const uint = (at: number, size: number): number => {
    if (at < 0 || at + size > len) fail(`read of ${size} bytes at ${at} is outside the file`);
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + buf[at + i]!;
    if (!Number.isSafeInteger(v)) fail(`integer at ${at} is too large`);
    return v;
  };

  const t = len - 32;
  const offsetSize = buf[t + 6]!;
  const refSize = buf[t + 7]!;
  if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8) fail('bad trailer sizes');
  const numObjects = uint(t + 8, 8);
  const topObject = uint(t + 16, 8);
  const tableAt = uint(t + 24, 8);
  if (numObjects < 1 || numObjects > len) fail(`implausible object count ${numObjects}`);
  if (topObject >= numObjects) fail('top object outside the object table');
  if (tableAt < 8 || tableAt + numObjects * offsetSize > t) fail('offset table outside the file');
  const offsetOf = (i: number): number => {
    const o = uint(tableAt + i * offsetSize, offsetSize);
    if (o < 8 || o >= tableAt) fail(`object ${i} offset ${o} outside the object area`);
    return o;
  };

  let values = 0;
  const onPath = new Set<number>();

  const lengthAfter = (marker: number, at: number): { n: number; at: number } => {
    const low = marker & 0x0f;
    if (low !== 0x0f) return { n: low, at };
    const m = uint(at, 1);
    if (m >> 4 !== 0x1) fail(`bad length marker at ${at}`);
    const size = 1 << (m & 0x0f);
    if (size > 8) fail(`bad length size at ${at}`);
    return { n: uint(at + 1, size), at: at + 1 + size };
  };

  const read = (index: number, depth: number): BplistValue => {
    if (++values > limits.maxValues) fail(`more than ${limits.maxValues} values`);
    if (depth > limits.maxDepth) fail(`nested deeper than ${limits.maxDepth}`);
    if (index >= numObjects) fail(`reference ${index} outside the object table`);
    if (onPath.has(index)) fail(`object ${index} contains itself`);
    const at0 = offsetOf(index);
    const marker = uint(at0, 1);
    const type = marker >> 4;
    const low = marker & 0x0f;
    switch (type) {
      case 0x0:
        if (marker === 0x00) return null;
        if (marker === 0x08) return false;
        if (marker === 0x09) return true;
        return fail(`unknown singleton 0x${marker.toString(16)}`);
      case 0x1: {
        const size = 1 << low;
        if (size > 16) fail('integer wider than 16 bytes');
        const at = at0 + 1;
        if (at + size > len) fail('integer outside the file');
        if (size <= 4) return uint(at, size);
        if (size === 8) {
          const v = view.getBigInt64(at);
          return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(v)
            : v;
        }
        // 16-byte integers: the value is in the low 8 bytes
        return view.getBigInt64(at + 8);
      }
      case 0x2: {
        const size = 1 << low;
        const at = at0 + 1;
        if (at + size > len) fail('real outside the file');
        if (size === 4) return view.getFloat32(at);
        if (size === 8) return view.getFloat64(at);
        return fail(`real of ${size} bytes`);
      }
      case 0x3: {
        if (at0 + 9 > len) fail('date outside the file');
        const ms = view.getFloat64(at0 + 1) * 1000 + EPOCH_2001_MS;
        return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15
          ? new Date(ms)
          : fail('date out of range');
      }
      case 0x4:
      case 0x5:
      case 0x6: {
        const { n, at } = lengthAfter(marker, at0 + 1);
        const bytes = type === 0x6 ? n * 2 : n;
        if (at + bytes > len) fail('string or data outside the file');
        const slice = buf.subarray(at, at + bytes);
        if (type === 0x4) return slice;
        if (type === 0x5) return Buffer.from(slice).toString('latin1');
        let s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(view.getUint16(at + i * 2));
        return s;
      }
      case 0x8:
        return { UID: uint(at0 + 1, low + 1) };
      case 0xa:
      case 0xc:
      case 0xd: {
        const { n, at } = lengthAfter(marker, at0 + 1);
        const refs = type === 0xd ? n * 2 : n;
        if (at + refs * refSize > len) fail('container references outside the file');
        onPath.add(index);
        try {
          if (type !== 0xd) {
            const out: BplistValue[] = [];
            for (let i = 0; i < n; i++) out.push(read(uint(at + i * refSize, refSize), depth + 1));
            return out;
          }
          const out: { [key: string]: BplistValue } = {};
          for (let i = 0; i < n; i++) {
            const k = read(uint(at + i * refSize, refSize), depth + 1);
            if (typeof k !== 'string') fail('dictionary key is not a string');
            Object.defineProperty(out, k as string, {
              value: read(uint(at + (n + i) * refSize, refSize), depth + 1),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
          return out;
        } finally {
          onPath.delete(index);
        }
      }
      default:
        return fail(`unknown object type 0x${type.toString(16)}`);
    }
  };
  return read(topObject, 0);
}
