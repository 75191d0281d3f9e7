// Decoder for Apple's typedstream (NSArchiver) format, as found in sms.db `message.attributedBody`:
// a generic reader of typed value groups, classes and objects with the shared string and object
// reference tables, and the extraction of an NSAttributedString's text. Format as documented by
// dgelessus/python-typedstream (stream.py, archiver.py), itself derived from Apple's typedstream.h
// and the Darwin 0.1 objc sources. Bounds-checked throughout: hostile blobs raise TypedStreamError.

export class TypedStreamError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'TypedStreamError';
  }
}

/** A class as archived: name, version and superclass chain. */
export interface TsClass {
  kind: 'class';
  name: string;
  version: number;
  superclass: TsClass | null;
}

/** An archived object of any class: its class chain and the typed value groups it wrote. */
export interface TsObject {
  kind: 'object';
  cls: TsClass;
  contents: TsGroup[];
}

export type TsValue =
  | null
  | boolean
  | number
  | Uint8Array
  | { kind: 'cstring'; bytes: Uint8Array }
  | { kind: 'atom' | 'selector'; bytes: Uint8Array | null }
  | TsClass
  | TsObject
  | { kind: 'array' | 'struct'; items: TsValue[] };

export interface TsGroup {
  encodings: string[];
  values: TsValue[];
}

// Head-byte tags (signed bytes); everything outside -128..-111 is a literal single-byte integer.
const TAG_INTEGER_2 = -127;
const TAG_INTEGER_4 = -126;
const TAG_FLOATING_POINT = -125;
const TAG_NEW = -124;
const TAG_NIL = -123;
const TAG_END_OF_OBJECT = -122;
const FIRST_TAG = -128;
const LAST_TAG = -111;
const FIRST_REFERENCE = LAST_TAG + 1;

const MAX_DEPTH = 64;
const MAX_TABLE = 100_000;
const MAX_GROUPS = 100_000;

type TableEntry =
  | { type: 'cstring'; value: Uint8Array }
  | { type: 'class'; value: TsClass }
  | { type: 'object'; value: TsObject | null };

function isTag(head: number): boolean {
  return head >= FIRST_TAG && head <= LAST_TAG;
}

/** Split a type encoding string (`iI`, `{_NSRange=QQ}`, `[4c]`) into single encodings. */
export function splitEncodings(enc: string, offset = 0): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < enc.length) {
    const start = i;
    let depth = 0;
    do {
      const c = enc[i]!;
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      i++;
    } while (depth > 0 && i < enc.length);
    if (depth !== 0)
      throw new TypedStreamError(`incomplete type encoding ${JSON.stringify(enc)}`, offset);
    out.push(enc.slice(start, i));
  }
  return out;
}

function parseArrayEncoding(enc: string, offset: number): { length: number; element: string } {
  const m = /^\[(\d+)(.+)\]$/s.exec(enc);
  if (!m) throw new TypedStreamError(`bad array encoding ${JSON.stringify(enc)}`, offset);
  return { length: Number(m[1]), element: m[2]! };
}

function parseStructEncoding(enc: string, offset: number): string[] {
  if (!enc.startsWith('{') || !enc.endsWith('}'))
    throw new TypedStreamError(`bad struct encoding ${JSON.stringify(enc)}`, offset);
  const inner = enc.slice(1, -1);
  const brace = inner.indexOf('{');
  const eq = inner.indexOf('=');
  const fields = eq >= 0 && (brace < 0 || eq < brace) ? inner.slice(eq + 1) : inner;
  return splitEncodings(fields, offset);
}

export class TypedStreamReader {
  private pos = 0;
  private little = true;
  private readonly sharedStrings: Uint8Array[] = [];
  private readonly table: TableEntry[] = [];
  private depth = 0;
  streamerVersion = 0;
  systemVersion = 0;

  constructor(private readonly buf: Uint8Array) {
    this.readHeader();
  }

