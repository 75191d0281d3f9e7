// Hardened streaming XML for evidence reports (Cellebrite report.xml, Magnet AXIOM exports): saxes
// underneath, never the whole document in memory, one record subtree materialised at a time. A
// DOCTYPE is ignored (its entities are never expanded, nothing is ever fetched); depth, field
// length, record size, attributes, names and well-formedness errors are budgeted; problems are
// reported against the record they occur in, and only what cannot be bounded stops the document.
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AppError, ErrorCodes, type ErrorCode } from '../model/errors.js';

export interface XmlLimits {
  /** Elements nested deeper than this inside a record are dropped and the record flagged XML_LIMIT. */
  maxDepth: number;
  /** Nesting deeper than this anywhere stops the document (XML_LIMIT). */
  maxDocumentDepth: number;
  /** Longest text of one element, attribute, comment or CDATA section (characters). */
  maxFieldChars: number;
  /** Characters kept of a field that exceeds maxFieldChars (the rest is counted and dropped). */
  keepChars: number;
  /** Most characters (text and attribute values) materialised for one record. */
  maxRecordChars: number;
  /** Most elements materialised for one record. */
  maxRecordNodes: number;
  /** Most attributes on one element (more stops the document). */
  maxAttributes: number;
  /** Longest element, attribute, entity or processing-instruction name (longer stops the document). */
  maxNameChars: number;
  /** Well-formedness errors tolerated before the document is abandoned. */
  maxErrors: number;
  /** Characters handed to the XML tokenizer at a time (bounds what can pile up between checks). */
  chunkChars: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxDepth: 256,
  maxDocumentDepth: 20_000,
  maxFieldChars: 16 << 20,
  keepChars: 64 << 10,
  maxRecordChars: 64 << 20,
  maxRecordNodes: 200_000,
  maxAttributes: 512,
  maxNameChars: 4096,
  maxErrors: 10_000,
  chunkChars: 64 << 10,
});

/** One element of a materialised record: local name (prefix stripped), attributes, children, text. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

export interface XmlProblem {
  code: ErrorCode;
  message: string;
}

/** An element outside any record that the handler chose to enter. */
export interface XmlOpenEvent {
  kind: 'open';
  name: string;
  attrs: Record<string, string>;
  depth: number;
  /** 1-based position among same-named siblings. */
  ordinal: number;
}

export interface XmlCloseEvent {
  kind: 'close';
  name: string;
  depth: number;
}

/** A materialised subtree. Detached records arrive before the record they sit in. */
export interface XmlRecordEvent {
  kind: 'record';
  node: XmlNode;
  depth: number;
  ordinal: number;
  /** Problems inside this record: FIELD_TOO_LARGE, XML_LIMIT, ENCODING_INVALID, PARSE_ERROR, XML_UNSAFE. */
  problems: XmlProblem[];
  /** False when the document ended before the record closed. */
  complete: boolean;
  /** For a detached record: the enclosing record as it stood when this one closed. */
  parent: { node: XmlNode; childCount: number; ordinal: number } | null;
}

export type XmlEvent = XmlOpenEvent | XmlCloseEvent | XmlRecordEvent;

export type OpenDecision = 'record' | 'skip' | 'enter';

export interface XmlReadOptions {
  /** The evidence file (for error details). */
  file: string;
  limits?: Partial<XmlLimits>;
  /** For each element outside a record (synchronous): materialise it, skip its subtree, or enter it. */
  decide(
    name: string,
    attrs: Readonly<Record<string, string>>,
    depth: number,
    path: readonly string[],
  ): OpenDecision;
  /** For each element inside a record (synchronous): true makes it a record of its own. */
  detach?(name: string, attrs: Readonly<Record<string, string>>, record: XmlNode): boolean;
  /** Events in document order; awaited (backpressure). */
  onEvent(e: XmlEvent): Promise<void> | void;
  /** A document-level problem (outside any record), with the element path where it happened. */
  onWarning(problem: XmlProblem, where: string): void;
  onProgress?(bytesRead: number): void;
  signal?: AbortSignal;
}

export interface XmlReadResult {
  bytes: number;
  /** A DOCTYPE was present (and ignored). */
  doctype: boolean;
  /** Well-formedness errors seen (in and out of records). */
  errors: number;
  /** Input characters replaced with U+FFFD (invalid UTF-8, or characters XML forbids). */
  replacedChars: number;
}

