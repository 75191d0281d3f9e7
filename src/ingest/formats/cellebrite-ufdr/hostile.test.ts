// cellebrite-ufdr on hostile report.xml files: DOCTYPE/XXE/entity bombs, a 100 MB field, 10,000
// levels of nesting, duplicated model ids, truncation; each problem is recorded against its file
// and record, and every other record is still read. Plus property tests with arbitrary values.
import { afterAll, describe, expect, it } from 'vitest';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import fc from 'fast-check';
import { cellebriteUfdrParser, createCellebriteUfdrParser } from './index.js';
import { countKinds, runParser } from '../../../testkit/run-parser.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type { DraftMessage } from '../../../model/entities.js';
import { ufdrTimeToIso, timeSpanSeconds } from './ufdr-time.js';
import { decodeIsoTime } from '../../../model/timestamps.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-ufdr-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NS = 'http://pa.cellebrite.com/report/2.0';
const party = (role: string, id: string, owner = false) =>
  `<model type="Party" id="p-${Math.random().toString(36).slice(2)}"><field name="Identifier" type="String"><value type="String">${id}</value></field><field name="Role" type="String"><value type="String">${role}</value></field><field name="IsPhoneOwner" type="Boolean"><value type="Boolean">${owner ? 'True' : 'False'}</value></field></model>`;
const message = (id: string, body: string, time = '2024-03-01T10:00:00.000+00:00') =>
  `<model type="InstantMessage" id="${id}" deleted_state="Intact"><field name="Body" type="String"><value type="String">${body}</value></field><field name="TimeStamp" type="TimeStamp"><value type="TimeStamp">${time}</value></field><modelField name="From" type="Party">${party('From', '+447700900201')}</modelField></model>`;
const report = (chatBody: string, prolog = '') =>
  `<?xml version="1.0" encoding="utf-8"?>${prolog}<project xmlns="${NS}" id="p1" name="t"><decodedData><modelType type="Chat"><model type="Chat" id="chat-1"><field name="Source" type="String"><value type="String">WhatsApp</value></field><multiModelField name="Participants" type="Party">${party('Participants', '447700900100@s.whatsapp.net', true)}</multiModelField><multiModelField name="Messages" type="InstantMessage">${chatBody}</multiModelField></model></modelType></decodedData></project>`;

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const bodies = (drafts: Array<{ kind: string }>) =>
  drafts.filter((d): d is DraftMessage => d.kind === 'message').map((m) => m.body);

