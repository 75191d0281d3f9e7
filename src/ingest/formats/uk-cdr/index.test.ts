// UK operator CDRs in the three invented operator layouts: exact counts and values from the writer,
// direction relative to the target line, cells as locations, target/IMEI/IMSI as device-info, the
// target found from a title line, a column or the records, BST ambiguity flagged, bad input, fuzzing.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ukCdrParser, parseCell } from './index.js';
import { genericCsvParser } from '../generic-csv/index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { runParser, countKinds } from '../../../testkit/run-parser.js';
import { ingestAndStats } from '../../../testkit/ingest-stats.js';
import { tabularDevice, T0 } from '../../../testkit/tabular-device.js';
import {
  cdrCounts,
  cdrLayoutA,
  cdrLayoutB,
  cdrLayoutC,
  cdrRecords,
  ukCdrWriter,
} from '../../../generator/writers/uk-cdr.js';
import type {
  DraftCall,
  DraftDeviceInfo,
  DraftLocation,
  DraftMessage,
} from '../../../model/entities.js';
import { decodeTime } from '../../../model/timestamps.js';
import { parse } from 'csv-parse/sync';
import { writeXlsx } from '../../../generator/writers/xlsx-file.js';

const device = tabularDevice();
device.locations = [
  {
    id: 1,
    at: T0 + 30 * 60_000,
    lat: 51.51,
    lon: -0.13,
    origin: 'cell',
    cell: { mcc: '234', mnc: '15', lac: '1002', cid: '20777' },
  },
];
const records = cdrRecords(device);
const counts = cdrCounts(device, records);

const msOf = (t: { value: string | number | bigint; encoding: never } | null | undefined) =>
  t ? decodeTime(t.value, t.encoding).ms : null;

function file(name: string, text: string): (dir: string) => string {
  return (dir) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
}

it('the writer predicts 2 calls, 3 SMS (one deleted on the handset, still on the network), 7 locations and 3 device-info', () => {
  expect(counts).toEqual({ call: 2, message: 3, location: 7, 'device-info': 3 });
});