  private fail(message: string): never {
    throw new TypedStreamError(message, this.pos);
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length)
      this.fail(`wanted ${n} bytes, only ${this.buf.length - this.pos} left`);
  }

  private bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  get atEnd(): boolean {
    return this.pos >= this.buf.length;
  }

  private head(): number {
    this.need(1);
    const b = this.buf[this.pos++]!;
    return b > 127 ? b - 256 : b;
  }

  private view(n: number): DataView {
    const b = this.bytes(n);
    return new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  private integer(head: number, signed: boolean): number {
    if (!isTag(head)) return signed ? head : head & 0xff;
    if (head === TAG_INTEGER_2) {
      const v = this.view(2);
      return signed ? v.getInt16(0, this.little) : v.getUint16(0, this.little);
    }
    if (head === TAG_INTEGER_4) {
      const v = this.view(4);
      return signed ? v.getInt32(0, this.little) : v.getUint32(0, this.little);
    }
    return this.fail(`head byte ${head & 0xff} is not an integer here`);
  }

  private readHeader(): void {
    const [version, sigLen] = this.bytes(2);
    this.streamerVersion = version!;
    if (version !== 4) this.fail(`unsupported typedstream streamer version ${version}`);
    if (sigLen !== 11) this.fail(`signature length must be 11, not ${sigLen}`);
    const sig = Buffer.from(this.bytes(11)).toString('latin1');
    if (sig === 'streamtyped') this.little = true;
    else if (sig === 'typedstream') this.little = false;
    else this.fail(`not a typedstream (signature ${JSON.stringify(sig)})`);
    this.systemVersion = this.integer(this.head(), false);
  }

  private unsharedString(head: number): Uint8Array | null {
    if (head === TAG_NIL) return null;
    const length = this.integer(head, false);
    return this.bytes(length);
  }

  private sharedString(head: number): Uint8Array | null {
    if (head === TAG_NIL) return null;
    if (head === TAG_NEW) {
      const s = this.unsharedString(this.head());
      if (s === null) this.fail('a literal shared string cannot be nil');
      if (this.sharedStrings.length >= MAX_TABLE) this.fail('too many shared strings');
      this.sharedStrings.push(s);
      return s;
    }
    const index = this.integer(head, true) - FIRST_REFERENCE;
    const s = this.sharedStrings[index];
    if (s === undefined) this.fail(`shared string reference ${index} out of range`);
    return s;
  }

  private lookup(head: number, type: TableEntry['type']): TableEntry['value'] {
    const index = this.integer(head, true) - FIRST_REFERENCE;
    const e = this.table[index];
    if (!e) this.fail(`reference ${index} out of range`);
    if (e.type !== type) this.fail(`reference ${index} is a ${e.type}, expected a ${type}`);
    return e.value;
  }

  private register(e: TableEntry): number {
    if (this.table.length >= MAX_TABLE) this.fail('too many archived objects');
    this.table.push(e);
    return this.table.length - 1;
  }

  private ascii(b: Uint8Array): string {
    return Buffer.from(b).toString('latin1');
  }

  private readClass(head: number): TsClass | null {
    const chain: Array<{ name: string; version: number }> = [];
    while (head === TAG_NEW) {
      const name = this.sharedString(this.head());
      if (name === null) this.fail('class name cannot be nil');
      const version = this.integer(this.head(), true);
      chain.push({ name: this.ascii(name), version });
      if (chain.length > MAX_DEPTH) this.fail('class chain too long');
      head = this.head();
    }
    let superclass: TsClass | null =
      head === TAG_NIL ? null : (this.lookup(head, 'class') as TsClass);
    const built: TsClass[] = [];
    for (let i = chain.length - 1; i >= 0; i--) {
      superclass = { kind: 'class', name: chain[i]!.name, version: chain[i]!.version, superclass };
      built.unshift(superclass);
    }
    for (const c of built) this.register({ type: 'class', value: c });
    return superclass;
  }

  private readObject(head: number): TsObject | null {
    if (head === TAG_NIL) return null;
    if (head !== TAG_NEW) return this.lookup(head, 'object') as TsObject | null;
    if (++this.depth > MAX_DEPTH) this.fail('objects nested too deeply');
    const slot = this.register({ type: 'object', value: null });
    const cls = this.readClass(this.head());
    if (!cls) this.fail('object class cannot be nil');
    const obj: TsObject = { kind: 'object', cls, contents: [] };
    this.table[slot] = { type: 'object', value: obj };
    let next = this.head();
    while (next !== TAG_END_OF_OBJECT) {
      if (obj.contents.length >= MAX_GROUPS) this.fail('too many values in one object');
      obj.contents.push(this.readGroup(next));
      next = this.head();
    }
    this.depth--;
    return obj;
  }

  private readValue(enc: string): TsValue {
    const at = this.pos;
    switch (enc) {
      case 'B': {
        const b = this.bytes(1)[0]!;
        if (b > 1) this.fail(`boolean must be 0 or 1, not ${b}`);
        return b === 1;
      }
      case 'C':
        return this.bytes(1)[0]!;
      case 'c': {
        const b = this.bytes(1)[0]!;
        return b > 127 ? b - 256 : b;
      }
      case 'S':
      case 'I':
      case 'L':
      case 'Q':
        return this.integer(this.head(), false);
      case 's':
      case 'i':
      case 'l':
      case 'q':
        return this.integer(this.head(), true);
      case 'f':
      case 'd': {
        const h = this.head();
        if (h !== TAG_FLOATING_POINT) return this.integer(h, true);
        return enc === 'f'
          ? this.view(4).getFloat32(0, this.little)
          : this.view(8).getFloat64(0, this.little);
      }
      case '*': {
        const h = this.head();
        if (h === TAG_NIL) return null;
        if (h === TAG_NEW) {
          const s = this.sharedString(this.head());
          if (s === null) this.fail('a literal C string cannot be nil');
          this.register({ type: 'cstring', value: s });
          return { kind: 'cstring', bytes: s };
        }
        return { kind: 'cstring', bytes: this.lookup(h, 'cstring') as Uint8Array };
      }
      case '%':
        return { kind: 'atom', bytes: this.sharedString(this.head()) };
      case ':':
        return { kind: 'selector', bytes: this.sharedString(this.head()) };
      case '+':
        return this.unsharedString(this.head());
      case '#':
        return this.readClass(this.head());
      case '@':
        return this.readObject(this.head());
      case '!':
        return null;
    }
    if (enc.startsWith('[')) {
      const { length, element } = parseArrayEncoding(enc, at);
      if (element === 'c' || element === 'C') return this.bytes(length);
      if (length > this.buf.length - this.pos)
        this.fail(`array of ${length} elements exceeds the data`);
      const items: TsValue[] = [];
      for (let i = 0; i < length; i++) items.push(this.readValue(element));
      return { kind: 'array', items };
    }
    if (enc.startsWith('{')) {
      const items = parseStructEncoding(enc, at).map((f) => this.readValue(f));
      return { kind: 'struct', items };
    }
    return this.fail(`unknown type encoding ${JSON.stringify(enc)}`);
  }

  private readGroup(head: number): TsGroup {
    const encBytes = this.sharedString(head);
    if (encBytes === null || encBytes.length === 0) this.fail('nil or empty type encoding');
    const encodings = splitEncodings(this.ascii(encBytes), this.pos);
    return { encodings, values: encodings.map((e) => this.readValue(e)) };
  }

  /** Every top-level value group in the stream. */
  readAll(): TsGroup[] {
    const out: TsGroup[] = [];
    while (!this.atEnd) {
      if (out.length >= MAX_GROUPS) this.fail('too many top-level values');
      out.push(this.readGroup(this.head()));
    }
    return out;
  }
}