describe('cellebrite-ufdr: hostile report.xml', () => {
  it('DOCTYPE with external and expanding entities: ignored, nothing fetched or expanded, warned', async () => {
    const p = file(
      'doctype.xml',
      report(
        message('m1', '&xxe;&lol9;') + message('m2', 'plain'),
        '<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;&lol;">]>',
      ),
    );
    const run = await runParser(cellebriteUfdrParser, p);
    expect(bodies(run.drafts)).toEqual(['&xxe;&lol9;', 'plain']);
    const m1 = run.drafts.find((d) => d.locator === 'model[@id="m1"]') as DraftMessage;
    expect(m1.flags).toEqual(['xml-entity-unexpanded']);
    expect(run.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^XML_UNSAFE @ \(document\): DOCTYPE ignored/),
        'XML_UNSAFE @ model[@id="m1"]: an entity reference was left unexpanded (entities declared in a DOCTYPE are never expanded)',
      ]),
    );
  });

  it('a 100 MB message body: FIELD_TOO_LARGE for that message, kept truncated and flagged, the rest read', async () => {
    const p = join(dir, 'huge.xml');
    const out = createWriteStream(p);
    const [head, tail] = report(`${message('m1', 'before')}@@@${message('m3', 'after')}`).split(
      '@@@',
    );
    out.write(head);
    out.write(
      '<model type="InstantMessage" id="m2"><field name="Body" type="String"><value type="String">',
    );
    const mb = 'B'.repeat(1 << 20);
    for (let i = 0; i < 100; i++) if (!out.write(mb)) await once(out, 'drain');
    out.write(
      '</value></field><field name="TimeStamp" type="TimeStamp"><value type="TimeStamp">2024-03-01T10:00:00+00:00</value></field></model>',
    );
    out.end(tail);
    await once(out, 'finish');
    const run = await runParser(cellebriteUfdrParser, p);
    const msgs = run.drafts.filter((d): d is DraftMessage => d.kind === 'message');
    expect(msgs.map((m) => m.locator)).toEqual([
      'model[@id="m1"]',
      'model[@id="m2"]',
      'model[@id="m3"]',
    ]);
    expect(msgs[1]!.body).toHaveLength(64 << 10);
    expect(msgs[1]!.flags).toEqual(['field-truncated']);
    expect(msgs[0]!.body).toBe('before');
    expect(msgs[2]!.body).toBe('after');
    expect(run.warnings).toContain(
      `FIELD_TOO_LARGE @ model[@id="m2"]: text of ${100 << 20} characters (limit ${16 << 20}); kept the first ${64 << 10}`,
    );
  }, 60_000);

  it('10,000 levels of nesting in one message: XML_LIMIT for that record, which is not used; the rest read', async () => {
    const deep = `<model type="InstantMessage" id="deep"><field name="Body" type="String">${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</field></model>`;
    const p = file('deep.xml', report(message('m1', 'one') + deep + message('m2', 'two')));
    const t0 = Date.now();
    const run = await runParser(cellebriteUfdrParser, p);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(bodies(run.drafts)).toEqual(['one', 'two']);
    expect(run.warnings).toContain(
      'XML_LIMIT @ model[@id="deep"]: elements nested deeper than 256 levels inside the record were not read',
    );
  });

  it('budgets come from options: a smaller field limit applies per record', async () => {
    const parser = createCellebriteUfdrParser({
      xml: { maxFieldChars: 1000, keepChars: 5, chunkChars: 256 },
    });
    const run = await runParser(
      parser,
      file('small.xml', report(message('m1', 'x'.repeat(5000)) + message('m2', 'fine'))),
    );
    expect(bodies(run.drafts)).toEqual(['xxxxx', 'fine']);
    expect(run.warnings.some((w) => w.startsWith('FIELD_TOO_LARGE @ model[@id="m1"]'))).toBe(true);
  });

  it('a repeated model id keeps both records under distinct locators and is warned', async () => {
    const run = await runParser(
      cellebriteUfdrParser,
      file('dup.xml', report(message('m1', 'a') + message('m1', 'b'))),
    );
    const locs = run.drafts.filter((d) => d.kind === 'message').map((d) => d.locator);
    expect(locs).toEqual(['model[@id="m1"]', 'model[@id="chat-1"]/message[2]']);
    expect(run.warnings.some((w) => w.includes('model id m1 occurs more than once'))).toBe(true);
  });

  it('a truncated report keeps what was read and fails with PARSE_ERROR naming file and record', async () => {
    const full = report(message('m1', 'kept') + message('m2', 'cut off'));
    const p = file('truncated.xml', full.slice(0, full.indexOf('cut off') + 3));
    let err: unknown;
    const drafts: unknown[] = [];
    try {
      await runParser(cellebriteUfdrParser, p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCodes.PARSE_ERROR);
    expect((err as AppError).details.file).toBe('truncated.xml');
    expect((err as AppError).details.record).toBe('project/decodedData/modelType');
    void drafts;
  });

  it("an extracted file whose content differs from the report's SHA-256 is flagged hash-mismatch", async () => {
    const { buildZip } = await import('../../../testkit/zip-builder.js');
    const { writeUfdrReport } = await import('../../../generator/writers/cellebrite-ufdr.js');
    const { MemorySink } = await import('../../../generator/writers/xml-sink.js');
    const { sampleDevice } = await import('../../../testkit/sample-device.js');
    const sink = new MemorySink();
    const { files } = writeUfdrReport(sink, sampleDevice());
    const p = join(dir, 'tampered.ufdr');
    writeFileSync(
      p,
      buildZip([
        { name: 'report.xml', data: sink.toBuffer() },
        ...files.map((f, i) => ({
          name: f.zipPath,
          data: i === 0 ? Buffer.from('altered') : f.data,
          method: 0 as const,
        })),
      ]),
    );
    const run = await runParser(cellebriteUfdrParser, p);
    const flagged = run.drafts.filter(
      (d) => d.kind === 'media' && d.flags?.includes('hash-mismatch'),
    );
    expect(flagged.map((d) => (d as { filename: string }).filename)).toEqual([
      'IMG-20240301-WA0001.jpg',
      'IMG-20240301-WA0001.jpg',
    ]);
    expect(run.warnings.filter((w) => w.startsWith('HASH_MISMATCH @ '))).toHaveLength(2);
  });

  it('a zip named .ufdr without report.xml fails with UNSUPPORTED_FORMAT', async () => {
    const { buildZip } = await import('../../../testkit/zip-builder.js');
    const p = join(dir, 'empty.ufdr');
    writeFileSync(p, buildZip([{ name: 'files/Image/a.jpg', data: 'x' }]));
    await expect(runParser(cellebriteUfdrParser, p)).rejects.toMatchObject({
      code: ErrorCodes.UNSUPPORTED_FORMAT,
    });
  });
});

