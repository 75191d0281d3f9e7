// The hardened XML reader on hostile input: DOCTYPE with internal and external entities, entity
// bombs, XXE, huge text and attribute fields, deep nesting, attribute floods, invalid encodings,
// truncation; and a property test: any input reads or fails with an AppError, quickly.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { AppError, ErrorCodes } from '../model/errors.js';
import {
  readXmlStream,
  type XmlLimits,
  type XmlProblem,
  type XmlRecordEvent,
} from './xml-stream.js';

interface Outcome {
  records: XmlRecordEvent[];
  warnings: Array<XmlProblem & { where: string }>;
  error: AppError | null;
  ms: number;
}

async function read(
  input: string | Buffer | Iterable<Buffer>,
  limits: Partial<XmlLimits> = {},
): Promise<Outcome> {
  const records: XmlRecordEvent[] = [];
  const warnings: Outcome['warnings'] = [];
  let error: AppError | null = null;
  const t0 = Date.now();
  const chunks =
    typeof input === 'string' ? [Buffer.from(input)] : Buffer.isBuffer(input) ? [input] : input;
  try {
    await readXmlStream(Readable.from(chunks), {
      file: 'case/report.xml',
      limits,
      decide: (name) => (name === 'rec' ? 'record' : 'enter'),
      onEvent: (e) => {
        if (e.kind === 'record') records.push(e);
      },
      onWarning: (p, where) => warnings.push({ ...p, where }),
    });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    error = e;
  }
  return { records, warnings, error, ms: Date.now() - t0 };
}

const text = (r: XmlRecordEvent) => r.node.text;

