// Cellebrite PA / Reader exports: writer-built XLSX (title rows, multi-line Parties, Participants and
// Entries cells with roles) and CSV with exact values, a workbook written by an independent writer
// (openpyxl), hostile XLSX (inflation bomb, DOCTYPE entities, missing parts, bad references),
// property tests, and an end-to-end ingest whose counts reach stats.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { DiskFile } from '../../../evidence/disk-file.js';
import { XlsxWorkbook } from '../../../evidence/xlsx-workbook.js';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { cellebriteExportParser, parsePartyLine, cellebriteReadTime } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { runParser, countKinds } from '../../../testkit/run-parser.js';
import { ingestAndStats } from '../../../testkit/ingest-stats.js';
import { buildZip } from '../../../testkit/zip-builder.js';
import { tabularDevice } from '../../../testkit/tabular-device.js';
import {
  cellebriteExportWriter,
  cellebriteTables,
  writeCellebriteCsv,
} from '../../../generator/writers/cellebrite-export.js';
import { writeXlsx } from '../../../generator/writers/xlsx-file.js';
import { AppError, ErrorCodes } from '../../../model/errors.js';
import type {
  DraftCall,
  DraftContact,
  DraftDeviceInfo,
  DraftMessage,
  DraftThread,
} from '../../../model/entities.js';
import { decodeTime } from '../../../model/timestamps.js';

const device = tabularDevice();
const expected = cellebriteTables(device).counts;
const msOf = (t: DraftMessage['sentAt']) => (t ? decodeTime(t.value, t.encoding).ms : null);

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'tl-clb-'));
}

it('the writer predicts the parse counts', () => {
  expect(expected).toEqual({ 'device-info': 6, contact: 3, call: 3, message: 5, thread: 1 });
});

describeParserContract(cellebriteExportParser, [
  {
    name: 'Report.xlsx from the writer',
    build: async (dir) =>
      join(dir, (await cellebriteExportWriter.write(dir, device)) && 'cellebrite/Report.xlsx'),
    expect: expected,
    noFuzz:
      'byte mutations of a zip mostly break its CRCs; the hostile-XLSX tests and the property test below cover it',
    check(drafts) {
      const info = drafts.filter((d): d is DraftDeviceInfo => d.kind === 'device-info');
      expect(info.flatMap((i) => i.identifiers ?? [])).toEqual([
        { value: '490154203237518', role: 'imei' },
        { value: '234150000000001', role: 'imsi' },
        { value: '07700 900100', hint: 'phone', role: 'owner' },
      ]);
      expect(info.find((i) => i.timezone)!.timezone).toBe('Europe/London');
      const contacts = drafts.filter((d): d is DraftContact => d.kind === 'contact');
      expect(contacts[1]!.entries).toEqual([
        { value: '07700900102', hint: 'phone', label: 'Mobile' },
        { value: '07700 900112', hint: 'phone', label: 'Work' },
        { value: '447700900102@s.whatsapp.net', hint: 'whatsapp', label: 'WhatsApp' },
      ]);
      expect(contacts[2]!.deleted).toBe(true);
      expect(contacts[0]!.locator).toBe('Contacts:row:3');
      const calls = drafts.filter((d): d is DraftCall => d.kind === 'call');
      expect(calls.map((c) => [c.direction, c.status, c.durationS, c.video, c.app])).toEqual([
        ['outgoing', 'answered', 125, false, 'phone'],
        ['incoming', 'missed', 0, false, 'phone'],
        ['incoming', 'answered', 3725, true, 'whatsapp'],
      ]);
      expect(calls.map((c) => msOf(c.startedAt))).toEqual(device.calls.map((c) => c.at));
      expect(calls[1]!.caller).toEqual({ value: '07700900102', name: 'Borys' });
      const msgs = drafts.filter((d): d is DraftMessage => d.kind === 'message');
      const group = msgs.find((m) => m.app === 'whatsapp' && m.direction === 'incoming')!;
      expect(group.body).toBe('Cześć, line one\nline two, with comma\nżółć 🚗');
      expect(group.threadRef).toBe('Chats:chat:2');
      const out = msgs.find((m) => m.app === 'whatsapp' && m.direction === 'outgoing')!;
      expect(out.recipients).toEqual([
        { value: '+44 7700 900101', name: 'Alina Popescu' },
        { value: '07700900102', name: 'Borys' },
      ]);
      const thread = drafts.find((d): d is DraftThread => d.kind === 'thread')!;
      expect(thread).toMatchObject({ app: 'whatsapp', isGroup: true });
      expect(thread.participants[0]).toBe('owner');
      expect(msgs.filter((m) => m.app === 'sms').map((m) => [m.direction, m.deleted])).toEqual([
        ['incoming', false],
        ['outgoing', false],
        ['incoming', true],
      ]);
      expect(msgs.map((m) => msOf(m.sentAt))).toEqual([
        device.messages[0]!.at,
        device.messages[1]!.at,
        device.messages[4]!.at,
        device.messages[2]!.at,
        device.messages[3]!.at,
      ]);
    },
  },
  {
    name: 'Call Log.csv (Cellebrite CSV export)',
    build: (dir) => join(dir, writeCellebriteCsv(dir, device) && 'cellebrite-csv/Call Log.csv'),
    expect: { call: 3 },
    check(drafts) {
      expect((drafts[0] as DraftCall).locator).toBe('Call Log.csv:row:3');
      expect((drafts[2] as DraftCall).video).toBe(true);
    },
  },
  {
    name: 'Contacts.csv (Cellebrite CSV export)',
    build: (dir) => join(dir, writeCellebriteCsv(dir, device) && 'cellebrite-csv/Contacts.csv'),
    expect: { contact: 3 },
  },
]);