describe('cellebrite-ufdr: timestamps', () => {
  it.each([
    [
      '2021-05-21T02:38:43.123+00:00',
      '2021-05-21T02:38:43.123+00:00',
      Date.UTC(2021, 4, 21, 2, 38, 43, 123),
      'explicit',
    ],
    [
      '2021-05-21T02:38:43.123',
      '2021-05-21T02:38:43.123',
      Date.UTC(2021, 4, 21, 2, 38, 43, 123),
      'unknown',
    ],
    [
      '2021-05-21T04:38:43+02:00',
      '2021-05-21T04:38:43+02:00',
      Date.UTC(2021, 4, 21, 2, 38, 43),
      'explicit',
    ],
    [
      '21-May-21 02:38:43 +00:00',
      '2021-05-21T02:38:43+00:00',
      Date.UTC(2021, 4, 21, 2, 38, 43),
      'explicit',
    ],
    [
      '21-May-21 02:38:43  -03:00',
      '2021-05-21T02:38:43-03:00',
      Date.UTC(2021, 4, 21, 5, 38, 43),
      'explicit',
    ],
    [
      '21/05/2021 14:38:43 +01:00',
      '2021-05-21T14:38:43+01:00',
      Date.UTC(2021, 4, 21, 13, 38, 43),
      'explicit',
    ],
    [
      '14/09/2016 16:49:42(UTC-3)',
      '2016-09-14T16:49:42-03:00',
      Date.UTC(2016, 8, 14, 19, 49, 42),
      'explicit',
    ],
    [
      '21/05/2021 02:38:43 PM +00:00',
      '2021-05-21T14:38:43+00:00',
      Date.UTC(2021, 4, 21, 14, 38, 43),
      'explicit',
    ],
    ['01-Jan-99 00:00:00 Z', '1999-01-01T00:00:00Z', Date.UTC(1999, 0, 1), 'utc'],
  ])('%s', (text, iso, ms, zone) => {
    expect(ufdrTimeToIso(text)).toBe(iso);
    const d = decodeIsoTime(ufdrTimeToIso(text)!);
    expect(d.ms).toBe(ms);
    expect(d.zone).toBe(zone);
  });

  it.each([
    '',
    'yesterday',
    '31/02/2021 10:00:00 +00:00',
    '2021-13-01T00:00:00Z',
    '21-Foo-21 02:38:43 +00:00',
  ])('rejects %j', (t) => expect(ufdrTimeToIso(t)).toBeNull());

  it('reads TimeSpan durations', () => {
    expect(timeSpanSeconds('01:02:05')).toBe(3725);
    expect(timeSpanSeconds('00:00:07.1234567')).toBe(7);
    expect(timeSpanSeconds('1.00:00:01')).toBe(86401);
    expect(timeSpanSeconds('42')).toBe(42);
    expect(timeSpanSeconds('x')).toBeNull();
  });

  it('an unreadable time is kept raw and the message still read', async () => {
    const run = await runParser(
      cellebriteUfdrParser,
      file('badtime.xml', report(message('m1', 'hi', 'sometime last week'))),
    );
    const m = run.drafts.find((d) => d.kind === 'message') as DraftMessage;
    expect(m.sentAt).toEqual({ value: 'sometime last week', encoding: 'iso' });
    expect(m.raw?.TimeStamp).toBe('sometime last week');
  });
});

describe('cellebrite-ufdr: properties', () => {
  const xmlText = fc
    .string({ maxLength: 60 })
    .map((s) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')));

  it('any field values: every message is read (body exact), within a time bound', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            body: xmlText,
            time: fc.oneof(xmlText, fc.constant('2024-01-02T03:04:05Z')),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        async (msgs) => {
          const p = file(
            `prop-${n++}.xml`,
            report(msgs.map((m, i) => message(`m${i}`, m.body, m.time)).join('')),
          );
          const t0 = Date.now();
          const run = await runParser(cellebriteUfdrParser, p);
          expect(Date.now() - t0).toBeLessThan(2000);
          expect(countKinds(run.drafts).message).toBe(msgs.length);
          const want = msgs.map((m) => (m.body.length ? m.body : null));
          const got = bodies(run.drafts).map((b) => b?.replace(/\r\n?/g, '\n') ?? null);
          expect(got).toEqual(
            want.map((b) =>
              b === null
                ? null
                : b
                    .replace(/&lt;/g, '<')
                    .replace(/&gt;/g, '>')
                    .replace(/&amp;/g, '&')
                    .replace(/\r\n?/g, '\n')
                    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd'),
            ),
          );
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });

  it('arbitrary text spliced into a report: parses or raises an AppError, quickly', async () => {
    const base = report(message('m1', 'one') + message('m2', 'two'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: base.length }),
        fc.string({ maxLength: 40 }),
        async (at, junk) => {
          const p = file(`splice-${n++}.xml`, base.slice(0, at) + junk + base.slice(at));
          const t0 = Date.now();
          try {
            await runParser(cellebriteUfdrParser, p);
          } catch (e) {
            expect(e).toBeInstanceOf(AppError);
          }
          expect(Date.now() - t0).toBeLessThan(2000);
        },
      ),
      { numRuns: 150, seed: 5 },
    );
  });
});