describe('hostile XML', () => {
  it('ignores a DOCTYPE: internal entities are never expanded, external ones never fetched', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE r [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY net SYSTEM "http://127.0.0.1:9/x">
]>
<root><rec>&lol2;|&xxe;|&net;|&amp;</rec><rec>second</rec></root>`;
    const o = await read(xml);
    expect(o.error).toBeNull();
    expect(o.records.map(text)).toEqual(['&lol2;|&xxe;|&net;|&', 'second']);
    expect(o.records[0]!.problems.map((p) => p.code)).toEqual([ErrorCodes.XML_UNSAFE]);
    expect(o.records[1]!.problems).toEqual([]);
    expect(o.warnings[0]).toMatchObject({ code: ErrorCodes.XML_UNSAFE, where: '(document)' });
    expect(o.warnings[0]!.message).toMatch(/DOCTYPE ignored/);
    // nothing from /etc/passwd made it in
    expect(o.records.some((r) => /root:/.test(text(r)))).toBe(false);
  });

  it('a billion-laughs bomb costs nothing: no expansion, bounded time', async () => {
    const ents = ['<!ENTITY a0 "ha">'];
    for (let i = 1; i <= 10; i++) ents.push(`<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`);
    const o = await read(`<!DOCTYPE r [${ents.join('')}]><root><rec>&a10;</rec></root>`);
    expect(o.error).toBeNull();
    expect(o.records.map(text)).toEqual(['&a10;']);
    expect(o.ms).toBeLessThan(2000);
  });

  it('a 100 MB text field: FIELD_TOO_LARGE for that record, truncated and flagged, the rest read', async () => {
    const big = Buffer.alloc(100 << 20, 'A'.charCodeAt(0));
    const chunks = (function* () {
      yield Buffer.from('<root><rec>before</rec><rec><body>');
      for (let off = 0; off < big.length; off += 1 << 20) yield big.subarray(off, off + (1 << 20));
      yield Buffer.from('</body><id>7</id></rec><rec>after</rec></root>');
    })();
    const o = await read(chunks);
    expect(o.error).toBeNull();
    expect(o.records).toHaveLength(3);
    const [before, huge, after] = o.records;
    expect(text(before!)).toBe('before');
    expect(text(after!)).toBe('after');
    expect(huge!.problems).toEqual([
      {
        code: ErrorCodes.FIELD_TOO_LARGE,
        message: `text of ${100 << 20} characters (limit ${16 << 20}); kept the first ${64 << 10}`,
      },
    ]);
    expect(huge!.node.children[0]!.text).toHaveLength(64 << 10);
    expect(huge!.node.children[1]).toMatchObject({ name: 'id', text: '7' });
  }, 60_000);

  it('an over-long attribute is truncated and reported on its record', async () => {
    const o = await read(`<root><rec a="${'x'.repeat(5000)}" b="ok"/><rec>next</rec></root>`, {
      maxFieldChars: 1000,
      keepChars: 10,
      chunkChars: 512,
    });
    expect(o.error).toBeNull();
    expect(o.records[0]!.node.attrs).toEqual({ a: 'x'.repeat(10), b: 'ok' });
    expect(o.records[0]!.problems[0]).toMatchObject({ code: ErrorCodes.FIELD_TOO_LARGE });
    expect(o.records[0]!.problems[0]!.message).toMatch(/attribute a of 5000 characters/);
    expect(text(o.records[1]!)).toBe('next');
  });

  it('10,000 levels of nesting inside a record: XML_LIMIT for that record, the rest read', async () => {
    const deep = `${'<d>'.repeat(10_000)}x${'</d>'.repeat(10_000)}`;
    const o = await read(`<root><rec>${deep}</rec><rec>after</rec></root>`);
    expect(o.error).toBeNull();
    expect(o.records).toHaveLength(2);
    expect(o.records[0]!.problems).toEqual([
      {
        code: ErrorCodes.XML_LIMIT,
        message: 'elements nested deeper than 256 levels inside the record were not read',
      },
    ]);
    expect(text(o.records[1]!)).toBe('after');
    expect(o.ms).toBeLessThan(2000);
  });

  it('nesting past the document limit stops the document with XML_LIMIT, naming file and path', async () => {
    const deep = '<d>'.repeat(100_000);
    const o = await read(`<root><rec>kept</rec><x>${deep}`, { maxDocumentDepth: 20_000 });
    expect(o.records.map(text)).toEqual(['kept']);
    expect(o.error?.code).toBe(ErrorCodes.XML_LIMIT);
    expect(o.error?.details).toMatchObject({ file: 'case/report.xml' });
    expect(String(o.error?.details.record)).toMatch(/^root\/x\/d/);
    expect(o.ms).toBeLessThan(2000);
  });

  it('an attribute flood and an endless name stop the document with XML_LIMIT', async () => {
    const flood = Array.from({ length: 2000 }, (_, i) => `a${i}="1"`).join(' ');
    const a = await read(`<root><rec>ok</rec><rec ${flood}/></root>`, { chunkChars: 1024 });
    expect(a.error?.code).toBe(ErrorCodes.XML_LIMIT);
    expect(a.error?.message).toMatch(/more than 512 attributes/);
    expect(a.records.map(text)).toEqual(['ok']);
    const b = await read(`<root><rec>ok</rec><${'n'.repeat(100_000)}/></root>`, {
      chunkChars: 4096,
    });
    expect(b.error?.code).toBe(ErrorCodes.XML_LIMIT);
  });

  it('records with too many elements are cut and flagged', async () => {
    const o = await read(`<root><rec>${'<i>1</i>'.repeat(500)}</rec></root>`, {
      maxRecordNodes: 100,
    });
    expect(o.records[0]!.node.children).toHaveLength(99);
    expect(o.records[0]!.problems[0]).toMatchObject({ code: ErrorCodes.XML_LIMIT });
  });

  it('invalid UTF-8 and characters XML forbids are replaced, flagged on the record, never fatal', async () => {
    const o = await read(
      Buffer.concat([
        Buffer.from('<root><rec>a'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('b</rec><rec>c\u0001d</rec><rec>ok ż</rec></root>'),
      ]),
    );
    expect(o.error).toBeNull();
    expect(o.records.map(text)).toEqual(['a\ufffd(\ufffdb', 'c\ufffdd', 'ok ż']);
    expect(o.records[0]!.problems[0]!.code).toBe(ErrorCodes.ENCODING_INVALID);
    expect(o.records[1]!.problems[0]!.code).toBe(ErrorCodes.ENCODING_INVALID);
    expect(o.records[2]!.problems).toEqual([]);
  });

  it('multi-byte characters split across chunks survive; UTF-16 with a BOM is read', async () => {
    const bytes = Buffer.from('<root><rec>Zażółć gęślą jaźń 🚗</rec></root>');
    const split = Array.from(bytes).map((b) => Buffer.from([b]));
    const o = await read(split);
    expect(o.records.map(text)).toEqual(['Zażółć gęślą jaźń 🚗']);
    const u16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('<root><rec>привет</rec></root>', 'utf16le'),
    ]);
    expect((await read(u16)).records.map(text)).toEqual(['привет']);
  });

  it('a truncated document delivers what was read, then fails with PARSE_ERROR', async () => {
    const o = await read('<root><rec>one</rec><rec><b>partial');
    expect(o.records.map((r) => [text(r) || r.node.children[0]?.text, r.complete])).toEqual([
      ['one', true],
      ['partial', false],
    ]);
    expect(o.error?.code).toBe(ErrorCodes.PARSE_ERROR);
    expect(o.error?.message).toMatch(/still open/);
  });

  it('malformed markup is reported on the record and reading goes on', async () => {
    const o = await read('<root><rec><a></b></rec><rec>fine</rec></root>');
    expect(o.records.map(text).at(-1)).toBe('fine');
    expect(o.records[0]!.problems.some((p) => p.code === ErrorCodes.PARSE_ERROR)).toBe(true);
  });
});

describe('XML reader properties', () => {
  const fragments = fc.constantFrom(
    '<rec>',
    '</rec>',
    '<a x="1">',
    '</a>',
    '<b/>',
    '&amp;',
    '&lol;',
    '&#65;',
    '&#x0;',
    '<![CDATA[x]]>',
    '<!--c-->',
    '<?pi x?>',
    '<!DOCTYPE r [<!ENTITY e "v">]>',
    ']]>',
    '<',
    '>',
    '"',
    'text',
    'ż🚗',
    '\u0000',
  );

  it('any mixture of markup reads or fails with an AppError, in bounded time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fragments, { maxLength: 200 }), async (parts) => {
        const o = await read(`<root>${parts.join('')}</root>`, { maxErrors: 50 });
        expect(o.ms).toBeLessThan(2000);
        for (const r of o.records) expect(Array.isArray(r.problems)).toBe(true);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('arbitrary bytes read or fail with an AppError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const o = await read(Buffer.from(bytes));
        expect(o.ms).toBeLessThan(2000);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