describe('cellebrite-export details', () => {
  it('reads party lines with roles, names and the owner marker', () => {
    expect(parsePartyLine('From: +44 7700 900101 Alina Popescu')).toEqual({
      role: 'from',
      party: { value: '+44 7700 900101', name: 'Alina Popescu' },
    });
    expect(parsePartyLine('To: 07700 900100 (owner)')).toEqual({ role: 'to', party: 'owner' });
    expect(parsePartyLine('447700900102@s.whatsapp.net Borys')).toEqual({
      role: null,
      party: { value: '447700900102@s.whatsapp.net', name: 'Borys' },
    });
    expect(parsePartyLine('Participant: CoopMobile')).toEqual({
      role: 'participant',
      party: { value: 'CoopMobile' },
    });
  });

  it('reads PA times with the UTC offset suffix', () => {
    expect(cellebriteReadTime('27/10/2024 01:45:00(UTC+0)', null).time).toEqual({
      value: '2024-10-27T01:45:00.000Z',
      encoding: 'iso',
    });
    expect(cellebriteReadTime('27/10/2024 01:45:00(UTC+5:30)', null).time).toEqual({
      value: '2024-10-27T01:45:00.000+05:30',
      encoding: 'iso',
    });
    expect(cellebriteReadTime('27/10/2024 01:45:00', null).flags).toEqual(['time-zone-unknown']);
  });

  it('lists sheets it does not read, and reads the rest', async () => {
    const p = join(tmp(), 'r.xlsx');
    await writeXlsx(p, [
      { name: 'Summary', rows: [['Extraction summary'], ['a', 'b']] },
      {
        name: 'Contacts',
        rows: [
          ['Contacts'],
          ['#', 'Name', 'Entries', 'Source'],
          ['1', 'X', 'Phone-Mobile: 07700900101', ''],
        ],
      },
      { name: 'Web History', rows: [['Web History'], ['#', 'URL'], ['1', 'http://example.org']] },
    ]);
    const run = await runParser(cellebriteExportParser, p);
    expect(countKinds(run.drafts)).toEqual({ contact: 1 });
    expect(run.warnings).toEqual([
      'UNSUPPORTED_FORMAT @ Summary: sheet "Summary" is not read (contacts, calls, SMS, chats and device information are)',
      'UNSUPPORTED_FORMAT @ Web History: sheet "Web History" is not read (contacts, calls, SMS, chats and device information are)',
    ]);
  });
});