describeParserContract(ukCdrParser, [
  {
    name: 'operator A (title block, local split date/time, MOC/MTC)',
    build: (dir) => join(dir, ukCdrWriter.write(dir, device) && 'cdr/call-data-records.csv'),
    expect: counts,
    check(drafts) {
      const info = drafts.filter((d): d is DraftDeviceInfo => d.kind === 'device-info');
      expect(info[0]).toMatchObject({
        locator: 'cdr:target',
        identifiers: [{ value: '07700 900100', hint: 'phone', role: 'owner' }],
        facts: {
          'cdr-profile': 'uk-cdr-operator-a',
          'cdr-target-source': 'title',
          'cdr-operator': 'Operator A (invented)',
        },
      });
      expect(info.slice(1).map((i) => i.identifiers)).toEqual([
        [{ value: '490154203237518', role: 'imei' }],
        [{ value: '234150000000001', role: 'imsi' }],
      ]);
      const calls = drafts.filter((d): d is DraftCall => d.kind === 'call');
      expect(calls.map((c) => [c.direction, c.status, c.durationS])).toEqual([
        ['outgoing', 'answered', 125],
        ['incoming', 'missed', 0],
      ]);
      expect(calls[0]).toMatchObject({ caller: 'owner', callees: [{ value: '+44 7700 900101' }] });
      expect(msOf(calls[0]!.startedAt as never)).toBe(device.calls[0]!.at);
      // 01:45 local on 27 Oct 2024 happened twice: the earlier (BST) instant is taken and flagged
      expect(calls[1]!.flags).toEqual(['time-ambiguous-dst']);
      expect(msOf(calls[1]!.startedAt as never)).toBe(device.calls[1]!.at - 3_600_000);
      const sms = drafts.filter((d): d is DraftMessage => d.kind === 'message');
      expect(sms.map((m) => [m.direction, m.app, m.body, m.type])).toEqual([
        ['incoming', 'sms', null, 'cdr-sms'],
        ['outgoing', 'sms', null, 'cdr-sms'],
        ['incoming', 'sms', null, 'cdr-sms'],
      ]);
      expect(sms[2]!.sender).toEqual({ value: '07700 900 103' });
      const locs = drafts.filter((d): d is DraftLocation => d.kind === 'location');
      expect(locs.every((l) => l.origin === 'cell')).toBe(true);
      expect(locs.find((l) => l.label === 'data session')!.cell).toEqual({
        lac: '1002',
        cid: '20777',
      });
      const end = locs.find((l) => l.locator.endsWith(':end-cell'))!;
      expect(end.label).toBe('end of communication');
      expect(msOf(end.at as never)).toBe(device.calls[0]!.at + 125_000);
    },
  },
  {
    name: 'operator B (semicolons, UTC, MO/MT, CGI)',
    build: file('cdr-b.csv', cdrLayoutB(device, records)),
    expect: { ...counts, 'device-info': 3 },
    check(drafts) {
      const info = drafts.find((d): d is DraftDeviceInfo => d.kind === 'device-info')!;
      expect(info.facts!['cdr-target-source']).toBe('inferred');
      expect(info.identifiers).toEqual([{ value: '07700900100', hint: 'phone', role: 'owner' }]);
      const calls = drafts.filter((d): d is DraftCall => d.kind === 'call');
      expect(calls.map((c) => msOf(c.startedAt as never))).toEqual([
        device.calls[0]!.at,
        device.calls[1]!.at,
      ]);
      expect(calls.every((c) => !c.flags)).toBe(true);
      const loc = drafts.find(
        (d): d is DraftLocation => d.locator === `${calls[0]!.locator}:start-cell`,
      )!;
      expect(loc.cell).toEqual({ mcc: '234', mnc: '15', lac: '1001', cid: '20037' });
    },
  },
  {
    name: 'operator C (target column, Other Party, ECGI and mast position)',
    build: file('cdr-c.csv', cdrLayoutC(device, records)),
    expect: counts,
    check(drafts) {
      const info = drafts.find((d): d is DraftDeviceInfo => d.kind === 'device-info')!;
      expect(info.facts!['cdr-target-source']).toBe('column');
      const calls = drafts.filter((d): d is DraftCall => d.kind === 'call');
      expect(calls[0]).toMatchObject({ direction: 'outgoing', caller: 'owner', durationS: 125 });
      const loc = drafts.find(
        (d): d is DraftLocation => d.locator === `${calls[0]!.locator}:start-cell`,
      )!;
      expect(loc).toMatchObject({ lat: 51.51, lon: -0.13, origin: 'cell' });
      expect(loc.cell).toEqual({ mcc: '234', mnc: '15', cid: '100120037' });
      expect(loc.label).toBe('Mast 20037, azimuth 219');
    },
  },
]);