const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const FORBIDDEN_TEST = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** saxes keeps partial tokens in these fields between writes; we check them after every chunk. */
interface SaxesInternals {
  text: string;
  name: string;
  entity: string;
  piTarget: string;
  attribList: Array<{ name: string; value: string }>;
  tags: unknown[];
  state: number;
  entityReturnState: number | undefined;
}

// saxes 6 state numbers (saxes.js): text, entity, CDATA and the attribute-value states.
const S_TEXT = 13;
const S_ENTITY = 14;
const S_CDATA_STATES = new Set([20, 21, 22]);
const S_ATTRIB_VALUE_STATES = new Set([40, 42]);

type OverflowKind = 'text' | 'attr' | 'other';

interface Capture {
  root: XmlNode;
  rootDepth: number;
  ordinal: number;
  /** Open elements of this record, root first. */
  stack: XmlNode[];
  problems: XmlProblem[];
  chars: number;
  nodes: number;
  /** Depth (absolute) of an element being dropped (too deep or over budget), or 0. */
  dropDepth: number;
  limited: boolean;
  parent: Capture | null;
}

interface Frame {
  name: string;
  /** Same-name child counts (allocated when the first child opens). */
  children: Map<string, number> | null;
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

function addProblem(list: XmlProblem[], code: ErrorCode, message: string): void {
  if (list.length >= 50) return;
  if (list.some((p) => p.code === code && p.message === message)) return;
  list.push({ code, message });
}

/** Bytes → text, keeping incomplete trailing UTF-8 sequences for the next chunk and noting invalid input. */
class Decoder {
  private encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | null = null;
  private carry: Buffer = Buffer.alloc(0);
  private utf16: InstanceType<typeof TextDecoder> | null = null;
  invalid = 0;

