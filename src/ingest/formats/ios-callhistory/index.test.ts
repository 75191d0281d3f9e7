// iOS CallHistory.storedata: generated Core Data stores (phone, FaceTime audio and video, a
// CallKit app, a group FaceTime call, text and BLOB addresses, a deleted and a WAL-only call), the
// legacy call_history.db, properties on arbitrary cells, and an end-to-end ingest.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { iosCallHistoryParser } from './index.js';
import { describeParserContract } from '../../../testkit/parser-contract.js';
import { runParser } from '../../../testkit/run-parser.js';
import { arbRow, bindable, freshDb, parsesOrAppError } from '../../../testkit/sqlite-property.js';
import { ingestTwice } from '../../../testkit/ingest-twice.js';
import {
  CALLTYPE,
  writeIosCallHistory,
  type IosCallHistoryData,
} from '../../../generator/writers/ios-callhistory.js';
import { cocoaSecondsReal } from '../../../generator/writers/apple-values.js';
import type { Draft, DraftCall } from '../../../model/entities.js';
import { decodeTime } from '../../../model/timestamps.js';

const T0 = Date.UTC(2024, 6, 1, 20, 15, 30, 250);

function data(): IosCallHistoryData {
  return {
    seed: 'C1',
    records: [
      {
        pk: 1,
        dateMs: T0,
        durationS: 65.5,
        originated: 1,
        answered: 1,
        callType: CALLTYPE.phone,
        serviceProvider: 'com.apple.Telephony',
        address: '07700 900101',
        name: 'Jay',
      },
      {
        pk: 2,
        dateMs: T0 + 60_000,
        durationS: 0,
        originated: 0,
        answered: 0,
        callType: CALLTYPE.phone,
        serviceProvider: 'com.apple.Telephony',
        address: '+447700900102',
      },
      {
        pk: 3,
        dateMs: T0 + 120_000,
        durationS: 300,
        originated: 0,
        answered: 1,
        callType: CALLTYPE.faceTimeVideo,
        serviceProvider: 'com.apple.FaceTime',
        address: 'jay@example.org',
      },
      {
        pk: 4,
        dateMs: T0 + 180_000,
        durationS: 12,
        originated: 1,
        answered: 1,
        callType: CALLTYPE.faceTimeAudio,
        serviceProvider: 'com.apple.FaceTime',
        address: '+447700900101',
        addressAsText: true,
      },
      {
        pk: 5,
        dateMs: T0 + 240_000,
        durationS: 42,
        originated: 0,
        answered: 1,
        callType: CALLTYPE.thirdParty,
        serviceProvider: 'net.whatsapp.WhatsApp',
        address: '+447700900103',
      },
      {
        pk: 6,
        dateMs: T0 + 300_000,
        durationS: 600,
        originated: 1,
        answered: 1,
        callType: CALLTYPE.faceTimeVideo,
        serviceProvider: 'com.apple.FaceTime',
        address: null,
        groupHandles: ['+447700900101', 'mo@example.org'],
      },
      {
        pk: 7,
        dateMs: T0 + 360_000,
        durationS: 0,
        originated: 1,
        answered: 0,
        callType: CALLTYPE.phone,
        serviceProvider: 'com.apple.Telephony',
        address: '+447700900104',
      },
    ],
    deleted: [
      {
        pk: 8,
        dateMs: T0 + 420_000,
        durationS: 5,
        originated: 1,
        answered: 1,
        callType: CALLTYPE.phone,
        serviceProvider: 'com.apple.Telephony',
        address: '+447700900105',
      },
    ],
    walOnly: [
      {
        pk: 9,
        dateMs: T0 + 480_000,
        durationS: 7,
        originated: 0,
        answered: 1,
        callType: CALLTYPE.phone,
        serviceProvider: 'com.apple.Telephony',
        address: '+447700900106',
      },
    ],
  };
}

function build(dir: string): string {
  const p = join(dir, 'CallHistory.storedata');
  writeIosCallHistory(p, data());
  return p;
}

const calls = (d: Draft[]) => d.filter((x): x is DraftCall => x.kind === 'call');
const byLoc = (d: Draft[], pk: number) => calls(d).find((c) => c.locator === `ZCALLRECORD:${pk}`)!;

describeParserContract(iosCallHistoryParser, [
  {
    name: 'generated CallHistory.storedata',
    build,
    expect: { call: 8 },
    check(drafts) {
      const c1 = byLoc(drafts, 1);
      expect(c1.app).toBe('phone');
      expect(c1.direction).toBe('outgoing');
      expect(c1.status).toBe('answered');
      expect(c1.durationS).toBe(65.5);
      expect(c1.caller).toBe('owner');
      expect(c1.callees).toEqual([{ value: '07700 900101', hint: 'phone', name: 'Jay' }]);
      expect(c1.startedAt).toEqual({ value: cocoaSecondsReal(T0), encoding: 'cocoa-s' });
      expect(decodeTime(c1.startedAt!.value, 'cocoa-s').ms).toBe(T0);
      expect(c1.raw?.ZADDRESS).toBeInstanceOf(Uint8Array);

      const c2 = byLoc(drafts, 2);
      expect(c2.direction).toBe('incoming');
      expect(c2.status).toBe('missed');
      expect(c2.caller).toEqual({ value: '+447700900102', hint: 'phone' });
      expect(c2.callees).toEqual(['owner']);

      const c3 = byLoc(drafts, 3);
      expect(c3.app).toBe('facetime');
      expect(c3.video).toBe(true);
      expect(c3.caller).toEqual({ value: 'jay@example.org', hint: 'auto' });

      const c4 = byLoc(drafts, 4);
      expect(c4.app).toBe('facetime');
      expect(c4.video).toBe(false);
      expect(c4.raw?.ZADDRESS).toBeUndefined();
      expect(c4.callees).toEqual([{ value: '+447700900101', hint: 'auto' }]);

      expect(byLoc(drafts, 5).app).toBe('whatsapp');
      const c6 = byLoc(drafts, 6);
      expect(c6.callees).toEqual([
        { value: '+447700900101', hint: 'auto' },
        { value: 'mo@example.org', hint: 'auto' },
      ]);
      expect(c6.flags).toBeUndefined();
      expect(byLoc(drafts, 7).status).toBe('unknown');
      expect(calls(drafts).some((c) => c.locator === 'ZCALLRECORD:8')).toBe(false);
      expect(byLoc(drafts, 9).recovery).toBe('wal-only');
      expect(calls(drafts).filter((c) => c.recovery === 'wal-only')).toHaveLength(1);
    },
  },
]);