describe('uk-cdr details', () => {
  it('parses CGI, ECGI and bare cell ids, completing from LAC/MCC/MNC columns', () => {
    expect(parseCell('234-15-1001-20037', {})).toEqual({
      mcc: '234',
      mnc: '15',
      lac: '1001',
      cid: '20037',
    });
    expect(parseCell('234-10-0x1A2B3C', {})).toEqual({ mcc: '234', mnc: '10', cid: '0x1A2B3C' });
    expect(parseCell('20037', { lac: '1001', mcc: '234' })).toEqual({
      mcc: '234',
      lac: '1001',
      cid: '20037',
    });
    expect(parseCell('', {})).toBeNull();
  });

  it('outbids the generic CSV import on its own layouts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cdr-'));
    for (const [name, text] of [
      ['a.csv', cdrLayoutA(device, records)],
      ['b.csv', cdrLayoutB(device, records)],
      ['c.csv', cdrLayoutC(device, records)],
    ] as const) {
      const p = join(dir, name);
      writeFileSync(p, text);
      const cdr = await runParser(ukCdrParser, p);
      const gen = await runParser(genericCsvParser, p).catch(() => ({ bid: 0 }));
      expect(cdr.bid, name).toBe(70);
      expect(gen.bid, name).toBeLessThan(70);
    }
  });

  it('no target anywhere: directions unknown, a CSV_MAPPING warning, nothing lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cdr-'));
    const p = join(dir, 'x.csv');
    writeFileSync(
      p,
      'EVENT_TYPE;A_PARTY;B_PARTY;EVENT_START_UTC;DURATION_SECS\n' +
        'VOICE;07700900201;07700900202;2024-01-01 10:00:00;30\n' +
        'VOICE;07700900203;07700900204;2024-01-01 11:00:00;40\n',
    );
    const run = await runParser(ukCdrParser, p);
    expect(countKinds(run.drafts)).toEqual({ 'device-info': 1, call: 2 });
    expect((run.drafts[1] as DraftCall).direction).toBe('unknown');
    expect(run.warnings[0]).toMatch(/^CSV_MAPPING @ line 1: the target line is not named/);
  });

  it('unknown record types, malformed rows and data records without a cell are reported by line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cdr-'));
    const p = join(dir, 'y.csv');
    writeFileSync(
      p,
      'EVENT_TYPE;DIRECTION;A_PARTY;B_PARTY;EVENT_START_UTC;DURATION_SECS;FIRST_CGI\n' +
        'VOICE;MO;07700900100;07700900202;2024-01-01 10:00:00;30;234-15-1-2\n' +
        'TELEPORT;MO;07700900100;07700900203;2024-01-01 11:00:00;5;\n' +
        'DATA;MO;07700900100;;2024-01-01 12:00:00;600;\n' +
        'VOICE;MO;"07700900100;07700900203;2024-01-01 13:00:00;5;\n' +
        'SMS;MT;07700900204;07700900100;2024-01-01 14:00:00;0;234-15-1-3\n',
    );
    const run = await runParser(ukCdrParser, p);
    expect(countKinds(run.drafts)).toEqual({
      'device-info': 1,
      call: 2,
      message: 1,
      location: 2,
    });
    expect(run.drafts.find((d) => d.locator === 'line:3')!.flags).toEqual(['record-type-unknown']);
    expect([...run.warnings].sort()).toEqual([
      expect.stringMatching(/^CSV_MALFORMED @ line 5: quoted field opened on line 5/),
      expect.stringMatching(/^CSV_MAPPING @ line 3: record type "TELEPORT"/),
      expect.stringMatching(/^CSV_MAPPING @ line 4: data record without a cell id/),
    ]);
  });
});

describe('uk-cdr from an Excel workbook', () => {
  it('reads operator A records from an .xlsx (title rows, header below) with the same counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cdr-x-'));
    const p = join(dir, 'disclosure.xlsx');
    const rows = parse(cdrLayoutA(device, records), { relax_column_count: true }) as string[][];
    await writeXlsx(p, [
      { name: 'Notes', rows: [['Produced for the requesting force'], ['Reference', 'X/1']] },
      { name: 'CDR', rows: rows.filter((r) => r.some((c) => c !== '')), mergeTitle: 14 },
    ]);
    const run = await runParser(ukCdrParser, p);
    expect(run.bid).toBe(85);
    expect(countKinds(run.drafts)).toEqual(counts);
    const info = run.drafts.find((d): d is DraftDeviceInfo => d.kind === 'device-info')!;
    expect(info.facts!['cdr-target-source']).toBe('title');
    const calls = run.drafts.filter((d): d is DraftCall => d.kind === 'call');
    expect(calls[0]).toMatchObject({ direction: 'outgoing', caller: 'owner', durationS: 125 });
    expect(msOf(calls[0]!.startedAt as never)).toBe(device.calls[0]!.at);
    expect(
      await genericCsvParser.bid({
        ext: 'xlsx',
        isZip: true,
        isSqlite: false,
        head: Buffer.alloc(0),
      } as never),
    ).toBe(0);
  });
});

describeParserProperties(ukCdrParser, {
  fileName: 'cdr.csv',
  seed: () => Buffer.from(cdrLayoutA(device, records)),
});

describe('uk-cdr end to end', () => {
  it('ingests a CDR as a line: calls, SMS and cell locations reach stats; owner number on the device', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cdr-e2e-'));
    const dev = join(dir, 'LINE');
    mkdirSync(dev);
    const w = (await ukCdrWriter.write(dev, device)) as { counts: Record<string, number> };
    const { result, stats } = await ingestAndStats([dev]);
    expect(result.sources.map((s) => [s.status, s.parser])).toEqual([['parsed', 'uk-cdr@1.0.0']]);
    expect(stats.devices[0]!.counts).toMatchObject({
      calls: w.counts.call,
      messages: w.counts.message,
      locations: w.counts.location,
    });
    expect(result.counts['device-info']).toBe(3);
  });
});