function xlsxParts(sheetXml: string, extra: Array<{ name: string; data: string }> = []) {
  return [
    {
      name: '[Content_Types].xml',
      data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    {
      name: 'xl/workbook.xml',
      data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
    ...extra,
  ];
}

const row = (r: number, cells: string[]) =>
  `<row r="${r}">${cells.map((c, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;

describe('cellebrite-export: hostile XLSX', () => {
  it('an inflation bomb in a sheet stops at the zip budget with ZIP_BOMB, quickly', async () => {
    const p = join(tmp(), 'bomb.xlsx');
    const big = `<worksheet><sheetData>${row(1, ['#', 'Name', 'Entries'])}<row r="2"><c r="A2" t="inlineStr"><is><t>${'A'.repeat(12 << 20)}</t></is></c></row></sheetData></worksheet>`;
    writeFileSync(p, buildZip(xlsxParts(big)));
    const file = new DiskFile(p, 'bomb.xlsx', statSync(p).size, p);
    // the runner hands each archive a budget; here 8 MiB of inflated bytes for a ~12 KiB file
    const wb = await XlsxWorkbook.open(file, {
      budget: { maxEntries: 100, maxTotalBytes: 8 << 20, maxEntryBytes: 8 << 20, flagRatio: 1000 },
    });
    const t0 = Date.now();
    try {
      expect(
        wb.zip.entries.find((e) => e.path === 'xl/worksheets/sheet1.xml')!.anomalies,
      ).toContain('high-compression-ratio');
      const err = (await wb
        .readRows(
          wb.sheets[0]!,
          () => undefined,
          () => undefined,
        )
        .catch((e: unknown) => e)) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe(ErrorCodes.ZIP_BOMB);
      expect(err.details.record).toBe('xl/worksheets/sheet1.xml');
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      wb.close();
    }
  });

  it('a DOCTYPE with entity definitions is never expanded', async () => {
    const p = join(tmp(), 'entities.xlsx');
    const sheet = `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "${'x'.repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY ext SYSTEM "file:///etc/passwd">]><worksheet><sheetData>${row(1, ['Contacts'])}${row(2, ['#', 'Name', 'Entries'])}${row(3, ['1', '&b;&ext;', 'Phone-Mobile: 07700900101'])}${row(4, ['2', 'Plain', 'Phone-Mobile: 07700900102'])}</sheetData></worksheet>`;
    writeFileSync(p, buildZip(xlsxParts(sheet)));
    const run = await runParser(cellebriteExportParser, p).catch((e: unknown) => e);
    if (run instanceof AppError) {
      expect([ErrorCodes.XML_UNSAFE, ErrorCodes.PARSE_ERROR]).toContain(run.code);
    } else {
      const r = run as Awaited<ReturnType<typeof runParser>>;
      const names = (r.drafts as DraftContact[]).map((c) => c.name ?? '');
      expect(names.join('')).not.toContain('root:');
      expect(names.join('').length).toBeLessThan(100);
      expect(names).toContain('Plain');
    }
  });

  it('a workbook without xl/workbook.xml is a PARSE_ERROR naming the part', async () => {
    const p = join(tmp(), 'noworkbook.xlsx');
    writeFileSync(
      p,
      buildZip([
        { name: 'xl/worksheets/sheet1.xml', data: '<worksheet/>' },
        { name: 'xl/workbook.xml.bak', data: 'x' },
      ]),
    );
    const err = (await runParser(cellebriteExportParser, p).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe(ErrorCodes.PARSE_ERROR);
    expect(err.details).toMatchObject({ file: 'noworkbook.xlsx', record: 'xl/workbook.xml' });
  });

  it('a shared-string reference that does not exist is reported by sheet and row; the row is kept', async () => {
    const p = join(tmp(), 'badref.xlsx');
    const sheet = `<worksheet><sheetData>${row(1, ['Contacts'])}${row(2, ['#', 'Name', 'Entries'])}<row r="3"><c r="A3" t="inlineStr"><is><t>1</t></is></c><c r="B3" t="s"><v>99</v></c><c r="C3" t="inlineStr"><is><t>Phone-Mobile: 07700900101</t></is></c></row></sheetData></worksheet>`;
    writeFileSync(
      p,
      buildZip(
        xlsxParts(sheet, [
          { name: 'xl/sharedStrings.xml', data: '<sst><si><t>only</t></si></sst>' },
        ]),
      ),
    );
    const run = await runParser(cellebriteExportParser, p);
    expect((run.drafts[0] as DraftContact).entries).toHaveLength(1);
    expect(run.warnings).toEqual([
      'PARSE_ERROR @ Contacts!row 3: cell B3 refers to shared string "99", which does not exist',
    ]);
  });
});

