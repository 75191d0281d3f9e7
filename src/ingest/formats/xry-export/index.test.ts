// XRY text export: writer-built UTF-16LE reports with exact values, namespaces, clock flags, long SMS
// reassembled in segment order (also when out of order or incomplete), bad input, fuzzing, e2e.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { xryExportParser, xryTime } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { runParser, countKinds } from '../../../testkit/run-parser.js';
import { ingestAndStats } from '../../../testkit/ingest-stats.js';
import { tabularDevice, T0, ALINA } from '../../../testkit/tabular-device.js';
import { xryExport, xryExportWriter } from '../../../generator/writers/xry-export.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type {
  DraftCall,
  DraftContact,
  DraftDeviceInfo,
  DraftMessage,
} from '../../../model/entities.js';
import { decodeTime } from '../../../model/timestamps.js';

const LONG =
  'Słuchaj, jutro o 7 rano pod sklepem na rogu. Nie spóźnij się, bo szef będzie zły. Weź ze sobą paczkę i telefon, ten drugi. Nikomu nic nie mów, zrozumiano? Odpisz jak dostaniesz.';
const device = tabularDevice();
device.messages.push({
  id: 6,
  threadId: 1,
  at: T0 + 5 * 60_000,
  direction: 'incoming',
  from: ALINA,
  body: LONG,
  language: 'pl',
});
const out = xryExport(device);

const msOf = (t: DraftMessage['sentAt']) => (t ? decodeTime(t.value, t.encoding).ms : null);

function report(name: string): (dir: string) => string {
  return (dir) => {
    const p = join(dir, name);
    writeFileSync(p, out.files[name]!);
    return p;
  };
}

function utf16(text: string): Buffer {
  return Buffer.from('\ufeff' + text.replace(/\n/g, '\r\n'), 'utf16le');
}

function write(name: string, content: Buffer): string {
  const p = join(mkdtempSync(join(tmpdir(), 'tl-xry-')), name);
  writeFileSync(p, content);
  return p;
}

it('the writer predicts 2 calls, 4 SMS (one split in 3 segments), 2 contacts and 5 device facts', () => {
  expect(out.counts).toEqual({ call: 2, message: 4, contact: 2, 'device-info': 5 });
});

describeParserContract(xryExportParser, [
  {
    name: 'Calls.txt',
    build: report('Calls.txt'),
    expect: { call: 2 },
    check(drafts) {
      const [a, b] = drafts as DraftCall[];
      expect(a).toMatchObject({
        direction: 'outgoing',
        status: 'answered',
        durationS: 125,
        caller: 'owner',
        callees: [{ value: '+44 7700 900101', name: 'Alina Popescu' }],
      });
      expect(a!.flags).toEqual(['clock-device']);
      expect(msOf(a!.startedAt)).toBe(device.calls[0]!.at);
      // the repeated BST hour is unambiguous here: XRY writes the offset
      expect(b).toMatchObject({
        direction: 'incoming',
        status: 'missed',
        caller: { value: '07700900102', name: 'Borys' },
      });
      expect(msOf(b!.startedAt)).toBe(device.calls[1]!.at);
      expect(b!.startedAt).toEqual({ value: '2024-10-27T01:45:00.000Z', encoding: 'iso' });
    },
  },
  {
    name: 'Messages-SMS.txt',
    build: report('Messages-SMS.txt'),
    expect: { message: 4 },
    check(drafts) {
      const msgs = drafts as DraftMessage[];
      expect(msgs.map((m) => [m.direction, m.status, m.deleted])).toEqual([
        ['incoming', 'read', false],
        ['outgoing', 'sent', false],
        ['incoming', 'read', true],
        ['incoming', 'read', false],
      ]);
      expect(msgs[0]!.body).toBe('Unde ești? Vino la 10, te rog.');
      expect(msgs[0]!.flags).toEqual(['clock-network']);
      expect(msgs[1]!.body).toBe('On my way, "5 mins"');
      const long = msgs[3]!;
      expect(long.body).toBe(LONG);
      expect(long.flags).toEqual(['segments-joined', 'clock-network']);
      expect(long.locator).toBe('entity:4@line:33');
      expect(msOf(long.sentAt)).toBe(T0 + 5 * 60_000);
    },
  },
  {
    name: 'Contacts-Contacts.txt',
    build: report('Contacts-Contacts.txt'),
    expect: { contact: 2 },
    check(drafts) {
      const [a, b] = drafts as DraftContact[];
      expect(a).toMatchObject({
        name: 'Alina P',
        entries: [
          { value: '+44 7700 900101', hint: 'phone', label: 'Device' },
          { value: 'Alina@Example.org', hint: 'email', label: 'e-mail' },
        ],
      });
      expect(b!.entries.map((e) => e.value)).toEqual(['07700900102', '07700 900112']);
    },
  },
  {
    name: 'Device-General Information.txt',
    build: report('Device-General Information.txt'),
    expect: { 'device-info': 5 },
    check(drafts) {
      const info = drafts as DraftDeviceInfo[];
      expect(info.flatMap((i) => i.identifiers ?? [])).toEqual([
        { value: '490154203237518', role: 'imei' },
        { value: '234150000000001', role: 'imsi' },
        { value: '07700 900100', hint: 'phone', role: 'owner' },
      ]);
      expect(info[1]!.model).toBe('SM-G991B');
    },
  },
]);

