// Encodes a message text as the typedstream NSMutableAttributedString that iOS Messages stores in
// sms.db `message.attributedBody`: the same classes, shared-string and object references and
// `__kIMMessagePartAttributeName` run attribute as blobs taken from real devices.

const TAG_INTEGER_2 = 0x81;
const TAG_INTEGER_4 = 0x82;
const NEW = 0x84;
const NIL = 0x85;
const END = 0x86;

function int(v: number): number[] {
  if (v >= -110 && v <= 127) return [v & 0xff];
  if (v >= -32768 && v <= 32767) return [TAG_INTEGER_2, v & 0xff, (v >> 8) & 0xff];
  return [TAG_INTEGER_4, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
}

function ascii(s: string): number[] {
  return [...Buffer.from(s, 'latin1')];
}

/** A new shared string: NEW, length, bytes. */
function shared(s: string): number[] {
  return [NEW, ...int(s.length), ...ascii(s)];
}

/** Reference to an earlier shared string or object-table entry (index 0 is written as 0x92). */
function ref(index: number): number[] {
  return int(index - 110);
}

/**
 * The attributedBody blob for `text`. Shared strings: 0 `@`, 1 NSMutableAttributedString,
 * 2 NSAttributedString, 3 NSObject, 4 NSMutableString, 5 NSString, 6 `+`, 7 `iI`, 8 NSDictionary,
 * 9 `i`, 10 NSNumber, 11 NSValue, 12 `*`. Object table: 0 root, 1-3 its classes, 4 the string,
 * 5-6 its classes, 7 the dictionary, 8 its class, 9 the key string, 10 the number, 11-12 its
 * classes, 13 the C string `i`.
 */
export function encodeAttributedBody(text: string): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  const utf16Length = text.length;
  const out: number[] = [
    0x04,
    0x0b,
    ...ascii('streamtyped'),
    ...int(1000),
    // root: typed value "@", a new NSMutableAttributedString
    ...shared('@'),
    NEW,
    NEW,
    ...shared('NSMutableAttributedString'),
    0,
    NEW,
    ...shared('NSAttributedString'),
    0,
    NEW,
    ...shared('NSObject'),
    0,
    NIL,
    // its string: "@" → new NSMutableString : NSString : (ref NSObject)
    ...ref(0),
    NEW,
    NEW,
    ...shared('NSMutableString'),
    1,
    NEW,
    ...shared('NSString'),
    1,
    ...ref(3),
    ...shared('+'),
    ...int(utf8.length),
    ...utf8,
    END,
    // one attribute run covering the whole string: "iI" 1, length
    ...shared('iI'),
    ...int(1),
    ...int(utf16Length),
    // its attributes: "@" → NSDictionary { __kIMMessagePartAttributeName: NSNumber(0) }
    ...ref(0),
    NEW,
    NEW,
    ...shared('NSDictionary'),
    0,
    ...ref(3),
    ...shared('i'),
    ...int(1),
    ...ref(0),
    NEW,
    ...ref(6),
    ...ref(6),
    ...int('__kIMMessagePartAttributeName'.length),
    ...ascii('__kIMMessagePartAttributeName'),
    END,
    ...ref(0),
    NEW,
    NEW,
    ...shared('NSNumber'),
    0,
    NEW,
    ...shared('NSValue'),
    0,
    ...ref(3),
    ...shared('*'),
    NEW,
    ...ref(9),
    ...ref(9),
    ...int(0),
    END,
    END,
    END,
  ];
  return Buffer.from(out);
}