const OPENPYXL = existsSync('/usr/lib/python3/dist-packages/openpyxl');
describe('cellebrite-export on a workbook written by openpyxl (an independent XLSX writer)', () => {
  it.skipIf(!OPENPYXL)(
    'reads the same table (skipped when Debian python3-openpyxl is absent)',
    async () => {
      const p = join(tmp(), 'openpyxl.xlsx');
      const script = `
import openpyxl, sys
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'SMS Messages'
ws.append(['SMS Messages'])
ws.merge_cells('A1:F1')
ws.append(['#', 'Folder', 'Timestamp: Time', 'Parties', 'Body', 'Source'])
ws.append([1, 'Inbox', '01/03/2024 12:00:00(UTC+0)', 'From: +447700900101 Alina\\nTo: 07700 900100 (owner)', 'Zażółć gęślą jaźń\\nline 2', 'Native Messages'])
ws.append([2, 'Sent', '01/03/2024 12:05:00(UTC+0)', 'From: 07700 900100 (owner)\\nTo: +447700900101 Alina', 'ok', 'Native Messages'])
ws2 = wb.create_sheet('Notes')
ws2.append(['not', 'read'])
wb.save(sys.argv[1])
`;
      const r = spawnSync('/usr/bin/python3', ['-c', script, p], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const run = await runParser(cellebriteExportParser, p);
      const msgs = run.drafts as DraftMessage[];
      expect(msgs.map((m) => [m.direction, m.body, msOf(m.sentAt)])).toEqual([
        ['incoming', 'Zażółć gęślą jaźń\nline 2', Date.UTC(2024, 2, 1, 12, 0)],
        ['outgoing', 'ok', Date.UTC(2024, 2, 1, 12, 5)],
      ]);
      expect(msgs[0]!.sender).toEqual({ value: '+447700900101', name: 'Alina' });
    },
  );
  if (!OPENPYXL)
    it('python3-openpyxl absent: the independent-writer check is skipped', () =>
      expect(OPENPYXL).toBe(false));
});

describeParserProperties(cellebriteExportParser, {
  fileName: 'Chats.csv',
  seed: () => {
    const dir = tmp();
    writeCellebriteCsv(dir, device);
    return readFileSync(join(dir, 'cellebrite-csv/Chats.csv')) as Buffer;
  },
});

describeParserProperties(cellebriteExportParser, {
  fileName: 'Report.xlsx',
  runs: 25,
  seed: async () => {
    const dir = tmp();
    await cellebriteExportWriter.write(dir, device);
    return readFileSync(join(dir, 'cellebrite/Report.xlsx')) as Buffer;
  },
});

describe('cellebrite-export end to end', () => {
  it('ingests Report.xlsx: counts reach stats, identifiers reach the device', async () => {
    const dir = tmp();
    const dev = join(dir, 'EXPORT');
    mkdirSync(dev);
    const w = (await cellebriteExportWriter.write(dev, device)) as {
      counts: Record<string, number>;
    };
    const { result, stats } = await ingestAndStats([dev]);
    expect(result.sources.map((s) => [s.status, s.parser])).toEqual([
      ['parsed', 'cellebrite-export@1.0.0'],
    ]);
    expect(stats.devices[0]!.counts).toMatchObject({
      contacts: w.counts.contact,
      calls: w.counts.call,
      messages: w.counts.message,
    });
    expect(result.counts['device-info']).toBe(6);
  });
});
