// Android telephony.db siminfo: the current schema (IMSI column, two SIMs seen), the older schema
// (card_id, no IMSI), hostile and arbitrary inputs, the runner end to end, and the device writer.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { androidSimParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { describeParserProperties } from '../../../testkit/parser-properties.js';
import { runParser } from '../../../testkit/run-parser.js';
import { arbRow, bindable, freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';
import {
  SIMINFO_SQL,
  TELEPHONY_PATH,
  androidSimWriter,
  writeAndroidTelephony,
  type SimRow,
} from '../../../generator/writers/android-sim.js';
import { androidDevice } from '../../../testkit/android-device.js';
import type { DraftDeviceInfo } from '../../../model/entities.js';
import { AppError } from '../../../model/errors.js';

const SIMS: SimRow[] = [
  {
    id: 1,
    iccId: '8944110068162711902',
    slot: 0,
    displayName: 'Work',
    carrierName: 'EE',
    number: '+447700900100',
    mcc: '234',
    mnc: '30',
    isoCountryCode: 'gb',
    imsi: '234301234567890',
  },
  // a SIM seen earlier and removed: no number, no slot
  { id: 2, iccId: '8944200012345678901F', slot: -1, carrierName: 'Lyca', imsi: '23426987654321' },
];

function build(dir: string): string {
  const p = join(dir, 'telephony.db');
  writeAndroidTelephony(p, SIMS);
  return p;
}

describeParserContract(androidSimParser, [
  {
    name: 'telephony.db, current schema, two SIMs',
    build,
    expect: { 'device-info': 2 },
    check(drafts) {
      const [a, b] = drafts as DraftDeviceInfo[];
      expect(a!.identifiers).toEqual([
        { value: '+447700900100', hint: 'phone', role: 'owner' },
        { value: '8944110068162711902', hint: 'iccid', role: 'iccid' },
        { value: '234301234567890', hint: 'imsi', role: 'imsi' },
      ]);
      expect(a!.facts).toEqual({
        'siminfo1.slot': '0',
        'siminfo1.displayName': 'Work',
        'siminfo1.carrier': 'EE',
        'siminfo1.mcc': '234',
        'siminfo1.mnc': '30',
        'siminfo1.country': 'gb',
      });
      expect(b!.locator).toBe('siminfo:2');
      expect(b!.identifiers).toEqual([
        { value: '8944200012345678901F', hint: 'iccid', role: 'iccid' },
        { value: '23426987654321', hint: 'imsi', role: 'imsi' },
      ]);
    },
  },
  {
    name: 'telephony.db, older schema (card_id, no imsi column)',
    build(dir) {
      const p = join(dir, 'telephony.db');
      const db = freshDb(p);
      db.exec(
        'CREATE TABLE siminfo(_id INTEGER PRIMARY KEY AUTOINCREMENT, icc_id TEXT NOT NULL, sim_id INTEGER DEFAULT -1, display_name TEXT, carrier_name TEXT, number TEXT, mcc INTEGER DEFAULT 0, mnc INTEGER DEFAULT 0, card_id INTEGER NOT NULL DEFAULT -1)',
      );
      db.prepare(
        'INSERT INTO siminfo(icc_id, sim_id, display_name, carrier_name, number, mcc, mnc, card_id) VALUES (?,?,?,?,?,?,?,?)',
      ).run('89441000301234567890', 0, 'O2 - UK', 'O2 - UK', '07700900111', 234, 10, 0);
      db.close();
      return p;
    },
    expect: { 'device-info': 1 },
    check(drafts) {
      const d = drafts[0] as DraftDeviceInfo;
      expect(d.identifiers).toEqual([
        { value: '07700900111', hint: 'phone', role: 'owner' },
        { value: '89441000301234567890', hint: 'iccid', role: 'iccid' },
      ]);
      expect(d.facts).toMatchObject({ 'siminfo1.mcc': '234', 'siminfo1.mnc': '10' });
    },
  },
]);

describeParserProperties(androidSimParser, {
  fileName: 'telephony.db',
  seed: () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sim-seed-'));
    try {
      return readFileSync(build(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  runs: 30,
});

describe('android-sim on arbitrary cell values', () => {
  const COLS = ['icc_id', 'number', 'imsi', 'card_id', 'sim_id', 'mcc', 'mcc_string'];
  it('emits one record per row or raises a typed error, within 5 s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbRow(COLS), { minLength: 1, maxLength: 4 }), async (rows) => {
        const run = await parsesOrAppError(androidSimParser, (dir) => {
          const p = join(dir, 'telephony.db');
          const db = freshDb(p);
          db.exec(SIMINFO_SQL.replace(/ NOT NULL/g, ''));
          const ins = db.prepare(
            `INSERT INTO siminfo(${COLS.join(', ')}) VALUES (${COLS.map(() => '?').join(', ')})`,
          );
          for (const r of rows) ins.run(...COLS.map((c) => bindable(r[c])));
          db.close();
          return p;
        });
        expect(run).not.toBeNull();
        expect(run!.drafts).toHaveLength(rows.length);
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});

describe('android-sim hostile input', () => {
  it('a truncated telephony.db raises SQLITE_CORRUPT naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sim-trunc-'));
    try {
      const full = build(dir);
      mkdirSync(join(dir, 'cut'));
      const cut = join(dir, 'cut', 'telephony.db');
      writeFileSync(cut, readFileSync(full).subarray(0, 4096 + 100));
      const err = await runParser(androidSimParser, cut).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('SQLITE_CORRUPT');
      expect((err as AppError).details.file).toContain('telephony.db');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('values that are not an ICCID or IMSI are kept raw and flagged, not made identifiers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sim-bad-'));
    try {
      const p = join(dir, 'telephony.db');
      writeAndroidTelephony(p, [{ id: 1, iccId: 'not-an-iccid', slot: 0, imsi: '12ab' }]);
      const run = await runParser(androidSimParser, p);
      const d = run.drafts[0] as DraftDeviceInfo;
      expect(d.identifiers).toEqual([]);
      expect(d.flags).toEqual(['icc-id-not-an-iccid', 'imsi-not-an-imsi']);
      expect(d.raw).toMatchObject({ icc_id: 'not-an-iccid', imsi: '12ab' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('android-sim end to end and the device writer', () => {
  it('auto-detects telephony.db; the SIM becomes the device owner identifiers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sim-e2e-'));
    try {
      const root = join(dir, 'extraction');
      const out = await androidSimWriter.write(root, androidDevice());
      expect(out).toEqual({
        files: [TELEPHONY_PATH],
        counts: { 'device-info': 1 },
        written: {
          owner: ['phone:+447700900100', 'imsi:234150123456789', 'iccid:8944110068162711902'],
        },
      });
      const e2e = await ingestTwice([root]);
      const src = e2e.result.sources.find((s) => s.path.endsWith('telephony.db'))!;
      expect(src.status).toBe('parsed');
      expect(src.parser).toBe('android-sim@1.0.0');
      expect(src.counts).toEqual({ 'device-info': 1 });
      expect(e2e.rows.device_identifiers!.map((r) => [r.key, r.role])).toEqual([
        ['phone:+447700900100', 'owner'],
        ['iccid:8944110068162711902', 'iccid'],
        ['imsi:234150123456789', 'imsi'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