  decode(chunk: Buffer, final: boolean): string {
    let buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    if (this.encoding === null) {
      if (buf.length < 3 && !final) {
        this.carry = Buffer.from(buf);
        return '';
      }
      if (buf[0] === 0xff && buf[1] === 0xfe) this.encoding = 'utf-16le';
      else if (buf[0] === 0xfe && buf[1] === 0xff) this.encoding = 'utf-16be';
      else {
        this.encoding = 'utf-8';
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      }
      if (this.encoding !== 'utf-8') this.utf16 = new TextDecoder(this.encoding, { fatal: false });
    }
    if (this.utf16) {
      const text = this.utf16.decode(buf, { stream: !final });
      if (text.includes('\ufffd')) this.invalid++;
      return text;
    }
    let end = buf.length;
    if (!final) {
      // keep an incomplete trailing sequence (up to 3 bytes) for the next chunk
      let i = buf.length - 1;
      let back = 0;
      while (i >= 0 && back < 3 && (buf[i]! & 0xc0) === 0x80) {
        i--;
        back++;
      }
      if (i >= 0) {
        const lead = buf[i]!;
        const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        if (need > 1 && buf.length - i < need) end = i;
      }
      if (end < buf.length) this.carry = Buffer.from(buf.subarray(end));
    }
    const body = end === buf.length ? buf : buf.subarray(0, end);
    if (!isUtf8(body)) this.invalid++;
    return body.toString('utf8');
  }
}

/**
 * Read an XML document from a byte stream, materialising the records the handler asks for.
 * Throws AppError (XML_LIMIT, PARSE_ERROR) when the document cannot be read further; everything
 * delivered before that stands.
 */
export async function readXmlStream(
  stream: Readable,
  opts: XmlReadOptions,
): Promise<XmlReadResult> {
  const L: XmlLimits = { ...DEFAULT_XML_LIMITS, ...opts.limits };
  const parser = new SaxesParser({ xmlns: false, position: false });
  const internals = parser as unknown as SaxesInternals;
  const decoder = new Decoder();
  const queue: XmlEvent[] = [];
  const frames: Frame[] = [];
  const path: string[] = [];
  let capture: Capture | null = null;
  /** Depth of an element whose subtree is skipped, or 0. */
  let skipDepth = 0;
  let depth = 0;
  let fatal: AppError | null = null;
  let errors = 0;
  let doctype = false;
  let bytes = 0;
  let replaced = 0;
  let sawInvalid = false;
  let docWarnings = 0;
  /** A field that went over maxFieldChars: its kept prefix and total length, until its event arrives. */
  let overflow: { prefix: string; total: number; kind: OverflowKind; attr: string } | null = null;

  const where = () => path.join('/') || '(document)';
  const fail = (code: ErrorCode, message: string) => {
    fatal ??= new AppError(code, message, { file: opts.file, record: where() });
  };
  const warnDoc = (code: ErrorCode, message: string) => {
    docWarnings++;
    if (docWarnings <= 200) opts.onWarning({ code, message }, where());
  };

  const deliver = (c: Capture, complete: boolean) => {
    queue.push({
      kind: 'record',
      node: c.root,
      depth: c.rootDepth,
      ordinal: c.ordinal,
      problems: c.problems,
      complete,
      parent: c.parent
        ? {
            node: c.parent.root,
            childCount: c.parent.root.children.length,
            ordinal: c.parent.ordinal,
          }
        : null,
    });
  };

  const ordinalOf = (name: string): number => {
    const top = frames[frames.length - 1];
    if (!top) return 1;
    top.children ??= new Map();
    const n = (top.children.get(name) ?? 0) + 1;
    top.children.set(name, n);
    return n;
  };

  const recordText = (c: Capture, text: string) => {
    if (c.dropDepth || !text) return;
    const node = c.stack[c.stack.length - 1]!;
    if (c.chars + text.length > L.maxRecordChars) {
      if (!c.limited) {
        c.limited = true;
        addProblem(
          c.problems,
          ErrorCodes.XML_LIMIT,
          `record holds more than ${L.maxRecordChars} characters; the rest is not read`,
        );
      }
      return;
    }
    c.chars += text.length;
    if (sawInvalid && text.includes('\ufffd'))
      addProblem(
        c.problems,
        ErrorCodes.ENCODING_INVALID,
        'invalid UTF-8 or characters XML forbids were replaced with U+FFFD',
      );
    node.text = node.text ? node.text + text : text;
  };

  const tooLarge = (o: { prefix: string; total: number }, what: string) =>
    `${what} of ${o.total} characters (limit ${L.maxFieldChars}); kept the first ${o.prefix.length}`;

  /** Consume a pending overflow of the given kind; a text overflow is applied to the open element. */
  const takeOverflow = (kind: OverflowKind) => {
    const o = overflow;
    if (!o) return null;
    if (o.kind === 'text' && kind !== 'text') {
      // the text ended without a text event (nothing followed the dropped part): apply it here
      overflow = null;
      applyTextOverflow(o);
      return null;
    }
    if (o.kind !== kind) return null;
    overflow = null;
    if (kind === 'other')
      warnDoc(ErrorCodes.FIELD_TOO_LARGE, tooLarge(o, 'comment or declaration'));
    return o;
  };

  const applyTextOverflow = (o: { prefix: string; total: number }) => {
    if (skipDepth) return;
    const c = capture;
    if (c && !c.dropDepth) {
      addProblem(c.problems, ErrorCodes.FIELD_TOO_LARGE, tooLarge(o, 'text'));
      recordText(c, o.prefix);
    } else if (!c) warnDoc(ErrorCodes.FIELD_TOO_LARGE, tooLarge(o, 'text'));
  };

  parser.on('doctype', () => {
    doctype = true;
    takeOverflow('other');
    warnDoc(
      ErrorCodes.XML_UNSAFE,
      'DOCTYPE ignored: entities it declares are never expanded and external ones never fetched',
    );
  });

  parser.on('error', (err: Error) => {
    errors++;
    let message = `XML: ${err.message.replace(/^\d+:\d+: /, '')}`;
    let code: ErrorCode = ErrorCodes.PARSE_ERROR;
    if (/undefined entity/.test(message)) {
      code = ErrorCodes.XML_UNSAFE;
      message =
        'an entity reference was left unexpanded (entities declared in a DOCTYPE are never expanded)';
    }
    if (capture) addProblem(capture.problems, code, message);
    else warnDoc(code, message);
    if (errors > L.maxErrors)
      fail(ErrorCodes.PARSE_ERROR, `more than ${L.maxErrors} XML errors; reading abandoned`);
  });

  parser.on('opentag', (tag: SaxesTagPlain) => {
    depth++;
    const name = localName(tag.name);
    const o = takeOverflow('attr');
    if (depth > L.maxDocumentDepth) {
      fail(ErrorCodes.XML_LIMIT, `elements nested deeper than ${L.maxDocumentDepth} levels`);
      return;
    }
    if (skipDepth) return;
    const attrs = tag.attributes;
    let attrProblem: string | null = null;
    if (o) {
      o.total += attrs[o.attr]?.length ?? 0;
      attrs[o.attr] = o.prefix;
      attrProblem = tooLarge(o, `attribute ${o.attr}`);
    }
    const c = capture;
    if (c) {
      if (c.dropDepth) return;
      if (depth - c.rootDepth >= L.maxDepth) {
        c.dropDepth = depth;
        addProblem(
          c.problems,
          ErrorCodes.XML_LIMIT,
          `elements nested deeper than ${L.maxDepth} levels inside the record were not read`,
        );
        return;
      }
      if (c.nodes >= L.maxRecordNodes) {
        c.dropDepth = depth;
        if (!c.limited) {
          c.limited = true;
          addProblem(
            c.problems,
            ErrorCodes.XML_LIMIT,
            `record has more than ${L.maxRecordNodes} elements; the rest is not read`,
          );
        }
        return;
      }
      const node: XmlNode = { name, attrs, children: [], text: '' };
      const problems: XmlProblem[] = [];
      if (attrProblem) addProblem(problems, ErrorCodes.FIELD_TOO_LARGE, attrProblem);
      if (opts.detach?.(name, attrs, c.root)) {
        capture = {
          root: node,
          rootDepth: depth,
          ordinal: 0,
          stack: [node],
          problems,
          chars: 0,
          nodes: 1,
          dropDepth: 0,
          limited: false,
          parent: c,
        };
        return;
      }
      if (attrProblem) addProblem(c.problems, ErrorCodes.FIELD_TOO_LARGE, attrProblem);
      const parent = c.stack[c.stack.length - 1]!;
      if (parent.text && !parent.text.trim()) parent.text = '';
      parent.children.push(node);
      c.stack.push(node);
      c.nodes++;
      for (const k in attrs) c.chars += attrs[k]!.length;
      return;
    }
    const ordinal = ordinalOf(name);
    const decision = opts.decide(name, attrs, depth, path);
    if (attrProblem && decision !== 'record') warnDoc(ErrorCodes.FIELD_TOO_LARGE, attrProblem);
    if (decision === 'skip') {
      skipDepth = depth;
      return;
    }
    if (decision === 'record') {
      const node: XmlNode = { name, attrs, children: [], text: '' };
      capture = {
        root: node,
        rootDepth: depth,
        ordinal,
        stack: [node],
        problems: attrProblem ? [{ code: ErrorCodes.FIELD_TOO_LARGE, message: attrProblem }] : [],
        chars: 0,
        nodes: 1,
        dropDepth: 0,
        limited: false,
        parent: null,
      };
      return;
    }
    frames.push({ name, children: null });
    path.push(ordinal > 1 ? `${name}[${ordinal}]` : name);
    queue.push({ kind: 'open', name, attrs, depth, ordinal });
  });

  parser.on('closetag', () => {
    // a text overflow with no text event after it belongs to the element closing here
    if (overflow?.kind === 'text') takeOverflow('attr');
    const d = depth;
    depth--;
    if (d > L.maxDocumentDepth) return;
    if (skipDepth) {
      if (d === skipDepth) skipDepth = 0;
      return;
    }
    const c = capture;
    if (c) {
      if (c.dropDepth) {
        if (d === c.dropDepth) c.dropDepth = 0;
        return;
      }
      if (d === c.rootDepth) {
        const root = c.root;
        if (root.children.length && root.text && !root.text.trim()) root.text = '';
        capture = c.parent;
        deliver(c, true);
        return;
      }
      const node = c.stack.pop()!;
      if (node.children.length && node.text && !node.text.trim()) node.text = '';
      return;
    }
    const frame = frames.pop();
    path.pop();
    if (frame) queue.push({ kind: 'close', name: frame.name, depth: d });
  });

  const onText = (text: string) => {
    const o = takeOverflow('text');
    if (o) {
      o.total += text.length;
      applyTextOverflow(o);
      return;
    }
    if (skipDepth) return;
    const c = capture;
    if (c) recordText(c, text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('comment', () => void takeOverflow('other'));
  parser.on('processinginstruction', () => void takeOverflow('other'));

  /** After each write: bound what saxes holds for the token in progress. */
  const checkPartial = () => {
    const p = internals;
    if (p.text.length > L.maxFieldChars || (overflow && p.text.length > L.chunkChars)) {
      if (!overflow) {
        const state = p.state === S_ENTITY ? (p.entityReturnState ?? S_TEXT) : p.state;
        const kind: OverflowKind = S_ATTRIB_VALUE_STATES.has(state)
          ? 'attr'
          : state === S_TEXT || S_CDATA_STATES.has(state)
            ? 'text'
            : 'other';
        overflow = {
          prefix: p.text.slice(0, L.keepChars),
          total: p.text.length,
          kind,
          attr: p.name,
        };
      } else overflow.total += p.text.length;
      p.text = '';
    }
    if (
      p.name.length > L.maxNameChars ||
      p.entity.length > L.maxNameChars ||
      p.piTarget.length > L.maxNameChars
    )
      fail(ErrorCodes.XML_LIMIT, `a name longer than ${L.maxNameChars} characters`);
    if (p.attribList.length > L.maxAttributes)
      fail(ErrorCodes.XML_LIMIT, `an element with more than ${L.maxAttributes} attributes`);
    else if (p.attribList.length) {
      let sum = 0;
      for (const a of p.attribList) sum += a.value.length;
      if (sum > L.maxRecordChars)
        fail(
          ErrorCodes.XML_LIMIT,
          `attributes of one element exceed ${L.maxRecordChars} characters`,
        );
    }
  };

  const drain = async () => {
    while (queue.length) {
      const batch = queue.splice(0, queue.length);
      for (const e of batch) {
        // only wait when the handler actually returned a promise (one microtask less per event)
        const r = opts.onEvent(e);
        if (r) await r;
      }
    }
  };

  const feed = async (text: string) => {
    if (!text) return;
    if (FORBIDDEN_TEST.test(text)) {
      text = text.replace(FORBIDDEN_CHARS, () => {
        replaced++;
        return '\ufffd';
      });
      sawInvalid = true;
    }
    for (let i = 0; i < text.length; i += L.chunkChars) {
      let end = Math.min(text.length, i + L.chunkChars);
      // never split a surrogate pair between writes
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
      try {
        parser.write(text.slice(i, end));
      } catch (e) {
        fail(ErrorCodes.PARSE_ERROR, `XML tokenizer failed: ${(e as Error).message}`);
      }
      if (end > i + L.chunkChars) i++;
      checkPartial();
      if (fatal) {
        await drain();
        throw fatal;
      }
      await drain();
    }
  };

  for await (const chunk of stream) {
    if (opts.signal?.aborted) throw new AppError(ErrorCodes.JOB_FAILED, 'cancelled');
    const buf = chunk as Buffer;
    bytes += buf.length;
    const before = decoder.invalid;
    const text = decoder.decode(buf, false);
    if (decoder.invalid !== before) sawInvalid = true;
    await feed(text);
    opts.onProgress?.(bytes);
  }
  await feed(decoder.decode(Buffer.alloc(0), true));

  // Records still open at the end are delivered as incomplete (innermost first), then the document
  // is reported as truncated.
  const unclosed = internals.tags.length;
  if (unclosed > 0) {
    // text read but not yet handed out (no markup followed it) belongs to the open element
    if (capture && internals.state === S_TEXT && internals.text)
      recordText(capture, internals.text);
    for (let c = capture as Capture | null; c; c = c.parent) {
      addProblem(c.problems, ErrorCodes.PARSE_ERROR, 'the document ends inside this record');
      deliver(c, false);
    }
    capture = null;
    await drain();
    throw new AppError(
      ErrorCodes.PARSE_ERROR,
      `the document ends with ${unclosed} element(s) still open (truncated?)`,
      { file: opts.file, record: where() },
    );
  }
  try {
    parser.close();
  } catch {
    /* errors are reported through the handler */
  }
  await drain();
  if (fatal) throw fatal;
  if (sawInvalid && replaced + decoder.invalid > 0)
    warnDoc(
      ErrorCodes.ENCODING_INVALID,
      `${replaced} character(s) XML forbids and ${decoder.invalid} chunk(s) of invalid text were replaced with U+FFFD`,
    );
  if (docWarnings > 200)
    opts.onWarning(
      { code: ErrorCodes.PARSE_ERROR, message: `${docWarnings - 200} further warnings not listed` },
      '(document)',
    );
  return { bytes, doctype, errors, replacedChars: replaced };
}

/** The first direct child with this local name. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  for (const c of node.children) if (c.name === name) return c;
  return undefined;
}

/** All direct children with this local name. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** All text inside a node (its own and its descendants', in document order). */
export function deepText(node: XmlNode): string {
  if (!node.children.length) return node.text;
  let out = node.text;
  for (const c of node.children) out += deepText(c);
  return out;
}