describe('xry-export details', () => {
  it('reads XRY times with offsets, without, and with the clock suffix', () => {
    expect(xryTime('1/2/2019 1:23:45 PM (Device)', null)).toEqual({
      time: { value: '2019-01-02T13:23:45.000', encoding: 'iso' },
      flags: ['clock-device', 'time-zone-unknown'],
    });
    expect(xryTime('1/23/2019 1:23:45 PM UTC (Network)', null).time).toEqual({
      value: '2019-01-23T13:23:45.000Z',
      encoding: 'iso',
    });
    expect(xryTime('7/4/2024 9:05:00 AM UTC+5:30', null).time).toEqual({
      value: '2024-07-04T09:05:00.000+05:30',
      encoding: 'iso',
    });
    expect(xryTime('7/4/2024 9:05:00 AM', 'Europe/London').time).toEqual({
      value: '2024-07-04T09:05:00.000+01:00',
      encoding: 'iso',
    });
    expect(xryTime('yesterday', null)).toEqual({ time: null, flags: ['time-unparsed'] });
  });

  it('joins segments given out of order, and flags a missing one', async () => {
    const text =
      'XRY Export\nx\nMessages/SMS\nx\n\n' +
      'Messages-SMS #\t1\nText:\tworld\nTime:\t1/2/2019 1:00:00 PM UTC (Network)\nType:\tDeliver\nReference Number:\t7\nSegment Number:\t2\nSegments:\t3\nFrom\nTel:\t12345678\n\n' +
      'Messages-SMS #\t2\nText:\thello \nLine two: not a key\nType:\tDeliver\nReference Number:\t7\nSegment Number:\t1\nSegments:\t3\nFrom\nTel:\t12345678\n\n' +
      'Messages-SMS #\t3\nText:\tsingle\nType:\tSubmit\nTo\nTel:\t1234\n';
    const run = await runParser(xryExportParser, write('Messages-SMS.txt', utf16(text)));
    expect(countKinds(run.drafts)).toEqual({ message: 2 });
    const joined = (run.drafts as DraftMessage[]).find((m) =>
      m.flags?.includes('segments-missing'),
    )!;
    expect(joined.body).toBe('hello \nLine two: not a keyworld');
    expect(joined.sender).toEqual({ value: '12345678' });
    expect(run.warnings).toEqual([
      expect.stringMatching(
        /^PARSE_ERROR @ line 16: long SMS \(reference 7\) lacks segment\(s\) 3 of 3/,
      ),
    ]);
  });

  it('an unsupported report type is UNSUPPORTED_FORMAT naming the file and line', async () => {
    const p = write(
      'Web-Bookmarks.txt',
      utf16(
        'XRY Export\nx\nWeb/Bookmarks\nx\n\nWeb-Bookmarks #\t1\nWeb Address:\thttp://example.org\n',
      ),
    );
    expect(
      await xryExportParser.bid({
        ext: 'txt',
        head: utf16('XRY Export\nx\nWeb/Bookmarks\n'),
        isSqlite: false,
        isZip: false,
      } as never),
    ).toBe(90);
    const err = (await runParser(xryExportParser, p).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe(ErrorCodes.UNSUPPORTED_FORMAT);
    expect(err.details).toMatchObject({ file: 'Web-Bookmarks.txt', record: 'line 3' });
  });

  it('a file cut inside the header is a PARSE_ERROR; unknown keys are kept raw and warned', async () => {
    const cut = (await runParser(xryExportParser, write('c.txt', utf16('XRY Export\nx\n'))).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(cut.code).toBe(ErrorCodes.PARSE_ERROR);
    const run = await runParser(
      xryExportParser,
      write(
        'Calls.txt',
        utf16(
          'XRY Export\nx\nCalls\nx\n\nCalls #\t1\nCall Type:\tDialed\nCell Tower:\t234-15-1-2\n???\nTo\nTel:\t07700900101\n',
        ),
      ),
    );
    expect(run.drafts[0]!.raw).toMatchObject({
      'cell tower': '234-15-1-2',
      'to.tel': '07700900101',
    });
    expect(run.warnings).toEqual([
      'PARSE_ERROR @ line 8: key "Cell Tower" is not one XRY calls reports are known to use; kept as a raw value',
      'PARSE_ERROR @ line 9: line is neither a key/value pair, a From/To/Participant line nor a continuation; ignored',
    ]);
  });
});

describeParserProperties(xryExportParser, {
  fileName: 'Messages-SMS.txt',
  seed: () => out.files['Messages-SMS.txt']!,
});

describe('xry-export end to end', () => {
  it('ingests the four reports; counts reach stats and the device gets its identifiers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-xry-e2e-'));
    const dev = join(dir, 'XRY');
    mkdirSync(dev);
    const w = xryExportWriter.write(dev, device) as { counts: Record<string, number> };
    const { result, stats } = await ingestAndStats([dev]);
    expect(result.sources.map((s) => [s.status, s.parser])).toEqual(
      Array(4).fill(['parsed', 'xry-export@1.0.0']),
    );
    expect(stats.devices[0]!.counts).toMatchObject({
      calls: w.counts.call,
      messages: w.counts.message,
      contacts: w.counts.contact,
    });
    expect(result.counts['device-info']).toBe(5);
  });
});