describe('ios-callhistory', () => {
  it('records the gap a deleted call leaves below Z_MAX', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-ch-'));
    try {
      const run = await runParser(iosCallHistoryParser, build(dir));
      expect(run.warnings).toEqual([
        'DELETED_RECORD @ ZCALLRECORD: 1 call records with Z_PK 1..9 are absent (deleted by the user, or pruned by iOS)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the pre-iOS 8 call_history.db', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-ch-'));
    try {
      const p = join(dir, 'call_history.db');
      const db = freshDb(p);
      db.exec(
        'CREATE TABLE call (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT, date INTEGER, duration INTEGER, flags INTEGER, id INTEGER, name TEXT, country_code TEXT, network_code TEXT, read INTEGER, assisted INTEGER, face_time_data BLOB, originalAddress TEXT)',
      );
      db.prepare(
        'INSERT INTO call (address, date, duration, flags, id, read) VALUES (?,?,?,?,?,1)',
      ).run('07700900101', 1_300_000_000, 61, 5, -1);
      db.prepare(
        'INSERT INTO call (address, date, duration, flags, id, read) VALUES (?,?,?,?,?,1)',
      ).run('07700900102', 1_300_000_100, 0, 4, -1);
      db.prepare(
        'INSERT INTO call (address, date, duration, flags, id, read) VALUES (?,?,?,?,?,1)',
      ).run('a@example.org', 1_300_000_200, 30, 16, -1);
      db.close();
      const run = await runParser(iosCallHistoryParser, p);
      expect(run.bid).toBe(70);
      const cs = calls(run.drafts);
      expect(cs.map((c) => [c.direction, c.app, c.status, c.durationS])).toEqual([
        ['outgoing', 'phone', 'answered', 61],
        ['incoming', 'phone', 'missed', 0],
        ['incoming', 'facetime', 'answered', 30],
      ]);
      expect(cs[0]!.startedAt).toEqual({ value: 1_300_000_000n, encoding: 'unix-s' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('property: arbitrary ZCALLRECORD cells parse or raise AppError within the bound', async () => {
    const COLS = [
      'ZDATE',
      'ZDURATION',
      'ZORIGINATED',
      'ZANSWERED',
      'ZCALLTYPE',
      'ZSERVICE_PROVIDER',
      'ZADDRESS',
      'ZNAME',
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(arbRow(COLS), { minLength: 1, maxLength: 5 }), async (rows) => {
        const run = await parsesOrAppError(iosCallHistoryParser, (dir) => {
          const p = join(dir, 'CallHistory.storedata');
          const db = freshDb(p);
          db.pragma('synchronous = OFF');
          db.exec(`CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ${COLS.map((c) => `${c}`).join(', ')});
                   CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
                   INSERT INTO Z_PRIMARYKEY VALUES (2, 'CallRecord', 0, 9);`);
          const ins = db.prepare(
            `INSERT INTO ZCALLRECORD (${COLS.join(', ')}) VALUES (${COLS.map(() => '?').join(', ')})`,
          );
          for (const r of rows) ins.run(...COLS.map((c) => bindable(r[c])));
          db.close();
          return p;
        });
        if (run) expect(calls(run.drafts)).toHaveLength(rows.length);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40), seed: Number(process.env.FUZZ_SEED ?? 12) },
    );
  }, 120_000);

  it('ingests end to end: exact rows, deterministic ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-ch-e2e-'));
    try {
      build(dir);
      const e2e = await ingestTwice([dir]);
      const s = e2e.result.sources.find((x) => x.path.endsWith('/CallHistory.storedata'))!;
      expect(s.status).toBe('parsed');
      expect(s.parser).toBe('ios-callhistory@1.0.0');
      expect(s.counts).toEqual({ calls: 8 });
      expect(s.anomalies.filter((a) => a.startsWith('DELETED_RECORD'))).toHaveLength(1);
      expect(e2e.ids.calls).toEqual(e2e.idsAgain.calls);
      const rows = e2e.rows.calls!;
      const c1 = rows.find((r) => r.locator === 'ZCALLRECORD:1')!;
      expect(c1.started_at).toBe(T0);
      expect(c1.started_enc).toBe('cocoa-s');
      expect(c1.counterpart).toBe('phone:+447700900101');
      expect(c1.duration_s).toBe(65.5);
      const c3 = rows.find((r) => r.locator === 'ZCALLRECORD:3')!;
      expect([c3.counterpart, c3.video, c3.app]).toEqual(['email:jay@example.org', 1, 'facetime']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