/** True when `cls` or one of its superclasses is named `name`. */
export function isKindOf(cls: TsClass | null, name: string): boolean {
  for (let c = cls; c; c = c.superclass) if (c.name === name) return true;
  return false;
}

/** The UTF-8 bytes an archived NSString (or subclass) holds. */
function nsStringBytes(v: TsValue): Uint8Array | null {
  if (v === null) return null;
  if (
    typeof v !== 'object' ||
    !('kind' in v) ||
    v.kind !== 'object' ||
    !isKindOf(v.cls, 'NSString')
  )
    throw new TypedStreamError('expected an NSString', 0);
  const first = v.contents[0];
  const bytes = first?.values[0];
  if (first?.encodings[0] !== '+' || !(bytes instanceof Uint8Array))
    throw new TypedStreamError('NSString without its "+" character data', 0);
  return bytes;
}

/**
 * The string of an archived NSAttributedString (sms.db `attributedBody`) as UTF-8 bytes: the root
 * object must be an NSAttributedString and its first value the NSString holding the characters.
 */
export function attributedStringBytes(blob: Uint8Array): Uint8Array {
  const groups = new TypedStreamReader(blob).readAll();
  const root = groups[0]?.values[0];
  if (!root || typeof root !== 'object' || !('kind' in root) || root.kind !== 'object')
    throw new TypedStreamError('root value is not an object', 0);
  if (!isKindOf(root.cls, 'NSAttributedString'))
    throw new TypedStreamError(`root object is a ${root.cls.name}, not an NSAttributedString`, 0);
  const str = root.contents[0]?.values[0];
  if (str === undefined) throw new TypedStreamError('NSAttributedString without its string', 0);
  return nsStringBytes(str) ?? new Uint8Array(0);
}
